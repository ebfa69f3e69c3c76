package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
)

func userAddCmd(ctx context.Context, e *env, cmd string, args []string) error {
	fs := e.flags(cmd)
	account := fs.String("account", "", "the `NAME` of the user's account (dealership)")
	email := fs.String("email", "", "the user's `EMAIL`, used to log in")
	name := fs.String("name", "", "the user's name, \"First Last\"")
	role := fs.String("role", "", "admin, director, bdc_director, manager, bdc_agent or advisor")
	canImport := fs.Bool("can-import", false, "allow the user to import (directors and BDC directors only)")
	locale := fs.String("locale", "en", "the language of the user's pages: en or fr")
	pwStdin := fs.Bool("password-stdin", false, "read the password from standard input (its first line)")
	pos, err := e.parse(fs, `--account NAME --email E --name "First Last" --role ROLE [--can-import] --password-stdin`, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return usagef(cmd, "unexpected argument %q", pos[0])
	case *account == "":
		return usagef(cmd, "--account NAME is required")
	case *email == "":
		return usagef(cmd, "--email EMAIL is required")
	case *name == "":
		return usagef(cmd, "--name \"First Last\" is required")
	case *role == "":
		return usagef(cmd, "--role is required: admin, director, bdc_director, manager, bdc_agent or advisor")
	case !*pwStdin:
		return usagef(cmd, "--password-stdin is required: the password is read from standard input, so that it stays out of the shell history")
	}
	password, err := readPassword(e.stdin)
	if err != nil {
		return err
	}
	a, err := e.open(ctx)
	if err != nil {
		return err
	}
	acc, err := a.Account(ctx, *account)
	if err != nil {
		return err
	}
	u, err := a.AddUser(ctx, nil, app.NewUser{AccountID: acc.ID, Email: *email, Name: *name,
		Role: leadport.Role(*role), CanImport: *canImport, Locale: *locale, Password: password})
	if err != nil {
		return err
	}
	extra := ""
	if u.CanImport {
		extra = ", can import"
	}
	fmt.Fprintf(e.stdout, "User %s (%s, %s%s) added to %q.\n", u.Email, u.Name, u.Role.Label("en"), extra, acc.Name)
	return nil
}

// readPassword reads the first line of r, without its line end.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("read the password from standard input: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", leadport.Errorf(leadport.EINVALID, "No password on standard input: give it on the first line, e.g. printf '%%s\\n' \"$PASSWORD\" | leadport user add … --password-stdin.")
	}
	return line, nil
}

func userSetPasswordCmd(ctx context.Context, e *env, cmd string, args []string) error {
	fs := e.flags(cmd)
	as := fs.String("as", "", "act as the user with this `EMAIL`")
	email := fs.String("email", "", "the `EMAIL` of the user whose password changes")
	pwStdin := fs.Bool("password-stdin", false, "read the new password from standard input (its first line)")
	if err := e.parseFlags(fs, cmd, "--as EMAIL --email E --password-stdin", args); err != nil {
		return err
	}
	switch {
	case *as == "":
		return usagef(cmd, "--as EMAIL is required")
	case *email == "":
		return usagef(cmd, "--email EMAIL is required")
	case !*pwStdin:
		return usagef(cmd, "--password-stdin is required: the password is read from standard input, so that it stays out of the shell history")
	}
	password, err := readPassword(e.stdin)
	if err != nil {
		return err
	}
	a, actor, target, err := e.actorAndTarget(ctx, *as, *email)
	if err != nil {
		return err
	}
	u, err := a.UpdateUser(ctx, actor, target.ID, app.UserChange{Password: &password})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "The password of %s has been changed; their other sessions and their API tokens have ended.\n", u.Email)
	return nil
}

func userDeactivateCmd(ctx context.Context, e *env, cmd string, args []string) error {
	fs := e.flags(cmd)
	as := fs.String("as", "", "act as the user with this `EMAIL`")
	email := fs.String("email", "", "the `EMAIL` of the user to deactivate")
	if err := e.parseFlags(fs, cmd, "--as EMAIL --email E", args); err != nil {
		return err
	}
	switch {
	case *as == "":
		return usagef(cmd, "--as EMAIL is required")
	case *email == "":
		return usagef(cmd, "--email EMAIL is required")
	}
	a, actor, target, err := e.actorAndTarget(ctx, *as, *email)
	if err != nil {
		return err
	}
	u, err := a.DeactivateUser(ctx, actor, target.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s has been deactivated: they can no longer log in, and their sessions and API tokens have ended. What they wrote stays.\n", u.Email)
	return nil
}

// actorAndTarget opens the store and finds the user acting (--as) and the
// user acted on (--email), of the same dealership.
func (e *env) actorAndTarget(ctx context.Context, as, email string) (*app.App, *leadport.User, *leadport.User, error) {
	a, err := e.open(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	actor, err := a.User(ctx, as)
	if err != nil {
		return nil, nil, nil, err
	}
	target, err := a.Colleague(ctx, actor, email)
	if err != nil {
		return nil, nil, nil, err
	}
	return a, actor, target, nil
}
