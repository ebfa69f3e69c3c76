package main

import (
	"context"
	"fmt"
)

func tokenCreateCmd(ctx context.Context, e *env, cmd string, args []string) error {
	fs := e.flags(cmd)
	as := fs.String("as", "", "the `EMAIL` of the user the token acts as")
	name := fs.String("name", "", "a `NAME` to recognise the token by (default \"API token\")")
	if err := e.parseFlags(fs, cmd, "--as EMAIL [--name N]", args); err != nil {
		return err
	}
	a, u, err := e.actor(ctx, cmd, *as)
	if err != nil {
		return err
	}
	secret, t, err := a.CreateToken(ctx, u, *name)
	if err != nil {
		return err
	}
	// The secret alone on stdout, for scripts; the advice on stderr.
	fmt.Fprintln(e.stdout, secret)
	fmt.Fprintf(e.stderr, "API token %q created for %s. Keep it safe: it is shown only this once. Send it as: Authorization: Bearer <token>\n", t.Name, u.Email)
	return nil
}
