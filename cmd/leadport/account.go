package main

import (
	"context"
	"fmt"
)

func accountCreateCmd(ctx context.Context, e *env, cmd string, args []string) error {
	fs := e.flags(cmd)
	name := fs.String("name", "", "the dealership's `NAME`")
	pos, err := e.parse(fs, "--name NAME", args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return usagef(cmd, "unexpected argument %q (the name is given with --name)", pos[0])
	case *name == "":
		return usagef(cmd, "--name NAME is required")
	}
	a, err := e.open(ctx)
	if err != nil {
		return err
	}
	acc, err := a.CreateAccount(ctx, *name)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Account %q created. Add its users with: leadport user add --account %q …\n", acc.Name, acc.Name)
	return nil
}
