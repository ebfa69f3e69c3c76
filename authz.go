package leadport

// This file is the one place where Leadport decides who may do what. The web
// pages, the JSON API and the CLI all call these functions (through
// internal/app), so a rule changed here changes everywhere.

// CanImport reports whether u may start imports: an active director or BDC
// director with the can_import profile option (SPEC §6).
func CanImport(u *User) error {
	if !u.Active() {
		return Errorf(EFORBIDDEN, "The user %s has been deactivated.", u.Email)
	}
	if u.Role != RoleDirector && u.Role != RoleBDCDirector {
		return Errorf(EFORBIDDEN, "Only a director or a BDC director can import leads; your role is %s.", u.Role.Label("en"))
	}
	if !u.CanImport {
		return Errorf(EFORBIDDEN, "Your profile does not allow imports. Ask an administrator or a director to tick “can import” on your profile.")
	}
	return nil
}

// CanSeeImport reports whether u may see imp: anyone of the account allowed
// to import (they share the Import module), or an admin. An owner who can no
// longer import no longer sees the module, his imports included.
func CanSeeImport(u *User, imp *Import) error {
	if imp.AccountID != u.AccountID {
		return Errorf(ENOTFOUND, "Import %d does not exist.", imp.ID)
	}
	if (u.Role == RoleAdmin && u.Active()) || CanImport(u) == nil {
		return nil
	}
	return Errorf(EFORBIDDEN, "You do not have access to the Import module.")
}

// CanOpenImports reports whether u may open the Import module (the imports
// list): those who may import, and admins, who oversee the account (SPEC §6
// lets only the former import).
func CanOpenImports(u *User) error {
	if u.Role == RoleAdmin && u.Active() {
		return nil
	}
	return CanImport(u)
}

// Orphaned reports whether imp's owner can no longer import: role changed,
// can_import cleared or deactivated (SPEC §6 "Orphans"). owner is the
// import's owner as stored now.
func Orphaned(imp *Import, owner *User) bool {
	return owner != nil && owner.ID == imp.OwnerID && CanImport(owner) != nil
}

// CanManageImport reports whether u may finalize or revert imp, whose owner
// is owner: the owner while he can import; once he cannot, any director or
// BDC director of the account who can.
func CanManageImport(u *User, imp *Import, owner *User) error {
	if err := CanSeeImport(u, imp); err != nil {
		return err
	}
	if imp.OwnerID != u.ID && !Orphaned(imp, owner) {
		return Errorf(EFORBIDDEN, "Only the owner of import %d can finalize or revert it.", imp.ID)
	}
	if err := CanImport(u); err != nil {
		if imp.OwnerID == u.ID {
			return Errorf(EFORBIDDEN, "You can no longer import, so you can no longer finalize or revert import %d: a director or BDC director of your dealership who can import may.", imp.ID)
		}
		return err
	}
	return nil
}

// CanSetUpImport reports whether u may set up (and save or discard) the
// draft imp: only its owner, while he can import.
func CanSetUpImport(u *User, imp *Import) error {
	if err := CanSeeImport(u, imp); err != nil {
		return err
	}
	if err := CanImport(u); err != nil {
		return err
	}
	if imp.OwnerID != u.ID {
		return Errorf(EFORBIDDEN, "Only the owner of import %d can set it up.", imp.ID)
	}
	return nil
}

// CanReadIssues reports whether u may download imp's issue report. It holds
// the file's raw values, so while the import's leads are visible only to its
// owner, so is the report; once finalized, everyone who sees the import may.
// Of an orphaned import, those who may finalize or revert it may read it,
// and its former owner may not.
func CanReadIssues(u *User, imp *Import, owner *User) error {
	if err := CanSeeImport(u, imp); err != nil {
		return err
	}
	if imp.Finalized {
		return nil
	}
	if CanManageImport(u, imp, owner) != nil {
		return Errorf(EFORBIDDEN, "Only the owner of import %d can read its issue report until it is finalized.", imp.ID)
	}
	return nil
}

// CanManageUsers reports whether u may open the Users page, add users and
// manage others: active admins and directors (SPEC §10).
func CanManageUsers(u *User) error {
	if !u.Active() || (u.Role != RoleAdmin && u.Role != RoleDirector) {
		return Errorf(EFORBIDDEN, "Only an administrator or a director can manage users.")
	}
	return nil
}

// UserAction is something one user does to another (or to himself).
type UserAction string

// The user actions of SPEC §10.
const (
	SetName      UserAction = "name"
	SetEmail     UserAction = "email"
	SetLocale    UserAction = "locale"
	SetPassword  UserAction = "password"
	SetRole      UserAction = "role"
	SetCanImport UserAction = "can_import"
	Deactivate   UserAction = "deactivate"
)

// UserActions lists every UserAction.
var UserActions = []UserAction{SetName, SetEmail, SetLocale, SetPassword, SetRole, SetCanImport, Deactivate}

// CanChangeUser reports whether actor may do action to target (SPEC §10): an
// admin manages every user of the account; a director manages users who are
// not admins; only an admin changes anything of an admin. Everyone changes
// their own name, email, language and password, but nobody their own role
// or can_import, and nobody deactivates himself.
func CanChangeUser(actor, target *User, action UserAction) error {
	if target.AccountID != actor.AccountID {
		return Errorf(ENOTFOUND, "User %d does not exist.", target.ID)
	}
	if !actor.Active() {
		return Errorf(EFORBIDDEN, "The user %s has been deactivated.", actor.Email)
	}
	if actor.ID == target.ID {
		switch action {
		case SetRole, SetCanImport:
			return Errorf(EFORBIDDEN, "Nobody changes their own role or “can import”: ask an administrator or a director.")
		case Deactivate:
			return Errorf(EFORBIDDEN, "You cannot deactivate yourself: ask an administrator or a director.")
		}
		return nil
	}
	if err := CanManageUsers(actor); err != nil {
		return err
	}
	if target.Role == RoleAdmin && actor.Role != RoleAdmin {
		return Errorf(EFORBIDDEN, "Only an administrator can change an administrator (%s).", target.Email)
	}
	return nil
}

// CanGiveRole reports whether actor may give role to a user he manages:
// only an admin makes admins.
func CanGiveRole(actor *User, role Role) error {
	if role == RoleAdmin && actor.Role != RoleAdmin {
		return Errorf(EFORBIDDEN, "Only an administrator can give the administrator role.")
	}
	return nil
}

// CanEditLead reports whether u may change l's fields, phones, emails and
// vehicles: everyone who sees the card and works with customers. An
// administrator manages the account's users and oversees imports, but does
// not change customer data.
func CanEditLead(u *User, l *Lead) error {
	if err := CanSeeLead(u, l); err != nil {
		return err
	}
	if u.Role == RoleAdmin {
		return Errorf(EFORBIDDEN, "An administrator manages users and cannot change customer cards; ask a director, a manager or an agent.")
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
