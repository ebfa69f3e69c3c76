package sqlstore_test

import (
	"testing"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/storetest"
)

func TestSQLite(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) leadport.Store { return storetest.OpenSQLite(t) })
}

func TestPostgres(t *testing.T) {
	t.Parallel()
	storetest.OpenPostgres(t) // skips, with the reason, when no server is configured
	storetest.Run(t, func(t *testing.T) leadport.Store { return storetest.OpenPostgres(t) })
}
