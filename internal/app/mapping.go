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
	// From is the earlier import whose mapping this is, when it is one: the
	// mapping saved for this very header, or the one chosen to start from.
	From *leadport.Import
}

// ProposeMapping proposes a mapping for a file with this header and these
// first rows: the one saved last in the account for this same header
// (SPEC §3: remembered), else the suggester's.
func (a *App) ProposeMapping(ctx context.Context, actor *leadport.User, header []string, rows [][]string) (MappingProposal, error) {
	if err := leadport.CanImport(actor); err != nil {
		return MappingProposal{}, err
	}
	cols := suggest.Columns(header, rows)
	p := MappingProposal{Mapping: suggest.Keys(cols), Columns: cols}
	saved, err := a.Store.SavedMapping(ctx, actor.AccountID, header)
	switch {
	case leadport.ErrorCode(err) == leadport.ENOTFOUND:
		return p, nil
	case err != nil:
		return p, err
	case importer.CheckMapping(header, saved.Mapping) != nil:
		return p, nil // saved under rules since changed: the suggestion is better than a refusal
	}
	p.Mapping = saved.Mapping
	if imp, err := a.Store.Import(ctx, saved.ImportID); err == nil {
		p.From = imp
	} else {
		p.From = &leadport.Import{ID: saved.ImportID, CreatedAt: saved.SavedAt}
	}
	return p, nil
}

// MappingSource is an earlier import whose mapping can be a start for a
// new file.
type MappingSource struct {
	Import  *leadport.Import
	Columns int // columns of the new file it maps
}

// MappingSources lists, newest first, the account's earlier imports whose
// mapping fits a file with this header: applied by column name, it maps
// what the import needs (a name, a phone or email). Imports with the same
// header as a newer one are left out.
func (a *App) MappingSources(ctx context.Context, actor *leadport.User, header []string) ([]MappingSource, error) {
	imps, err := a.ListImports(ctx, actor)
	if err != nil {
		return nil, err
	}
	var out []MappingSource
	seen := make(map[string]bool)
	for i := len(imps) - 1; i >= 0 && len(out) < 20; i-- {
		imp := imps[i]
		sig := strings.Join(imp.Header, "\x00")
		if seen[sig] || len(imp.Header) == 0 {
			continue
		}
		seen[sig] = true
		if leadport.CanSeeImport(actor, imp) != nil {
			continue
		}
		m := translateMapping(imp.Header, imp.Mapping, header)
		if importer.CheckMapping(header, m) != nil {
			continue
		}
		n := 0
		for _, e := range m {
			if e != "" {
				n++
			}
		}
		out = append(out, MappingSource{Import: imp, Columns: n})
	}
	return out, nil
}

// MappingFrom is the mapping of an earlier import the actor can see,
// applied by column name to a file with this header.
func (a *App) MappingFrom(ctx context.Context, actor *leadport.User, header []string, rows [][]string, importID int64) (MappingProposal, error) {
	if err := leadport.CanImport(actor); err != nil {
		return MappingProposal{}, err
	}
	src, err := a.Import(ctx, actor, importID)
	if err != nil {
		return MappingProposal{}, err
	}
	cols := suggest.Columns(header, rows)
	return MappingProposal{Mapping: translateMapping(src.Header, src.Mapping, header), Columns: cols, From: src}, nil
}

// translateMapping applies a mapping made for one header to another, by
// column name: a column takes the entry of the column of the same name
// (when that name is not repeated); a phone or email keeps its type column
// when the new file has it too.
func translateMapping(fromHeader, fromMapping, header []string) []string {
	index := func(h []string) map[string]int {
		m := make(map[string]int, len(h))
		for i, name := range h {
			if _, dup := m[name]; dup {
				m[name] = -1
			} else {
				m[name] = i
			}
		}
		return m
	}
	from, to := index(fromHeader), index(header)
	out := make([]string, len(header))
	used := make(map[string]bool)
	for i, name := range header {
		j, ok := from[name]
		if !ok || j < 0 || to[name] < 0 || j >= len(fromMapping) || fromMapping[j] == "" {
			continue
		}
		key, slot, _ := leadport.ParseMappingEntry(fromMapping[j])
		if used[key] {
			continue
		}
		used[key] = true
		newSlot := -1
		if slot >= 0 && slot < len(fromHeader) {
			if k, ok := to[fromHeader[slot]]; ok && k >= 0 {
				newSlot = k
			}
		}
		out[i] = leadport.MappingEntry(key, newSlot)
	}
	return out
}

// rememberMapping saves the mapping an import was queued with, for the
// next file with the same header.
func (a *App) rememberMapping(ctx context.Context, imp *leadport.Import) {
	m := &leadport.SavedMapping{AccountID: imp.AccountID, Header: imp.Header, Mapping: imp.Mapping, ImportID: imp.ID}
	if err := a.Store.SaveMapping(ctx, m); err != nil {
		// The import is queued: a mapping not remembered costs a suggestion, not the import.
		a.Logger.Error("remember the mapping", "import", imp.ID, "err", err)
	}
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
