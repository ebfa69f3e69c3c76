package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
	"github.com/leadport/leadport/internal/importer"
	"github.com/leadport/leadport/internal/web"
)

func serveCmd(ctx context.Context, e *env, cmd string, args []string) error {
	fs := e.flags(cmd)
	addr := fs.String("addr", "127.0.0.1:8080", "the `ADDRESS` (host:port) to listen on")
	if err := e.parseFlags(fs, cmd, "[--addr 127.0.0.1:8080]", args); err != nil {
		return err
	}
	e.logLevel = slog.LevelInfo
	a, err := e.open(ctx)
	if err != nil {
		return err
	}
	return e.serve(ctx, a, *addr)
}

// serve runs the web app, the API and the background workers until ctx is
// done, then shuts down gracefully: requests under way may finish, and an
// import under way stops after its last committed batch, to resume when a
// worker next runs.
func (e *env) serve(ctx context.Context, a *app.App, addr string) error {
	cfg := web.Config{App: a, Logger: e.logger, Secure: e.getenv("LEADPORT_SECURE_COOKIES") == "1"}
	if v := e.getenv("LEADPORT_MAX_UPLOAD_MB"); v != "" {
		mb, err := strconv.ParseInt(v, 10, 64)
		if err != nil || mb <= 0 || mb > 1<<20 {
			return leadport.Errorf(leadport.EINVALID, "LEADPORT_MAX_UPLOAD_MB must be a whole number of megabytes, from 1 to 1048576, not %q.", v)
		}
		a.MaxUpload = mb << 20
	}
	h, err := web.New(cfg)
	if err != nil {
		return fmt.Errorf("build the web app: %w", err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return leadport.Errorf(leadport.EINVALID, "Leadport cannot listen on %s: %v. Is another server using that address? Choose another one with --addr.", addr, err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(e.logger.Handler(), slog.LevelWarn),
	}

	workCtx, stopWork := context.WithCancel(ctx)
	defer stopWork()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := importer.NewWorker(a.Importer).Run(workCtx, false); err != nil {
			e.logger.Error("background worker stopped", "err", err)
		}
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		a.RunHousekeeping(workCtx, housekeepingInterval)
	}()
	defer wg.Wait()

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(e.stdout, "Leadport is listening on http://%s\n", ln.Addr())

	select {
	case err := <-served:
		return fmt.Errorf("serve http: %w", err)
	case <-ctx.Done():
	}
	e.logger.Info("shutting down")
	stopWork()
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("shut down the web server: %w", err)
	}
	return nil
}
