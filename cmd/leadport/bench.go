package main

import (
	"context"

	"github.com/leadport/leadport/internal/bench"
)

// benchCmd hands its arguments to the benchmark (internal/bench), which has
// its own flags and opens its own databases.
func benchCmd(ctx context.Context, e *env, cmd string, args []string) error {
	return bench.Main(ctx, args, e.stdout, e.stderr)
}
