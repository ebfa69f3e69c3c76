package leadport

import "time"

// Account is a dealership. Every other record belongs to exactly one
// account, and nothing ever crosses accounts.
type Account struct {
	ID        int64
	Name      string
	CreatedAt time.Time
}

// Role is what a user does at the dealership; it decides what they may do.
type Role string

// The roles of SPEC §1.
const (
	RoleAdmin       Role = "admin"
	RoleDirector    Role = "director"
	RoleBDCDirector Role = "bdc_director"
	RoleManager     Role = "manager"
	RoleBDCAgent    Role = "bdc_agent"
	RoleAdvisor     Role = "advisor"
)

// Roles lists every role, most powerful first.
var Roles = []Role{RoleAdmin, RoleDirector, RoleBDCDirector, RoleManager, RoleBDCAgent, RoleAdvisor}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// Label returns the role's name for people, in English ("en") or French ("fr").
func (r Role) Label(locale string) string {
	en := map[Role]string{RoleAdmin: "Administrator", RoleDirector: "Director", RoleBDCDirector: "BDC director",
		RoleManager: "Manager", RoleBDCAgent: "BDC agent", RoleAdvisor: "Advisor"}
	fr := map[Role]string{RoleAdmin: "Administrateur", RoleDirector: "Directeur", RoleBDCDirector: "Directeur BDC",
		RoleManager: "Gérant", RoleBDCAgent: "Agent BDC", RoleAdvisor: "Conseiller"}
	if locale == "fr" {
		return fr[r]
	}
	return en[r]
}

// User is a person who logs in to one account.
type User struct {
	ID           int64
	AccountID    int64
	Email        string // stored lower-case
	Name         string
	Role         Role
	CanImport    bool   // profile option, set by an admin or a director
	Locale       string // "en" or "fr": the language of the pages
	PasswordHash string // argon2id, PHC string format
	CreatedAt    time.Time
	// DeactivatedAt is when the user was deactivated (SPEC §10); nil while
	// active. A deactivated user cannot log in or act; what they authored stays.
	DeactivatedAt *time.Time
	// SessionEpoch is copied into a session at login. A session whose copy
	// differs is over: a new password or a deactivation bumps it.
	SessionEpoch int64
}

// Active reports whether u has not been deactivated.
func (u *User) Active() bool { return u.DeactivatedAt == nil }
