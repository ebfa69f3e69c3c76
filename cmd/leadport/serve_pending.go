package main

import (
	"context"

	"github.com/leadport/leadport"
)

// Until internal/web exists, serve and demo only say so.

func serveCmd(ctx context.Context, e *env, cmd string, args []string) error {
	return leadport.Errorf(leadport.EINTERNAL, "The web app is not built into this version yet.")
}

func demoCmd(ctx context.Context, e *env, cmd string, args []string) error {
	return leadport.Errorf(leadport.EINTERNAL, "The demo is not built into this version yet.")
}
