package app

import (
	"context"
	"strings"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/importer"
	"github.com/leadport/leadport/internal/suggest"
)

// MappingProposal is the mapping proposed for a file's columns (SPEC §3
// "Mapping suggestions").
type MappingProposal struct {
	// Mapping holds one entry per column: a field key, "" for none, or
	// "key@N" for a phone or email whose slot column N names per row.
	Mapping []string
	// Columns says, per column, what the suggester made of it: the
	// candidate of a column left unmapped, the type column of a phone.
	Columns []suggest.Column
}

// ProposeMapping proposes a mapping for a file with this header and these
// first rows.
func (a *App) ProposeMapping(ctx context.Context, actor *leadport.User, header []string, rows [][]string) (MappingProposal, error) {
	if err := leadport.CanImport(actor); err != nil {
		return MappingProposal{}, err
	}
	cols := suggest.Columns(header, rows)
	return MappingProposal{Mapping: suggest.Keys(cols), Columns: cols}, nil
}

// ResolveMapping is the mapping that --map spec (or the API's "map") gives
// for a file: the proposal for "" and "auto", the proposal overridden by
// the rest for "auto,…", the list alone otherwise (importer.ParseMap).
func (a *App) ResolveMapping(ctx context.Context, actor *leadport.User, header []string, rows [][]string, spec string) (MappingProposal, error) {
	p, err := a.ProposeMapping(ctx, actor, header, rows)
	if err != nil {
		return p, err
	}
	if s := strings.TrimSpace(spec); s == "" || s == "auto" {
		return p, importer.CheckMapping(header, p.Mapping)
	}
	p.Mapping, err = importer.ParseMap(header, spec, p.Mapping)
	return p, err
}
