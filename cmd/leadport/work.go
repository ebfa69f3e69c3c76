package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/leadport/leadport/internal/importer"
)

func workCmd(ctx context.Context, e *env, cmd string, args []string) error {
	fs := e.flags(cmd)
	drain := fs.Bool("drain", false, "exit once no import is queued or interrupted, instead of waiting for more")
	if err := e.parseFlags(fs, cmd, "[--drain]", args); err != nil {
		return err
	}
	e.logLevel = slog.LevelInfo
	a, err := e.open(ctx)
	if err != nil {
		return err
	}
	w := importer.NewWorker(a.Importer)
	e.logger.Info("worker started", "worker", w.Name, "drain", *drain)
	hkCtx, stopHousekeeping := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		a.RunHousekeeping(hkCtx, housekeepingInterval)
	}()
	err = w.Run(ctx, *drain)
	stopHousekeeping()
	wg.Wait()
	if err != nil {
		return err
	}
	e.logger.Info("worker stopped", "worker", w.Name)
	return nil
}

// housekeepingInterval is how often serve and work delete old drafts,
// expired sessions and old login attempts (see app.Housekeep).
const housekeepingInterval = 10 * time.Minute
