package web

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestAbandonedRequestIsNoError: a request its client gave up on (the
// wizard drops an outdated preview request when a setting changes again)
// fails with "context canceled"; that is no server error and is not logged
// as one.
func TestAbandonedRequestIsNoError(t *testing.T) {
	var logged bytes.Buffer
	e := newEnv(t, func(c *Config) {
		c.Logger = slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelInfo}))
	})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := httptest.NewRequest(http.MethodGet, "/imports/1/preview", nil).WithContext(ctx)
	e.server.fail(httptest.NewRecorder(), r, nil, fmt.Errorf("read the file: %w", context.Canceled))
	if strings.Contains(logged.String(), "level=ERROR") {
		t.Errorf("an abandoned request was logged as an error:\n%s", logged.String())
	}
}
