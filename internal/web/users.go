package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
)

type usersPage struct {
	base
	Users []userRow
	Roles []option
	Form  newUserForm
	Error string
}

type userRow struct {
	ID        int64
	Name      string
	Email     string
	Role      string
	RoleLabel string
	Roles     []option
	CanImport bool
	Self      bool
	Inactive  bool
	// What the viewer may change of this user (SPEC §10).
	CanEdit, CanSetRole, CanDeactivate bool
}

type newUserForm struct {
	Name, Email, Role string
	CanImport         bool
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	return s.renderUsers(w, r, u, http.StatusOK, newUserForm{Role: string(leadport.RoleAdvisor)}, "")
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, u *leadport.User, status int, form newUserForm, msg string) error {
	users, err := s.app.ListUsers(r.Context(), u)
	if err != nil {
		return err
	}
	data := usersPage{base: s.base(r, u, "users"), Form: form, Error: msg}
	data.Title = data.L.T("users.title")
	roles := func(selected string) []option {
		var opts []option
		for _, role := range leadport.Roles {
			opts = append(opts, option{Value: string(role), Label: role.Label(data.Locale), Selected: string(role) == selected})
		}
		return opts
	}
	data.Roles = roles(form.Role)
	for _, x := range users {
		data.Users = append(data.Users, userRow{ID: x.ID, Name: x.Name, Email: x.Email, Role: string(x.Role),
			RoleLabel: x.Role.Label(data.Locale), Roles: roles(string(x.Role)), CanImport: x.CanImport, Self: x.ID == u.ID,
			Inactive: !x.Active(), CanEdit: leadport.CanChangeUser(u, x, leadport.SetPassword) == nil,
			CanSetRole:    leadport.CanChangeUser(u, x, leadport.SetRole) == nil,
			CanDeactivate: x.Active() && leadport.CanChangeUser(u, x, leadport.Deactivate) == nil})
	}
	return s.render(w, status, "users", &data)
}

func (s *Server) addUser(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	form := newUserForm{Name: r.PostFormValue("name"), Email: r.PostFormValue("email"), Role: r.PostFormValue("role"),
		CanImport: r.PostFormValue("can_import") != ""}
	nu, err := s.app.AddUser(r.Context(), u, app.NewUser{Email: form.Email, Name: form.Name, Role: leadport.Role(form.Role),
		CanImport: form.CanImport, Locale: r.PostFormValue("locale"), Password: r.PostFormValue("password")})
	if err != nil {
		if c := errorCode(err); c == leadport.EINVALID || c == leadport.ECONFLICT {
			return s.renderUsers(w, r, u, errorStatus(err), form, errorMessage(err, u.Locale))
		}
		return err
	}
	s.flash(r, fmt.Sprintf(loc{u.Locale}.T("users.added"), nu.Name))
	http.Redirect(w, r, "/users", http.StatusSeeOther)
	return nil
}

func (s *Server) updateUser(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	id, err := pathID(r)
	if err != nil {
		return errPageNotFound
	}
	var ch app.UserChange
	pw := r.PostFormValue("password") // parses the form
	// The page disables role and can_import where the viewer may not change
	// them (his own row, an admin's for a director): then neither is sent.
	if _, ok := r.PostForm["role"]; ok {
		role := leadport.Role(r.PostFormValue("role"))
		canImport := r.PostFormValue("can_import") != ""
		ch.Role, ch.CanImport = &role, &canImport
	}
	if pw != "" {
		ch.Password = &pw
	}
	x, err := s.app.UpdateUser(r.Context(), u, id, ch)
	if err != nil {
		if c := errorCode(err); c == leadport.EINVALID || c == leadport.ECONFLICT {
			return s.renderUsers(w, r, u, errorStatus(err), newUserForm{Role: string(leadport.RoleAdvisor)}, errorMessage(err, u.Locale))
		}
		return err
	}
	msg := "users.saved"
	if ch.Password != nil {
		msg = "users.password_ended"
		if x.ID == u.ID {
			// The other sessions are over; this one goes on, under a new token.
			if err := s.sessions.RenewToken(r.Context()); err != nil {
				return err
			}
			s.sessions.Put(r.Context(), sessEpoch, x.SessionEpoch)
		}
	}
	s.flash(r, fmt.Sprintf(loc{u.Locale}.T(msg), x.Name))
	http.Redirect(w, r, "/users", http.StatusSeeOther)
	return nil
}

func (s *Server) deactivateUser(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	id, err := pathID(r)
	if err != nil {
		return errPageNotFound
	}
	x, err := s.app.DeactivateUser(r.Context(), u, id)
	if err != nil {
		return err
	}
	s.flash(r, fmt.Sprintf(loc{u.Locale}.T("users.deactivated"), x.Name))
	http.Redirect(w, r, "/users", http.StatusSeeOther)
	return nil
}

type tokensPage struct {
	base
	Tokens []tokenRow
	Secret string // a token just created: shown once
}

type tokenRow struct {
	ID       int64
	Name     string
	Created  time.Time
	LastUsed *time.Time
}

func (s *Server) tokensPage(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	tokens, err := s.app.ListTokens(r.Context(), u)
	if err != nil {
		return err
	}
	data := tokensPage{base: s.base(r, u, "tokens"), Secret: s.sessions.PopString(r.Context(), sessSecret)}
	data.Title = data.L.T("tokens.title")
	for _, t := range tokens {
		data.Tokens = append(data.Tokens, tokenRow{ID: t.ID, Name: t.Name, Created: t.CreatedAt, LastUsed: t.LastUsedAt})
	}
	return s.render(w, http.StatusOK, "tokens", &data)
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	secret, _, err := s.app.CreateToken(r.Context(), u, strings.TrimSpace(r.PostFormValue("name")))
	if err != nil {
		return err
	}
	// Through the session, so that reloading the page does not create
	// another token, and the secret is shown once.
	s.sessions.Put(r.Context(), sessSecret, secret)
	http.Redirect(w, r, "/tokens", http.StatusSeeOther)
	return nil
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	id, err := pathID(r)
	if err != nil {
		return errPageNotFound
	}
	if err := s.app.DeleteToken(r.Context(), u, id); err != nil {
		return err
	}
	s.flash(r, loc{u.Locale}.T("tokens.revoked"))
	http.Redirect(w, r, "/tokens", http.StatusSeeOther)
	return nil
}
