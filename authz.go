package leadport

// This file is the one place where Leadport decides who may do what. The web
// pages, the JSON API and the CLI all call these functions (through
// internal/app), so a rule changed here changes everywhere.

// CanImport reports whether u may start imports: a director or BDC director
// with the can_import profile option (SPEC §6).
func CanImport(u *User) error {
	if u.Role != RoleDirector && u.Role != RoleBDCDirector {
		return Errorf(EFORBIDDEN, "Only a director or a BDC director can import leads; your role is %s.", u.Role.Label("en"))
	}
	if !u.CanImport {
		return Errorf(EFORBIDDEN, "Your profile does not allow imports. Ask an administrator or a director to tick “can import” on your profile.")
	}
	return nil
}

// CanSeeImport reports whether u may see imp: its owner, or anyone of the
// account allowed to import (they share the Import module), or an admin.
func CanSeeImport(u *User, imp *Import) error {
	if imp.AccountID != u.AccountID {
		return Errorf(ENOTFOUND, "Import %d does not exist.", imp.ID)
	}
	if imp.OwnerID == u.ID || u.Role == RoleAdmin || CanImport(u) == nil {
		return nil
	}
	return Errorf(EFORBIDDEN, "You do not have access to the Import module.")
}

// CanOpenImports reports whether u may open the Import module (the imports
// list): those who may import, and admins, who oversee the account (SPEC §6
// lets only the former import).
func CanOpenImports(u *User) error {
	if u.Role == RoleAdmin {
		return nil
	}
	return CanImport(u)
}

// CanManageImport reports whether u may finalize or revert imp: only its owner.
func CanManageImport(u *User, imp *Import) error {
	if err := CanSeeImport(u, imp); err != nil {
		return err
	}
	if imp.OwnerID != u.ID {
		return Errorf(EFORBIDDEN, "Only the owner of import %d can finalize or revert it.", imp.ID)
	}
	return nil
}

// CanReadIssues reports whether u may download imp's issue report. It holds
// the file's raw values, so while the import's leads are visible only to its
// owner, so is the report; once finalized, everyone who sees the import may.
func CanReadIssues(u *User, imp *Import) error {
	if err := CanSeeImport(u, imp); err != nil {
		return err
	}
	if imp.OwnerID != u.ID && !imp.Finalized {
		return Errorf(EFORBIDDEN, "Only the owner of import %d can read its issue report until it is finalized.", imp.ID)
	}
	return nil
}

// CanManageUsers reports whether u may add users and change roles and the
// can_import option: admins and directors (SPEC §1).
func CanManageUsers(u *User) error {
	if u.Role != RoleAdmin && u.Role != RoleDirector {
		return Errorf(EFORBIDDEN, "Only an administrator or a director can manage users.")
	}
	return nil
}

// CanSeeLead reports whether u may see l: same account, and either the lead
// is visible to the whole account or u is the owner of the unfinalized
// import that created it (SPEC §6).
func CanSeeLead(u *User, l *Lead) error {
	if l.AccountID != u.AccountID || (l.VisibleTo != 0 && l.VisibleTo != u.ID) {
		return Errorf(ENOTFOUND, "Customer card %d does not exist.", l.ID)
	}
	return nil
}
