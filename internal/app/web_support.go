package app

// What the web pages and the JSON API need beyond the CLI's operations.

import (
	"context"
	"strconv"

	"github.com/leadport/leadport"
)

// UserNames returns the names of the users of the actor's account by ID in
// decimal (the form of Lead.AdvisorID), to show who a card's advisor and BDC
// agent are. Any user may see the names of the colleagues of their account.
func (a *App) UserNames(ctx context.Context, actor *leadport.User) (map[string]string, error) {
	users, err := a.Store.ListUsers(ctx, actor.AccountID)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(users))
	for _, u := range users {
		names[strconv.FormatInt(u.ID, 10)] = u.Name
	}
	return names, nil
}

// ExportView returns leads in their exported (JSON) form, as `leads export`
// prints them, leaving out any the actor may not see.
func (a *App) ExportView(ctx context.Context, actor *leadport.User, leads []*leadport.Lead) ([]ExportedLead, error) {
	names, err := a.UserNames(ctx, actor)
	if err != nil {
		return nil, err
	}
	out := make([]ExportedLead, 0, len(leads))
	for _, l := range leads {
		if leadport.CanSeeLead(actor, l) == nil {
			out = append(out, exportLead(l, names))
		}
	}
	return out, nil
}
