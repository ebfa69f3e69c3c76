package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/leadport/leadport"
)

// Run runs the conformance suite on stores made by open, a fresh, empty
// store per call.
func Run(t *testing.T, open func(t *testing.T) leadport.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s leadport.Store)
	}{
		{"Accounts", testAccounts},
		{"Users", testUsers},
		{"Sessions", testSessions},
		{"Tokens", testTokens},
		{"ImportFile", testImportFile},
		{"ImportFileFailedUpload", testImportFileFailedUpload},
		{"ImportDraftRules", testImportDraftRules},
		{"Claim", testClaim},
		{"ClaimByID", testClaimByID},
		{"ClaimConcurrent", testClaimConcurrent},
		{"Heartbeat", testHeartbeat},
		{"FailImport", testFailImport},
		{"AllocateLeadIDs", testAllocateLeadIDs},
		{"ApplyBatch", testApplyBatch},
		{"ApplyBatchRoundTrip", testApplyBatchRoundTrip},
		{"ApplyBatchLeaseFencing", testApplyBatchLeaseFencing},
		{"ApplyBatchAtomic", testApplyBatchAtomic},
		{"ChangesetAcrossBatches", testChangesetAcrossBatches},
		{"Revert", testRevert},
		{"RevertRules", testRevertRules},
		{"RevertKeepsVisibility", testRevertKeepsVisibility},
		{"Finalize", testFinalize},
		{"Search", testSearch},
		{"SearchCountCap", testSearchCountCap},
		{"SearchPendingChanges", testSearchPendingChanges},
		{"Export", testExport},
		{"ExportInterleaved", testExportInterleaved},
		{"LeadNotesOldestFirst", testLeadNotesOldestFirst},
		{"SearchWhole", testSearchWhole},
		{"ScanMatchKeys", testScanMatchKeys},
		{"Issues", testIssues},
		{"Drafts", testDrafts},
		{"SetPassword", testSetPassword},
		{"DeactivateUser", testDeactivateUser},
		{"TouchToken", testTouchToken},
		{"LoginAttempts", testLoginAttempts},
		{"LoginAttemptsConcurrent", testLoginAttemptsConcurrent},
		{"DeleteDraftsBefore", testDeleteDraftsBefore},
		{"PendingMergeInvisible", testPendingMergeInvisible},
		{"TwoDirectors", testTwoDirectors},
		{"RevertsCommute", testRevertsCommute},
		{"FinalizeMergeRules", testFinalizeMergeRules},
		{"DependentImports", testDependentImports},
		{"SavedMappings", testSavedMappings},
		{"UpdateLead", testUpdateLead},
		{"NameWords", testNameWords},
		{"NameWordsFinalize", testNameWordsFinalize},
		{"RevertLeavesNothing", testRevertLeavesNothing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.fn(t, open(t))
		})
	}
}

var ctx = context.Background()

// wantCode fails t unless err carries the code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := leadport.ErrorCode(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func micro(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// fixture is an account with a director who may import.
type fixture struct {
	s       leadport.Store
	account *leadport.Account
	owner   *leadport.User
	other   *leadport.User // a manager of the same account
}

func newFixture(t *testing.T, s leadport.Store, name string) *fixture {
	t.Helper()
	a, err := s.CreateAccount(ctx, name)
	must(t, err)
	owner := &leadport.User{AccountID: a.ID, Email: "dir@" + name + ".ca", Name: "Dir " + name, Role: leadport.RoleDirector, CanImport: true, Locale: "fr", PasswordHash: "x"}
	must(t, s.CreateUser(ctx, owner))
	other := &leadport.User{AccountID: a.ID, Email: "mgr@" + name + ".ca", Name: "Mgr " + name, Role: leadport.RoleManager, Locale: "en", PasswordHash: "y"}
	must(t, s.CreateUser(ctx, other))
	return &fixture{s: s, account: a, owner: owner, other: other}
}

// as returns the viewer u reads leads as.
func (f *fixture) as(u *leadport.User) leadport.Viewer { return leadport.ViewerOf(u) }

// queued creates and queues an import of the fixture's owner.
func (f *fixture) queued(t *testing.T) *leadport.Import {
	t.Helper()
	imp := f.draft(t, "name,phone\nJean Côté,5145550101\n")
	imp.Type, imp.Rule, imp.Delimiter, imp.Encoding = leadport.TypeEvent, leadport.RuleMerge, ',', "utf-8"
	imp.Header, imp.Mapping, imp.Total = []string{"name", "phone"}, []string{"full_name", "phone_home"}, 1
	must(t, f.s.QueueImport(ctx, imp))
	return imp
}

func (f *fixture) draft(t *testing.T, content string) *leadport.Import {
	t.Helper()
	imp := &leadport.Import{AccountID: f.account.ID, OwnerID: f.owner.ID, FileName: "leads.csv"}
	must(t, f.s.CreateImport(ctx, imp, bytes.NewBufferString(content)))
	return imp
}

// running creates, queues and claims an import for worker.
func (f *fixture) running(t *testing.T, worker string) *leadport.Import {
	t.Helper()
	imp := f.queued(t)
	got, err := f.s.ClaimImportByID(ctx, imp.ID, worker, time.Minute)
	must(t, err)
	if got == nil {
		t.Fatalf("import %d not claimable", imp.ID)
	}
	return got
}

// lead returns a new lead of the fixture's account with IDs allocated.
func (f *fixture) lead(t *testing.T, imp *leadport.Import, first, last, phone, email string) *leadport.Lead {
	t.Helper()
	id, err := f.s.AllocateLeadIDs(ctx, 1)
	must(t, err)
	tm := micro(time.Now())
	l := &leadport.Lead{ID: id, AccountID: f.account.ID, Type: leadport.TypeEvent, FirstName: first, LastName: last,
		PhoneHome: phone, EmailHome: email, Country: "CA", NameKey: nameKey(first, last), CreatedAt: tm, UpdatedAt: tm}
	if imp != nil {
		l.ImportID, l.VisibleTo = imp.ID, imp.OwnerID
	}
	return l
}

// nameKey is a stand-in for normalize.NameKey on already folded names.
func nameKey(first, last string) string {
	if first == "" || last == "" {
		return ""
	}
	if last < first {
		first, last = last, first
	}
	return first + "|" + last
}

// seed creates leads through a finished, finalized import, so that they are
// visible to the whole account.
func (f *fixture) seed(t *testing.T, leads ...*leadport.Lead) *leadport.Import {
	t.Helper()
	imp := f.running(t, "seeder")
	for _, l := range leads {
		if l.ID == 0 {
			id, err := f.s.AllocateLeadIDs(ctx, 1)
			must(t, err)
			l.ID = id
		}
		l.AccountID, l.ImportID, l.VisibleTo = f.account.ID, imp.ID, imp.OwnerID
	}
	must(t, f.s.ApplyBatch(ctx, &leadport.Batch{ImportID: imp.ID, Worker: "seeder", Creates: leads,
		Counters: leadport.Counters{Processed: int64(len(leads)), Created: int64(len(leads))}, Finished: true}))
	must(t, f.s.FinalizeImport(ctx, imp.ID))
	for _, l := range leads {
		l.VisibleTo = 0
	}
	return imp
}

// export returns the leads the viewer sees with filter f, as ExportLeads
// streams them.
func export(t *testing.T, s leadport.Store, v leadport.Viewer, f leadport.LeadFilter) []*leadport.Lead {
	t.Helper()
	var out []*leadport.Lead
	must(t, s.ExportLeads(ctx, v, f, func(l *leadport.Lead) error {
		out = append(out, l)
		return nil
	}))
	return out
}

func ids(leads []*leadport.Lead) []int64 {
	out := []int64{}
	for _, l := range leads {
		out = append(out, l.ID)
	}
	return out
}

func testAccounts(t *testing.T, s leadport.Store) {
	a, err := s.CreateAccount(ctx, "Garage Côté")
	must(t, err)
	if a.ID == 0 || a.CreatedAt.IsZero() {
		t.Fatalf("CreateAccount = %+v, want ID and CreatedAt set", a)
	}
	_, err = s.CreateAccount(ctx, "Garage Côté")
	wantCode(t, err, leadport.ECONFLICT)

	got, err := s.AccountByID(ctx, a.ID)
	must(t, err)
	if diff := cmp.Diff(a, got); diff != "" {
		t.Errorf("AccountByID (-want +got):\n%s", diff)
	}
	got, err = s.AccountByName(ctx, "Garage Côté")
	must(t, err)
	if diff := cmp.Diff(a, got); diff != "" {
		t.Errorf("AccountByName (-want +got):\n%s", diff)
	}
	_, err = s.AccountByID(ctx, a.ID+100)
	wantCode(t, err, leadport.ENOTFOUND)
	_, err = s.AccountByName(ctx, "nope")
	wantCode(t, err, leadport.ENOTFOUND)
}

func testUsers(t *testing.T, s leadport.Store) {
	a, err := s.CreateAccount(ctx, "A")
	must(t, err)
	u := &leadport.User{AccountID: a.ID, Email: "Marie.Roy@Garage.CA", Name: "Marie Roy", Role: leadport.RoleBDCDirector,
		CanImport: true, Locale: "fr", PasswordHash: "$argon2id$..."}
	must(t, s.CreateUser(ctx, u))
	if u.ID == 0 || u.CreatedAt.IsZero() || u.Email != "marie.roy@garage.ca" {
		t.Fatalf("CreateUser set %+v, want ID, CreatedAt and a lower-case email", u)
	}
	err = s.CreateUser(ctx, &leadport.User{AccountID: a.ID, Email: "MARIE.ROY@garage.ca", Name: "X", Role: leadport.RoleAdvisor})
	wantCode(t, err, leadport.ECONFLICT)

	got, err := s.UserByEmail(ctx, "marie.ROY@garage.ca")
	must(t, err)
	if diff := cmp.Diff(u, got); diff != "" {
		t.Errorf("UserByEmail (-want +got):\n%s", diff)
	}
	u.Name, u.Role, u.CanImport, u.Locale, u.PasswordHash = "Marie Roy-Tremblay", leadport.RoleAdvisor, false, "en", "new"
	must(t, s.UpdateUser(ctx, u))
	got, err = s.UserByID(ctx, u.ID)
	must(t, err)
	if diff := cmp.Diff(u, got); diff != "" {
		t.Errorf("UserByID after UpdateUser (-want +got):\n%s", diff)
	}
	_, err = s.UserByID(ctx, u.ID+100)
	wantCode(t, err, leadport.ENOTFOUND)
	_, err = s.UserByEmail(ctx, "nobody@garage.ca")
	wantCode(t, err, leadport.ENOTFOUND)
	wantCode(t, s.UpdateUser(ctx, &leadport.User{ID: u.ID + 100, Role: leadport.RoleAdvisor}), leadport.ENOTFOUND)

	b, err := s.CreateAccount(ctx, "B")
	must(t, err)
	v := &leadport.User{AccountID: a.ID, Email: "a@garage.ca", Name: "Alain", Role: leadport.RoleAdmin}
	must(t, s.CreateUser(ctx, v))
	must(t, s.CreateUser(ctx, &leadport.User{AccountID: b.ID, Email: "b@garage.ca", Name: "Bob", Role: leadport.RoleAdmin}))
	list, err := s.ListUsers(ctx, a.ID)
	must(t, err)
	if diff := cmp.Diff([]*leadport.User{v, u}, list, cmpopts.SortSlices(func(x, y *leadport.User) bool { return x.ID < y.ID })); diff != "" {
		t.Errorf("ListUsers (-want +got):\n%s", diff)
	}
}

func testSessions(t *testing.T, s leadport.Store) {
	_, found, err := s.FindSession(ctx, "t1")
	must(t, err)
	if found {
		t.Fatal("FindSession found a session never committed")
	}
	must(t, s.CommitSession(ctx, "t1", []byte("one"), time.Now().Add(time.Hour)))
	must(t, s.CommitSession(ctx, "t1", []byte("two"), time.Now().Add(time.Hour)))
	must(t, s.CommitSession(ctx, "old", []byte("x"), time.Now().Add(-time.Second)))
	data, found, err := s.FindSession(ctx, "t1")
	must(t, err)
	if !found || string(data) != "two" {
		t.Errorf("FindSession = %q, %v; want \"two\", true", data, found)
	}
	if _, found, _ := s.FindSession(ctx, "old"); found {
		t.Error("FindSession found an expired session")
	}
	must(t, s.DeleteExpiredSessions(ctx))
	must(t, s.CommitSession(ctx, "old", []byte("back"), time.Now().Add(time.Hour)))
	if data, found, _ := s.FindSession(ctx, "old"); !found || string(data) != "back" {
		t.Errorf("FindSession(old) after re-commit = %q, %v", data, found)
	}
	must(t, s.DeleteSession(ctx, "t1"))
	if _, found, _ := s.FindSession(ctx, "t1"); found {
		t.Error("FindSession found a deleted session")
	}
}

func testTokens(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "tok")
	tok := &leadport.Token{UserID: f.owner.ID, Name: "CRM sync", Hash: "abc123"}
	must(t, s.CreateToken(ctx, tok))
	if tok.ID == 0 || tok.CreatedAt.IsZero() {
		t.Fatalf("CreateToken set %+v", tok)
	}
	wantCode(t, s.CreateToken(ctx, &leadport.Token{UserID: f.other.ID, Name: "dup", Hash: "abc123"}), leadport.ECONFLICT)
	u, err := s.UserByTokenHash(ctx, "abc123")
	must(t, err)
	must(t, s.TouchToken(ctx, "abc123", time.Now()))
	if u.ID != f.owner.ID {
		t.Errorf("UserByTokenHash = user %d, want %d", u.ID, f.owner.ID)
	}
	_, err = s.UserByTokenHash(ctx, "nope")
	wantCode(t, err, leadport.ENOTFOUND)
	list, err := s.ListTokens(ctx, f.owner.ID)
	must(t, err)
	if len(list) != 1 || list[0].LastUsedAt == nil || list[0].Hash != "abc123" || list[0].Name != "CRM sync" {
		t.Fatalf("ListTokens = %+v, want the token with LastUsedAt set", list)
	}
	wantCode(t, s.DeleteToken(ctx, f.other.ID, tok.ID), leadport.ENOTFOUND)
	must(t, s.DeleteToken(ctx, f.owner.ID, tok.ID))
	if list, _ := s.ListTokens(ctx, f.owner.ID); len(list) != 0 {
		t.Errorf("ListTokens after delete = %+v", list)
	}
}

func testImportFile(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "file")
	content := make([]byte, 3<<20+1<<19) // 3.5 MiB: three full chunks and a half
	r := rand.New(rand.NewPCG(1, 2))
	for i := range content {
		content[i] = byte(r.UintN(256))
	}
	imp := &leadport.Import{AccountID: f.account.ID, OwnerID: f.owner.ID, FileName: "big.csv", Delimiter: ';', Encoding: "windows-1252"}
	must(t, s.CreateImport(ctx, imp, bytes.NewReader(content)))
	if imp.ID == 0 || imp.Status != leadport.StatusDraft || imp.FileSize != int64(len(content)) || imp.CreatedAt.IsZero() {
		t.Fatalf("CreateImport set %+v", imp)
	}
	rc, err := s.OpenImportFile(ctx, imp.ID)
	must(t, err)
	got, err := io.ReadAll(rc)
	must(t, err)
	must(t, rc.Close())
	if !bytes.Equal(got, content) {
		t.Fatalf("OpenImportFile returned %d bytes, not the %d stored", len(got), len(content))
	}
	// An empty file round-trips too.
	empty := f.draft(t, "")
	rc, err = s.OpenImportFile(ctx, empty.ID)
	must(t, err)
	if got, _ := io.ReadAll(rc); len(got) != 0 || empty.FileSize != 0 {
		t.Errorf("empty file: read %d bytes, FileSize %d", len(got), empty.FileSize)
	}
	_, err = s.OpenImportFile(ctx, imp.ID+100)
	wantCode(t, err, leadport.ENOTFOUND)
	_, err = s.Import(ctx, imp.ID+100)
	wantCode(t, err, leadport.ENOTFOUND)

	stored, err := s.Import(ctx, imp.ID)
	must(t, err)
	want := *imp
	want.OwnerName, want.Header, want.Mapping = f.owner.Name, []string{}, []string{}
	if diff := cmp.Diff(&want, stored, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Import (-want +got):\n%s", diff)
	}
}

func testImportDraftRules(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "draft")
	d := f.draft(t, "a,b\n")
	list, err := s.ListImports(ctx, f.account.ID)
	must(t, err)
	if len(list) != 0 {
		t.Fatalf("ListImports shows %d drafts", len(list))
	}
	d.Type, d.Rule, d.Delimiter, d.Encoding, d.DateFormat = leadport.TypePhone, leadport.RuleCreate, '|', "utf-16", "dmy"
	d.Header, d.Mapping, d.Total = []string{"Nom", "Tél."}, []string{"full_name", ""}, 42
	d.Sheet = "Clients 2026" // a workbook's sheet, read again on resume
	must(t, s.QueueImport(ctx, d))
	got, err := s.Import(ctx, d.ID)
	must(t, err)
	if got.Status != leadport.StatusQueued || got.Type != d.Type || got.Rule != d.Rule || got.Delimiter != '|' ||
		got.Encoding != "utf-16" || got.DateFormat != "dmy" || got.Total != 42 || got.Sheet != "Clients 2026" ||
		!cmp.Equal(got.Header, d.Header) || !cmp.Equal(got.Mapping, d.Mapping) {
		t.Errorf("after QueueImport: %+v", got)
	}
	wantCode(t, s.QueueImport(ctx, d), leadport.ECONFLICT)
	wantCode(t, s.DeleteDraft(ctx, d.ID), leadport.ECONFLICT)
	wantCode(t, s.QueueImport(ctx, &leadport.Import{ID: d.ID + 100}), leadport.ENOTFOUND)
	wantCode(t, s.DeleteDraft(ctx, d.ID+100), leadport.ENOTFOUND)

	list, err = s.ListImports(ctx, f.account.ID)
	must(t, err)
	if len(list) != 1 || list[0].ID != d.ID || list[0].OwnerName != f.owner.Name {
		t.Fatalf("ListImports = %+v", list)
	}

	d2 := f.draft(t, "x\n")
	must(t, s.DeleteDraft(ctx, d2.ID))
	_, err = s.Import(ctx, d2.ID)
	wantCode(t, err, leadport.ENOTFOUND)
	_, err = s.OpenImportFile(ctx, d2.ID)
	wantCode(t, err, leadport.ENOTFOUND)

	n, err := s.CountUnfinished(ctx)
	must(t, err)
	if n != 1 {
		t.Errorf("CountUnfinished = %d, want 1", n)
	}
}

func testClaim(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "claim")
	g := newFixture(t, s, "claim2")
	f.draft(t, "x\n")
	got, err := s.ClaimImport(ctx, "w1", time.Minute)
	must(t, err)
	if got != nil {
		t.Fatalf("ClaimImport claimed draft %d", got.ID)
	}

	first, second := f.queued(t), f.queued(t)
	other := g.queued(t)
	before := time.Now().Add(-time.Second)
	got, err = s.ClaimImport(ctx, "w1", time.Minute)
	must(t, err)
	if got == nil || got.ID != first.ID {
		t.Fatalf("ClaimImport = %+v, want import %d (the oldest)", got, first.ID)
	}
	if got.Status != leadport.StatusRunning || got.Worker != "w1" || got.StartedAt == nil || got.StartedAt.Before(before) ||
		got.LeaseUntil == nil || got.LeaseUntil.Before(time.Now().Add(50*time.Second)) || got.OwnerName != f.owner.Name {
		t.Errorf("claimed import: %+v", got)
	}
	startedAt := *got.StartedAt

	// The second import of the same account waits; the other account's runs.
	got, err = s.ClaimImport(ctx, "w2", time.Minute)
	must(t, err)
	if got == nil || got.ID != other.ID {
		t.Fatalf("ClaimImport = %+v, want import %d of the other account", got, other.ID)
	}
	got, err = s.ClaimImport(ctx, "w3", time.Minute)
	must(t, err)
	if got != nil {
		t.Fatalf("ClaimImport claimed import %d while its account has one running", got.ID)
	}
	if got, _ := s.ClaimImportByID(ctx, second.ID, "w3", time.Minute); got != nil {
		t.Fatalf("ClaimImportByID claimed import %d while its account has one running", got.ID)
	}

	// An expired lease is taken over, and StartedAt kept.
	must(t, s.Heartbeat(ctx, first.ID, "w1", -time.Second))
	got, err = s.ClaimImport(ctx, "w3", time.Minute)
	must(t, err)
	if got == nil || got.ID != first.ID || got.Worker != "w3" || !got.StartedAt.Equal(startedAt) {
		t.Fatalf("ClaimImport after lease expiry = %+v, want import %d taken over with StartedAt %v", got, first.ID, startedAt)
	}
	wantCode(t, s.Heartbeat(ctx, first.ID, "w1", time.Minute), leadport.ECONFLICT)

	// Once the first finishes, the second can run.
	must(t, s.ApplyBatch(ctx, &leadport.Batch{ImportID: first.ID, Worker: "w3", Finished: true}))
	got, err = s.ClaimImport(ctx, "w4", time.Minute)
	must(t, err)
	if got == nil || got.ID != second.ID {
		t.Fatalf("ClaimImport = %+v, want import %d", got, second.ID)
	}
	n, err := s.CountUnfinished(ctx)
	must(t, err)
	if n != 2 {
		t.Errorf("CountUnfinished = %d, want 2", n)
	}
}

func testClaimByID(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "byid")
	a, b := f.queued(t), f.queued(t)
	got, err := s.ClaimImportByID(ctx, b.ID, "cli", time.Minute)
	must(t, err)
	if got == nil || got.ID != b.ID || got.Status != leadport.StatusRunning {
		t.Fatalf("ClaimImportByID = %+v, want import %d running", got, b.ID)
	}
	if got, _ := s.ClaimImportByID(ctx, b.ID, "other", time.Minute); got != nil {
		t.Fatal("ClaimImportByID claimed an import under a live lease")
	}
	if got, _ := s.ClaimImportByID(ctx, a.ID, "other", time.Minute); got != nil {
		t.Fatal("ClaimImportByID claimed a second import of the account")
	}
	got, err = s.ClaimImportByID(ctx, a.ID+1000, "cli", time.Minute)
	if got != nil || err != nil {
		t.Fatalf("ClaimImportByID of a missing import = %v, %v; want nil, nil", got, err)
	}
}

func testHeartbeat(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "hb")
	imp := f.running(t, "w1")
	must(t, s.Heartbeat(ctx, imp.ID, "w1", time.Hour))
	got, err := s.Import(ctx, imp.ID)
	must(t, err)
	if got.LeaseUntil == nil || got.LeaseUntil.Before(time.Now().Add(59*time.Minute)) {
		t.Errorf("LeaseUntil = %v, want an hour from now", got.LeaseUntil)
	}
	if err := s.Heartbeat(ctx, imp.ID, "w2", time.Hour); !errors.Is(err, leadport.ErrLeaseLost) {
		t.Errorf("Heartbeat by another worker = %v, want ErrLeaseLost", err)
	}
	if err := s.Heartbeat(ctx, imp.ID+100, "w1", time.Hour); !errors.Is(err, leadport.ErrLeaseLost) {
		t.Errorf("Heartbeat of a missing import = %v, want ErrLeaseLost", err)
	}
}

func testFailImport(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "fail")
	imp := f.running(t, "w1")
	if err := s.FailImport(ctx, imp.ID, "w2", "nope"); !errors.Is(err, leadport.ErrLeaseLost) {
		t.Errorf("FailImport by another worker = %v, want ErrLeaseLost", err)
	}
	must(t, s.FailImport(ctx, imp.ID, "w1", "The file is not a CSV file."))
	got, err := s.Import(ctx, imp.ID)
	must(t, err)
	if got.Status != leadport.StatusFailed || got.Error != "The file is not a CSV file." || got.LeaseUntil != nil {
		t.Errorf("after FailImport: status %q, error %q, lease %v", got.Status, got.Error, got.LeaseUntil)
	}
	if got, _ := s.ClaimImport(ctx, "w3", time.Minute); got != nil {
		t.Errorf("ClaimImport claimed failed import %d", got.ID)
	}
	// The account can run its next import at once.
	next := f.queued(t)
	got, err = s.ClaimImport(ctx, "w3", time.Minute)
	must(t, err)
	if got == nil || got.ID != next.ID {
		t.Errorf("ClaimImport after a failure = %+v, want import %d", got, next.ID)
	}
	wantCode(t, s.FailImport(ctx, imp.ID+100, "w1", "x"), leadport.ENOTFOUND)
}

func testAllocateLeadIDs(t *testing.T, s leadport.Store) {
	a, err := s.AllocateLeadIDs(ctx, 10)
	must(t, err)
	b, err := s.AllocateLeadIDs(ctx, 1)
	must(t, err)
	c, err := s.AllocateLeadIDs(ctx, 1000)
	must(t, err)
	if a < 1 || b != a+10 || c != b+1 {
		t.Errorf("AllocateLeadIDs gave %d (10), %d (1), %d; want consecutive ranges", a, b, c)
	}
}

// fullLead sets every card column of l to a distinct value.
func fullLead(l *leadport.Lead) {
	for i, p := range l.Columns() {
		if *p == "" {
			*p = fmt.Sprintf("%s-%d", leadport.CardColumns[i], l.ID)
		}
	}
}

func testApplyBatch(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "apply")
	existing := f.lead(t, nil, "jean francois", "cote", "+15145550101", "jf@x.ca")
	existing.City = "Montréal"
	f.seed(t, existing)

	imp := f.running(t, "w1")
	created := f.lead(t, imp, "marie", "roy", "+15145550199", "marie@x.ca")
	fullLead(created)
	created.Comment = "Unicode ✓ « guillemets » and 'quotes'"
	after := *existing
	after.PhoneMobile, after.AddressLine1, after.UpdatedAt = "+14385550199", "1 rue Laval", micro(time.Now().Add(time.Second))
	before := *existing
	b := &leadport.Batch{
		ImportID: imp.ID, Worker: "w1",
		Creates: []*leadport.Lead{created},
		Updates: []leadport.LeadUpdate{{Before: &before, After: &after}},
		Vehicles: []leadport.Vehicle{{LeadID: created.ID, Kind: leadport.VehicleWanted, Make: "Toyota", Model: "RAV4", Year: "2026"},
			{LeadID: existing.ID, Kind: leadport.VehicleExchange, Make: "Honda", Odometer: "84500"}},
		Notes:    []leadport.Note{{LeadID: existing.ID, AuthorID: f.owner.ID, Body: "[import] City: Laval", CreatedAt: micro(time.Now())}},
		Links:    []leadport.Link{{A: created.ID, B: existing.ID}},
		Issues:   []leadport.Issue{{Line: 3, Reason: "nothing to identify", Raw: ",,"}},
		Counters: leadport.Counters{Processed: 3, Created: 1, Merged: 1, Associated: 1, Failed: 1, Notes: 1},
	}
	must(t, s.ApplyBatch(ctx, b))

	got, err := s.Import(ctx, imp.ID)
	must(t, err)
	if diff := cmp.Diff(b.Counters, got.Counters); diff != "" || got.Status != leadport.StatusRunning {
		t.Errorf("import after batch: status %q, counters (-want +got):\n%s", got.Status, diff)
	}

	l, err := s.Lead(ctx, f.as(f.owner), created.ID)
	must(t, err)
	want := *created
	want.ImportID = imp.ID
	want.Vehicles = []leadport.Vehicle{{LeadID: created.ID, ImportID: imp.ID, Kind: leadport.VehicleWanted, Make: "Toyota", Model: "RAV4", Year: "2026", Pending: true}}
	want.Associated = []int64{existing.ID}
	want.PendingLinks = map[int64]int64{existing.ID: imp.ID}
	ignoreIDs := cmpopts.IgnoreFields(leadport.Vehicle{}, "ID")
	if diff := cmp.Diff(&want, l, ignoreIDs, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("created lead (-want +got):\n%s", diff)
	}

	l, err = s.Lead(ctx, f.as(f.owner), existing.ID)
	must(t, err)
	// The owner sees the merge laid over the lead, marked as pending.
	want = after
	want.Vehicles = []leadport.Vehicle{{LeadID: existing.ID, ImportID: imp.ID, Kind: leadport.VehicleExchange, Make: "Honda", Odometer: "84500", Pending: true}}
	want.Notes = []leadport.Note{{LeadID: existing.ID, ImportID: imp.ID, AuthorID: f.owner.ID, Author: f.owner.Name, Body: "[import] City: Laval", CreatedAt: b.Notes[0].CreatedAt, Pending: true}}
	want.Associated = []int64{created.ID}
	want.Pending = map[string]int64{"phone_mobile": imp.ID, "address_line1": imp.ID}
	want.PendingLinks = map[int64]int64{created.ID: imp.ID}
	if diff := cmp.Diff(&want, l, ignoreIDs, cmpopts.IgnoreFields(leadport.Note{}, "ID"), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("updated lead (-want +got):\n%s", diff)
	}

	// Anyone else sees the lead as it was.
	l, err = s.Lead(ctx, f.as(f.other), existing.ID)
	must(t, err)
	if diff := cmp.Diff(existing, l, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("updated lead as another user (-want +got):\n%s", diff)
	}
	got, err = s.Import(ctx, imp.ID)
	must(t, err)
	if got.LeadsChanged != 1 {
		t.Errorf("LeadsChanged = %d, want 1", got.LeadsChanged)
	}

	leads, err := s.LeadsByID(ctx, f.as(f.owner), []int64{existing.ID, created.ID, created.ID + 1000})
	must(t, err)
	if len(leads) != 2 {
		t.Fatalf("LeadsByID returned %d leads, want 2", len(leads))
	}
	for _, l := range leads {
		if len(l.Vehicles) != 1 || len(l.Notes) != 0 {
			t.Errorf("LeadsByID lead %d: %d vehicles, %d notes; want 1 and 0", l.ID, len(l.Vehicles), len(l.Notes))
		}
	}
	_, err = s.Lead(ctx, f.as(f.owner), created.ID+1000)
	wantCode(t, err, leadport.ENOTFOUND)

	// The last batch finishes the import.
	must(t, s.ApplyBatch(ctx, &leadport.Batch{ImportID: imp.ID, Worker: "w1", Counters: b.Counters, Finished: true}))
	got, err = s.Import(ctx, imp.ID)
	must(t, err)
	if got.Status != leadport.StatusFinished || got.FinishedAt == nil || got.LeaseUntil != nil {
		t.Errorf("after the last batch: status %q, finished %v, lease %v", got.Status, got.FinishedAt, got.LeaseUntil)
	}
	if err := s.ApplyBatch(ctx, &leadport.Batch{ImportID: imp.ID, Worker: "w1"}); !errors.Is(err, leadport.ErrLeaseLost) {
		t.Errorf("ApplyBatch on a finished import = %v, want ErrLeaseLost", err)
	}
}

func testApplyBatchLeaseFencing(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "fence")
	existing := f.lead(t, nil, "ann", "lee", "+15145550000", "")
	f.seed(t, existing)
	imp := f.running(t, "w1")
	must(t, s.Heartbeat(ctx, imp.ID, "w1", -time.Second))
	if got, err := s.ClaimImport(ctx, "w2", time.Minute); err != nil || got == nil || got.ID != imp.ID {
		t.Fatalf("takeover: %v, %v", got, err)
	}
	l := f.lead(t, imp, "bob", "smith", "", "bob@x.ca")
	after := *existing
	after.City, after.UpdatedAt = "Laval", micro(time.Now())
	err := s.ApplyBatch(ctx, &leadport.Batch{ImportID: imp.ID, Worker: "w1", Creates: []*leadport.Lead{l},
		Updates:  []leadport.LeadUpdate{{Before: existing, After: &after}},
		Notes:    []leadport.Note{{LeadID: existing.ID, Body: "x"}},
		Issues:   []leadport.Issue{{Line: 2, Reason: "r"}},
		Counters: leadport.Counters{Processed: 1, Created: 1}, Finished: true})
	if !errors.Is(err, leadport.ErrLeaseLost) {
		t.Fatalf("ApplyBatch from the old worker = %v, want ErrLeaseLost", err)
	}
	if _, err := s.Lead(ctx, f.as(f.owner), l.ID); leadport.ErrorCode(err) != leadport.ENOTFOUND {
		t.Errorf("the refused batch created lead %d (err %v)", l.ID, err)
	}
	got, err := s.Lead(ctx, f.as(f.owner), existing.ID)
	must(t, err)
	if got.City != "" || len(got.Notes) != 0 {
		t.Errorf("the refused batch changed lead %d: city %q, %d notes", existing.ID, got.City, len(got.Notes))
	}
	imp2, err := s.Import(ctx, imp.ID)
	must(t, err)
	if imp2.Processed != 0 || imp2.Status != leadport.StatusRunning || imp2.Worker != "w2" {
		t.Errorf("the refused batch changed the import: %+v", imp2)
	}
	must(t, s.Issues(ctx, imp.ID, func(is leadport.Issue) error {
		t.Errorf("the refused batch wrote issue %+v", is)
		return nil
	}))
}

// testApplyBatchAtomic checks that a batch failing midway applies nothing.
func testApplyBatchAtomic(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "atomic")
	dup := f.lead(t, nil, "ann", "lee", "", "")
	f.seed(t, dup)
	imp := f.running(t, "w1")
	l := f.lead(t, imp, "bob", "smith", "", "")
	again := *dup // the same ID again: the insert must fail
	again.ImportID, again.VisibleTo = imp.ID, imp.OwnerID
	err := s.ApplyBatch(ctx, &leadport.Batch{ImportID: imp.ID, Worker: "w1", Creates: []*leadport.Lead{l, &again},
		Counters: leadport.Counters{Processed: 2, Created: 2}})
	if err == nil {
		t.Fatal("ApplyBatch with a duplicate lead ID succeeded")
	}
	if _, err := s.Lead(ctx, f.as(f.owner), l.ID); leadport.ErrorCode(err) != leadport.ENOTFOUND {
		t.Errorf("the failed batch created lead %d (err %v)", l.ID, err)
	}
	got, err := s.Import(ctx, imp.ID)
	must(t, err)
	if got.Processed != 0 {
		t.Errorf("the failed batch moved the cursor to %d", got.Processed)
	}
}

// testChangesetAcrossBatches: several batches of one import change the same
// lead; its owner sees every change, the revert leaves the lead as before.
func testChangesetAcrossBatches(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "journal")
	l := f.lead(t, nil, "ann", "lee", "+15145550000", "")
	f.seed(t, l)
	original := *l
	imp := f.running(t, "w1")
	// Two batches change the same lead; the revert must go back to the
	// state before the first.
	step1 := original
	step1.City, step1.UpdatedAt = "Laval", micro(time.Now().Add(time.Second))
	must(t, s.ApplyBatch(ctx, &leadport.Batch{ImportID: imp.ID, Worker: "w1",
		Updates: []leadport.LeadUpdate{{Before: &original, After: &step1}}, Counters: leadport.Counters{Processed: 1, Merged: 1}}))
	step2 := step1
	step2.EmailWork, step2.UpdatedAt = "ann@work.ca", micro(time.Now().Add(2*time.Second))
	step3 := step2
	step3.BusinessName, step3.UpdatedAt = "Lee inc.", micro(time.Now().Add(3*time.Second))
	must(t, s.ApplyBatch(ctx, &leadport.Batch{ImportID: imp.ID, Worker: "w1",
		Updates:  []leadport.LeadUpdate{{Before: &step1, After: &step2}, {Before: &step2, After: &step3}},
		Counters: leadport.Counters{Processed: 3, Merged: 3}, Finished: true}))
	got, err := s.Lead(ctx, f.as(f.owner), l.ID)
	must(t, err)
	step3.Pending = map[string]int64{"city": imp.ID, "email_work": imp.ID, "business_name": imp.ID}
	if diff := cmp.Diff(&step3, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("lead after the updates (-want +got):\n%s", diff)
	}
	must(t, s.RevertImport(ctx, imp.ID))
	got, err = s.Lead(ctx, f.as(f.owner), l.ID)
	must(t, err)
	if diff := cmp.Diff(&original, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("lead after revert (-want +got):\n%s", diff)
	}
}

func testRevert(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "revert")
	l1 := f.lead(t, nil, "jean francois", "cote", "+15145550101", "jf@videotron.ca")
	l2 := f.lead(t, nil, "eve", "tremblay", "+18195550142", "")
	l3 := f.lead(t, nil, "paul", "roy", "", "paul@x.ca")
	fullLead(l3)
	seedImp := f.running(t, "seed")
	for _, l := range []*leadport.Lead{l1, l2, l3} {
		l.ImportID, l.VisibleTo = seedImp.ID, seedImp.OwnerID
	}
	must(t, s.ApplyBatch(ctx, &leadport.Batch{ImportID: seedImp.ID, Worker: "seed", Creates: []*leadport.Lead{l1, l2, l3},
		Vehicles: []leadport.Vehicle{{LeadID: l1.ID, Kind: leadport.VehicleWanted, Make: "Kia"}},
		Notes:    []leadport.Note{{LeadID: l1.ID, AuthorID: f.owner.ID, Body: "first note", CreatedAt: micro(time.Now())}},
		Links:    []leadport.Link{{A: l2.ID, B: l1.ID}},
		Counters: leadport.Counters{Processed: 3, Created: 3}, Finished: true}))
	must(t, s.FinalizeImport(ctx, seedImp.ID))

	owner := f.as(f.owner)
	before := export(t, s, owner, leadport.LeadFilter{})

	imp := f.running(t, "w1")
	fresh, err := s.LeadsByID(ctx, f.as(f.owner), []int64{l1.ID, l3.ID})
	must(t, err)
	byID := map[int64]*leadport.Lead{fresh[0].ID: fresh[0], fresh[1].ID: fresh[1]}
	b1, b3 := byID[l1.ID], byID[l3.ID]
	a1, a3 := *b1, *b3
	a1.PhoneMobile, a1.City, a1.UpdatedAt = "+14385550199", "Laval", micro(time.Now().Add(time.Minute))
	a3.EmailWork, a3.UpdatedAt = "paul@work.ca", micro(time.Now().Add(time.Minute))
	n1 := f.lead(t, imp, "marie", "cote", "+15145550101", "")
	n2 := f.lead(t, imp, "luc", "roy", "", "paul@x.ca")
	must(t, s.ApplyBatch(ctx, &leadport.Batch{ImportID: imp.ID, Worker: "w1",
		Creates:  []*leadport.Lead{n1, n2},
		Updates:  []leadport.LeadUpdate{{Before: b1, After: &a1}, {Before: b3, After: &a3}},
		Vehicles: []leadport.Vehicle{{LeadID: l1.ID, Kind: leadport.VehicleExchange, Make: "Ford"}, {LeadID: n1.ID, Kind: leadport.VehicleWanted, Make: "VW"}},
		Notes:    []leadport.Note{{LeadID: l1.ID, Body: "[import] City: Laval"}, {LeadID: n2.ID, Body: "[import] x"}},
		Links:    []leadport.Link{{A: n1.ID, B: l1.ID}, {A: l1.ID, B: l2.ID}, {A: l3.ID, B: l2.ID}, {A: n2.ID, B: l3.ID}},
		Issues:   []leadport.Issue{{Line: 4, Reason: "nothing to identify"}},
		Counters: leadport.Counters{Processed: 5, Created: 2, Merged: 2, Associated: 2, Failed: 1, Notes: 2}}))
	must(t, s.ApplyBatch(ctx, &leadport.Batch{ImportID: imp.ID, Worker: "w1", Finished: true,
		Counters: leadport.Counters{Processed: 5, Created: 2, Merged: 2, Associated: 2, Failed: 1, Notes: 2}}))
	during := export(t, s, owner, leadport.LeadFilter{})
	if len(during) != 5 {
		t.Fatalf("export during the import has %d leads, want 5", len(during))
	}

	must(t, s.RevertImport(ctx, imp.ID))
	after := export(t, s, owner, leadport.LeadFilter{})
	if diff := cmp.Diff(before, after, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("export after revert differs from before the import (-before +after):\n%s", diff)
	}
	got, err := s.Import(ctx, imp.ID)
	must(t, err)
	if got.Status != leadport.StatusReverted {
		t.Errorf("status after revert = %q", got.Status)
	}
	for _, id := range []int64{n1.ID, n2.ID} {
		if _, err := s.Lead(ctx, f.as(f.owner), id); leadport.ErrorCode(err) != leadport.ENOTFOUND {
			t.Errorf("created lead %d survives the revert (err %v)", id, err)
		}
	}
	// The issue report stays, for the record.
	var issues int
	must(t, s.Issues(ctx, imp.ID, func(leadport.Issue) error { issues++; return nil }))
	if issues != 1 {
		t.Errorf("issues after revert: %d, want 1", issues)
	}
	wantCode(t, s.RevertImport(ctx, imp.ID), leadport.ECONFLICT)
}

func testRevertRules(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "revrules")
	imp := f.running(t, "w1")
	wantCode(t, s.RevertImport(ctx, imp.ID), leadport.ECONFLICT) // running
	must(t, s.ApplyBatch(ctx, &leadport.Batch{ImportID: imp.ID, Worker: "w1", Finished: true}))
	must(t, s.FinalizeImport(ctx, imp.ID))
	wantCode(t, s.RevertImport(ctx, imp.ID), leadport.ECONFLICT) // finalized
	wantCode(t, s.RevertImport(ctx, imp.ID+100), leadport.ENOTFOUND)

	failed := f.running(t, "w2")
	l := f.lead(t, failed, "ann", "lee", "", "")
	must(t, s.ApplyBatch(ctx, &leadport.Batch{ImportID: failed.ID, Worker: "w2", Creates: []*leadport.Lead{l}, Counters: leadport.Counters{Processed: 1, Created: 1}}))
	must(t, s.FailImport(ctx, failed.ID, "w2", "broken"))
	must(t, s.RevertImport(ctx, failed.ID)) // a failed import's applied batches can be undone
	if _, err := s.Lead(ctx, f.as(f.owner), l.ID); leadport.ErrorCode(err) != leadport.ENOTFOUND {
		t.Errorf("lead %d of the reverted failed import survives (err %v)", l.ID, err)
	}
}

func testFinalize(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "final")
	imp := f.running(t, "w1")
	l := f.lead(t, imp, "ann", "lee", "+15145550000", "ann@x.ca")
	must(t, s.ApplyBatch(ctx, &leadport.Batch{ImportID: imp.ID, Worker: "w1", Creates: []*leadport.Lead{l}, Counters: leadport.Counters{Processed: 1, Created: 1}}))
	wantCode(t, s.FinalizeImport(ctx, imp.ID), leadport.ECONFLICT) // still running

	owner, other := f.as(f.owner), f.as(f.other)
	check := func(when string, wantOwner, wantOther []int64) {
		t.Helper()
		for _, c := range []struct {
			who  string
			v    leadport.Viewer
			want []int64
		}{{"owner", owner, wantOwner}, {"other", other, wantOther}} {
			leads, n, err := s.SearchLeads(ctx, c.v, leadport.LeadFilter{})
			must(t, err)
			if diff := cmp.Diff(c.want, ids(leads)); diff != "" || n != len(c.want) {
				t.Errorf("%s: SearchLeads as %s: count %d (-want +got):\n%s", when, c.who, n, diff)
			}
			if diff := cmp.Diff(c.want, ids(export(t, s, c.v, leadport.LeadFilter{}))); diff != "" {
				t.Errorf("%s: ExportLeads as %s (-want +got):\n%s", when, c.who, diff)
			}
		}
	}
	check("before finalizing", []int64{l.ID}, []int64{})
	got, err := s.Lead(ctx, f.as(f.owner), l.ID)
	must(t, err)
	if got.VisibleTo != f.owner.ID {
		t.Errorf("VisibleTo = %d, want the owner %d", got.VisibleTo, f.owner.ID)
	}

	must(t, s.ApplyBatch(ctx, &leadport.Batch{ImportID: imp.ID, Worker: "w1", Counters: leadport.Counters{Processed: 1, Created: 1}, Finished: true}))
	must(t, s.FinalizeImport(ctx, imp.ID))
	check("after finalizing", []int64{l.ID}, []int64{l.ID})
	gi, err := s.Import(ctx, imp.ID)
	must(t, err)
	if !gi.Finalized || gi.FinalizedAt == nil {
		t.Errorf("after FinalizeImport: finalized %v at %v", gi.Finalized, gi.FinalizedAt)
	}
	wantCode(t, s.FinalizeImport(ctx, imp.ID), leadport.ECONFLICT)
	wantCode(t, s.FinalizeImport(ctx, imp.ID+100), leadport.ENOTFOUND)
}

func testSearch(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "search")
	g := newFixture(t, s, "search2")
	mk := func(first, last, phone, email string, typ leadport.LeadType) *leadport.Lead {
		l := f.lead(t, nil, first, last, phone, email)
		l.Type = typ
		return l
	}
	jf := mk("jean francois", "cote", "+15145550101", "jf@videotron.ca", leadport.TypeEvent)
	marie := mk("marie", "cote", "", "", leadport.TypePhone)
	marie.PhoneWork, marie.EmailWork = "+15145550101", "marie@work.ca"
	eve := mk("eve", "tremblay", "", "", leadport.TypeEmail)
	eve.PhoneMobile = "+18195550142"
	solo := mk("", "cotey", "+15145559999", "", leadport.TypeSMS) // no name key
	f.seed(t, jf, marie, eve, solo)
	// Another account's lead with the same phone stays out.
	gl := g.lead(t, nil, "jean francois", "cote", "+15145550101", "jf@videotron.ca")
	g.seed(t, gl)
	// An unfinalized import's lead is seen by its owner only.
	imp := f.running(t, "w1")
	hidden := f.lead(t, imp, "jean", "cote", "+15145550101", "")
	must(t, s.ApplyBatch(ctx, &leadport.Batch{ImportID: imp.ID, Worker: "w1", Creates: []*leadport.Lead{hidden}, Counters: leadport.Counters{Processed: 1, Created: 1}}))

	tests := []struct {
		name  string
		mod   func(*leadport.LeadFilter)
		want  []int64
		owner bool // as the importing owner rather than another user
	}{
		{"all", func(*leadport.LeadFilter) {}, []int64{solo.ID, eve.ID, marie.ID, jf.ID}, false},
		{"owner sees the unfinalized lead", func(*leadport.LeadFilter) {}, []int64{hidden.ID, solo.ID, eve.ID, marie.ID, jf.ID}, true},
		{"types", func(f *leadport.LeadFilter) { f.Types = []leadport.LeadType{leadport.TypeEmail, leadport.TypeSMS} }, []int64{solo.ID, eve.ID}, false},
		{"import", func(f2 *leadport.LeadFilter) { f2.ImportID = imp.ID }, []int64{hidden.ID}, true},
		{"phone home or work", func(f *leadport.LeadFilter) { f.Phone = "+15145550101" }, []int64{marie.ID, jf.ID}, false},
		{"phone mobile", func(f *leadport.LeadFilter) { f.Phone = "+18195550142" }, []int64{eve.ID}, false},
		{"phone and type", func(f *leadport.LeadFilter) {
			f.Phone, f.Types = "+15145550101", []leadport.LeadType{leadport.TypePhone}
		}, []int64{marie.ID}, false},
		{"email home", func(f *leadport.LeadFilter) { f.Email = "jf@videotron.ca" }, []int64{jf.ID}, false},
		{"email work", func(f *leadport.LeadFilter) { f.Email = "marie@work.ca" }, []int64{marie.ID}, false},
		{"email unknown", func(f *leadport.LeadFilter) { f.Email = "nobody@x.ca" }, []int64{}, false},
		{"name key", func(f *leadport.LeadFilter) { f.NameKey = nameKey("cote", "jean francois") }, []int64{jf.ID}, false},
		{"name fold first part", func(f *leadport.LeadFilter) { f.NameFold = "cot" }, []int64{marie.ID, jf.ID}, false},
		{"name fold second part", func(f *leadport.LeadFilter) { f.NameFold = "jean" }, []int64{jf.ID}, false},
		{"name fold both words", func(f *leadport.LeadFilter) { f.NameFold = "jean francois" }, []int64{jf.ID}, false},
		{"name fold inner word", func(f *leadport.LeadFilter) { f.NameFold = "francois" }, []int64{}, false},
		{"name fold and phone", func(f *leadport.LeadFilter) { f.NameFold, f.Phone = "marie", "+15145550101" }, []int64{marie.ID}, false},
		{"limit", func(f *leadport.LeadFilter) { f.Limit = 2 }, []int64{solo.ID, eve.ID}, false},
		{"offset", func(f *leadport.LeadFilter) { f.Limit, f.Offset = 2, 2 }, []int64{marie.ID, jf.ID}, false},
		{"offset only", func(f *leadport.LeadFilter) { f.Offset = 3 }, []int64{jf.ID}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var lf leadport.LeadFilter
			tt.mod(&lf)
			v := f.as(f.other)
			if tt.owner {
				v = f.as(f.owner)
			}
			leads, n, err := s.SearchLeads(ctx, v, lf)
			must(t, err)
			if diff := cmp.Diff(tt.want, ids(leads)); diff != "" {
				t.Errorf("SearchLeads(%+v) (-want +got):\n%s", lf, diff)
			}
			wantN := len(tt.want)
			if lf.Limit > 0 || lf.Offset > 0 {
				wantN = -1 // checked below
			}
			if wantN >= 0 && n != wantN {
				t.Errorf("SearchLeads count = %d, want %d", n, wantN)
			}
			for _, l := range leads {
				if len(l.Vehicles)+len(l.Notes)+len(l.Associated) != 0 {
					t.Errorf("SearchLeads lead %d carries children", l.ID)
				}
			}
		})
	}
	_, n, err := s.SearchLeads(ctx, f.as(f.other), leadport.LeadFilter{Limit: 1})
	must(t, err)
	if n != 4 {
		t.Errorf("SearchLeads with a limit counts %d, want all 4", n)
	}
	// The leads come back whole.
	leads, _, err := s.SearchLeads(ctx, f.as(f.other), leadport.LeadFilter{Email: "marie@work.ca"})
	must(t, err)
	if diff := cmp.Diff([]*leadport.Lead{marie}, leads, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("SearchLeads lead (-want +got):\n%s", diff)
	}
}

func testExport(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "export")
	var leads []*leadport.Lead
	for i := range 1234 { // more than one page
		l := f.lead(t, nil, fmt.Sprintf("first%d", i), "last", fmt.Sprintf("+1514555%04d", i), "")
		leads = append(leads, l)
	}
	imp := f.running(t, "w1")
	for _, l := range leads {
		l.ImportID, l.VisibleTo = imp.ID, imp.OwnerID
	}
	var vehicles []leadport.Vehicle
	var notes []leadport.Note
	var links []leadport.Link
	tm := micro(time.Now())
	for i, l := range leads {
		if i%3 == 0 {
			vehicles = append(vehicles, leadport.Vehicle{LeadID: l.ID, Kind: leadport.VehicleWanted, Make: "Make" + fmt.Sprint(i)})
		}
		if i%5 == 0 {
			notes = append(notes, leadport.Note{LeadID: l.ID, AuthorID: f.owner.ID, Body: "n1", CreatedAt: tm},
				leadport.Note{LeadID: l.ID, Body: "n2", CreatedAt: tm})
		}
		if i > 0 && i%7 == 0 {
			links = append(links, leadport.Link{A: l.ID, B: leads[i-1].ID})
		}
	}
	must(t, s.ApplyBatch(ctx, &leadport.Batch{ImportID: imp.ID, Worker: "w1", Creates: leads, Vehicles: vehicles, Notes: notes, Links: links,
		Counters: leadport.Counters{Processed: int64(len(leads)), Created: int64(len(leads))}, Finished: true}))
	must(t, s.FinalizeImport(ctx, imp.ID))

	got := export(t, s, f.as(f.other), leadport.LeadFilter{})
	if len(got) != len(leads) {
		t.Fatalf("ExportLeads returned %d leads, want %d", len(got), len(leads))
	}
	var nv, nn, na int
	for i, l := range got {
		want := leads[i]
		if l.ID != want.ID || l.FirstName != want.FirstName || l.PhoneHome != want.PhoneHome {
			t.Fatalf("ExportLeads lead %d = %d %q, want %d %q (ascending IDs)", i, l.ID, l.FirstName, want.ID, want.FirstName)
		}
		nv += len(l.Vehicles)
		nn += len(l.Notes)
		na += len(l.Associated)
		if len(l.Notes) == 2 && (l.Notes[0].Body != "n1" || l.Notes[1].Body != "n2" || l.Notes[0].Author != f.owner.Name) {
			t.Errorf("lead %d notes = %+v", l.ID, l.Notes)
		}
		if i > 0 && i%7 == 0 && !cmp.Equal(l.Associated, []int64{leads[i-1].ID}) && !cmp.Equal(l.Associated, []int64{leads[i-1].ID, leads[i+1].ID}) {
			t.Errorf("lead %d associated = %v", l.ID, l.Associated)
		}
	}
	if nv != len(vehicles) || nn != len(notes) || na != 2*len(links) {
		t.Errorf("export carries %d vehicles, %d notes, %d associations; want %d, %d, %d", nv, nn, na, len(vehicles), len(notes), 2*len(links))
	}
	// Stopping early stops.
	stop := errors.New("stop")
	var seen int
	err := s.ExportLeads(ctx, f.as(f.other), leadport.LeadFilter{}, func(*leadport.Lead) error {
		seen++
		if seen == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || seen != 3 {
		t.Errorf("ExportLeads after the callback's error: %v after %d leads", err, seen)
	}
	byImport := export(t, s, f.as(f.other), leadport.LeadFilter{ImportID: imp.ID + 100})
	if len(byImport) != 0 {
		t.Errorf("export of another import returned %d leads", len(byImport))
	}
}

func testScanMatchKeys(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "scan")
	g := newFixture(t, s, "scan2")
	a := f.lead(t, nil, "ann", "lee", "+15145550000", "ann@x.ca")
	a.PhoneMobile, a.PhoneWork, a.EmailWork = "+15145550001", "+15145550002", "ann@work.ca"
	b := f.lead(t, nil, "", "bob", "", "bob@x.ca")
	f.seed(t, a, b)
	g.seed(t, g.lead(t, nil, "x", "y", "+15145550000", ""))
	imp := f.running(t, "w1")
	c := f.lead(t, imp, "cy", "dee", "+15145550003", "")
	must(t, s.ApplyBatch(ctx, &leadport.Batch{ImportID: imp.ID, Worker: "w1", Creates: []*leadport.Lead{c}, Counters: leadport.Counters{Processed: 1, Created: 1}}))

	var got []leadport.MatchKeys
	must(t, s.ScanMatchKeys(ctx, f.as(f.owner), func(k leadport.MatchKeys) error {
		got = append(got, k)
		return nil
	}))
	want := []leadport.MatchKeys{
		{ID: a.ID, NameKey: a.NameKey, Phones: [3]string{a.PhoneHome, a.PhoneMobile, a.PhoneWork}, Emails: [2]string{a.EmailHome, a.EmailWork}, UpdatedAt: a.UpdatedAt},
		{ID: b.ID, Emails: [2]string{"bob@x.ca", ""}, UpdatedAt: b.UpdatedAt},
		{ID: c.ID, NameKey: c.NameKey, Phones: [3]string{c.PhoneHome}, UpdatedAt: c.UpdatedAt}, // unfinalized leads are candidates too
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ScanMatchKeys (-want +got):\n%s", diff)
	}
}

func testIssues(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "issues")
	imp := f.running(t, "w1")
	must(t, s.ApplyBatch(ctx, &leadport.Batch{ImportID: imp.ID, Worker: "w1", Issues: []leadport.Issue{
		{Row: 2, Line: 2, Column: "Téléphone", Raw: "555-12", Reason: "not a phone number"},
		{Row: 2, Line: 2, Column: "Courriel", Raw: "x@", Reason: "not an email address"},
		{Row: 4, Line: 5, Raw: ";;;", Reason: "no name, phone or email"},
	}}))
	must(t, s.ApplyBatch(ctx, &leadport.Batch{ImportID: imp.ID, Worker: "w1", Issues: []leadport.Issue{
		{Row: 5, Line: 9, Column: "=cmd", Raw: "=1+1", Reason: "cell beyond the header"},
		{Row: 1_500_000, Line: 2_000_000_000, Column: "Courriel", Raw: "y@", Reason: "not an email address"},
	}}))
	var got []leadport.Issue
	must(t, s.Issues(ctx, imp.ID, func(is leadport.Issue) error {
		got = append(got, is)
		return nil
	}))
	want := []leadport.Issue{
		{ImportID: imp.ID, Row: 2, Line: 2, Column: "Téléphone", Raw: "555-12", Reason: "not a phone number"},
		{ImportID: imp.ID, Row: 2, Line: 2, Column: "Courriel", Raw: "x@", Reason: "not an email address"},
		{ImportID: imp.ID, Row: 4, Line: 5, Raw: ";;;", Reason: "no name, phone or email"},
		{ImportID: imp.ID, Row: 5, Line: 9, Column: "=cmd", Raw: "=1+1", Reason: "cell beyond the header"},
		{ImportID: imp.ID, Row: 1_500_000, Line: 2_000_000_000, Column: "Courriel", Raw: "y@", Reason: "not an email address"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Issues (-want +got):\n%s", diff)
	}
}

// failingReader yields n bytes, then fails.
type failingReader struct{ n int }

var errUpload = errors.New("connection reset by the browser")

func (r *failingReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, errUpload
	}
	k := min(len(p), r.n)
	for i := range p[:k] {
		p[i] = 'x'
	}
	r.n -= k
	return k, nil
}

func testImportFileFailedUpload(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "upload")
	imp := &leadport.Import{AccountID: f.account.ID, OwnerID: f.owner.ID, FileName: "cut.csv"}
	err := s.CreateImport(ctx, imp, &failingReader{n: 2<<20 + 100})
	if !errors.Is(err, errUpload) {
		t.Fatalf("CreateImport with a failing reader = %v, want its error", err)
	}
	// Nothing of it shows: the next import is the only one.
	next := f.queued(t)
	list, err := s.ListImports(ctx, f.account.ID)
	must(t, err)
	if len(list) != 1 || list[0].ID != next.ID {
		t.Errorf("ListImports after a failed upload = %d imports, want only %d", len(list), next.ID)
	}
	for id := next.ID - 3; id < next.ID; id++ {
		if _, err := s.Import(ctx, id); leadport.ErrorCode(err) != leadport.ENOTFOUND {
			t.Errorf("Import(%d) after a failed upload: %v, want ENOTFOUND", id, err)
		}
	}
}

// testClaimConcurrent claims from many goroutines at once: each account
// gets exactly one running import, whatever the interleaving.
func testClaimConcurrent(t *testing.T, s leadport.Store) {
	var fixtures []*fixture
	for i := range 3 {
		f := newFixture(t, s, fmt.Sprintf("conc%d", i))
		for range 3 {
			f.queued(t)
		}
		fixtures = append(fixtures, f)
	}
	var mu sync.Mutex
	claimed := map[int64][]int64{} // account → imports
	var wg sync.WaitGroup
	for w := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 3 {
				imp, err := s.ClaimImport(ctx, fmt.Sprintf("w%d", w), time.Minute)
				if err != nil {
					t.Errorf("ClaimImport: %v", err)
					return
				}
				if imp != nil {
					mu.Lock()
					claimed[imp.AccountID] = append(claimed[imp.AccountID], imp.ID)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	for _, f := range fixtures {
		if got := claimed[f.account.ID]; len(got) != 1 {
			t.Errorf("account %d: claimed imports %v, want exactly one", f.account.ID, got)
		}
	}
}

// testApplyBatchRoundTrip creates leads with varied sets of filled
// columns, across several multi-row statements, and reads them back exactly.
func testApplyBatchRoundTrip(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "roundtrip")
	imp := f.running(t, "w1")
	r := rand.New(rand.NewPCG(3, 4))
	values := []string{"x", "Jean-François", "O'Brien", `"quoted", with comma`, "line\nbreak\r\n", "émoji 🚗", strings.Repeat("long ", 300), " spaces "}
	first, err := s.AllocateLeadIDs(ctx, 300)
	must(t, err)
	var leads []*leadport.Lead
	for i := range 300 {
		tm := micro(time.Date(2026, 3, 14, 10, 30, 0, 0, time.UTC).Add(time.Duration(r.Int64N(1e15))))
		l := &leadport.Lead{ID: first + int64(i), AccountID: f.account.ID, Type: leadport.LeadTypes[i%len(leadport.LeadTypes)],
			ImportID: imp.ID, VisibleTo: f.owner.ID, CreatedAt: tm, UpdatedAt: tm.Add(time.Microsecond)}
		for _, p := range l.Columns() {
			// Whole chunks with a column empty, others with it sometimes filled.
			if (i/64)%2 == 0 && r.IntN(3) == 0 || (i/64)%2 == 1 && r.IntN(10) == 0 {
				*p = values[r.IntN(len(values))]
			}
		}
		l.NameKey = nameKey(l.FirstName, l.LastName)
		leads = append(leads, l)
	}
	must(t, s.ApplyBatch(ctx, &leadport.Batch{ImportID: imp.ID, Worker: "w1", Creates: leads, Counters: leadport.Counters{Processed: 300, Created: 300}}))
	idList := ids(leads)
	got, err := s.LeadsByID(ctx, f.as(f.owner), append(slices.Clone(idList), idList...)) // more than one IN list, with repeats
	must(t, err)
	got = slices.CompactFunc(sortByID(got), func(a, b *leadport.Lead) bool { return a.ID == b.ID })
	if diff := cmp.Diff(leads, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("LeadsByID after ApplyBatch (-want +got):\n%s", diff)
	}
}

func sortByID(leads []*leadport.Lead) []*leadport.Lead {
	slices.SortFunc(leads, func(a, b *leadport.Lead) int { return int(a.ID - b.ID) })
	return leads
}

func testLeadNotesOldestFirst(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "notes")
	l := f.lead(t, nil, "ann", "lee", "", "")
	f.seed(t, l)
	imp := f.running(t, "w1")
	t0 := micro(time.Now())
	must(t, s.ApplyBatch(ctx, &leadport.Batch{ImportID: imp.ID, Worker: "w1", Notes: []leadport.Note{
		{LeadID: l.ID, AuthorID: f.other.ID, Body: "second", CreatedAt: t0},
		{LeadID: l.ID, Body: "first", CreatedAt: t0.Add(-time.Hour)},
		{LeadID: l.ID, Body: "third", CreatedAt: t0},
	}}))
	got, err := s.Lead(ctx, f.as(f.owner), l.ID)
	must(t, err)
	var bodies []string
	for _, n := range got.Notes {
		bodies = append(bodies, n.Body)
	}
	if diff := cmp.Diff([]string{"first", "second", "third"}, bodies); diff != "" {
		t.Errorf("Lead notes (-want +got):\n%s", diff)
	}
	if got.Notes[1].Author != f.other.Name || got.Notes[0].Author != "" || got.Notes[0].AuthorID != 0 {
		t.Errorf("note authors: %+v", got.Notes)
	}
}

// testSearchWhole: a page of SearchLeads with Whole holds each lead as Lead
// gives it, to its owner and to another user, for leads with vehicles,
// notes, links and an unfinalized import's changes.
func testSearchWhole(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "whole")
	a := f.lead(t, nil, "ann", "lee", "+15145550000", "")
	b := f.lead(t, nil, "bob", "roy", "", "bob@roy.ca")
	f.seed(t, a, b)
	imp := f.running(t, "w1")
	before, after := *a, *a
	after.City, after.UpdatedAt = "Laval", micro(time.Now().Add(time.Second))
	must(t, s.ApplyBatch(ctx, &leadport.Batch{ImportID: imp.ID, Worker: "w1",
		Updates:  []leadport.LeadUpdate{{Before: &before, After: &after}},
		Vehicles: []leadport.Vehicle{{LeadID: a.ID, Kind: "wanted", Make: "Honda", Model: "Civic"}},
		Notes:    []leadport.Note{{LeadID: a.ID, Body: "[import] Note: hello", CreatedAt: micro(time.Now())}},
		Links:    []leadport.Link{{A: a.ID, B: b.ID}},
		Counters: leadport.Counters{Processed: 1, Merged: 1}, Finished: true}))
	for _, u := range []*leadport.User{f.owner, f.other} {
		page, _, err := s.SearchLeads(ctx, f.as(u), leadport.LeadFilter{Limit: 10, Whole: true})
		must(t, err)
		if len(page) != 2 {
			t.Fatalf("%s: %d leads, want 2", u.Email, len(page))
		}
		for _, got := range page {
			want, err := s.Lead(ctx, f.as(u), got.ID)
			must(t, err)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s: lead %d in a whole page differs from Lead (-Lead +page):\n%s", u.Email, got.ID, diff)
			}
		}
	}
}

// testRevertKeepsVisibility: reverting an import that merged into the lead
// of another, since finalized, import leaves that lead visible.
func testRevertKeepsVisibility(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "vis")
	a := f.running(t, "w1")
	l := f.lead(t, a, "ann", "lee", "+15145550000", "")
	must(t, s.ApplyBatch(ctx, &leadport.Batch{ImportID: a.ID, Worker: "w1", Creates: []*leadport.Lead{l},
		Counters: leadport.Counters{Processed: 1, Created: 1}, Finished: true}))

	b := f.running(t, "w2")
	before := *l
	after := *l
	after.City, after.UpdatedAt = "Laval", micro(time.Now().Add(time.Second))
	must(t, s.ApplyBatch(ctx, &leadport.Batch{ImportID: b.ID, Worker: "w2", Updates: []leadport.LeadUpdate{{Before: &before, After: &after}},
		Counters: leadport.Counters{Processed: 1, Merged: 1}, Finished: true}))
	must(t, s.FinalizeImport(ctx, a.ID))
	must(t, s.RevertImport(ctx, b.ID))

	got, err := s.Lead(ctx, f.as(f.owner), l.ID)
	must(t, err)
	want := *l
	want.VisibleTo = 0
	if diff := cmp.Diff(&want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("lead after reverting the import that merged into it (-want +got):\n%s", diff)
	}
}

// testExportInterleaved exports the leads of one import whose IDs alternate
// with another's: each lead comes with its own children only.
func testExportInterleaved(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "interleaved")
	g := newFixture(t, s, "interleaved2")
	a, b := f.running(t, "w1"), g.running(t, "w2")
	var la, lb []*leadport.Lead
	for i := range 40 {
		la = append(la, f.lead(t, a, "ann", fmt.Sprint(i), "", ""))
		lb = append(lb, g.lead(t, b, "bob", fmt.Sprint(i), "", ""))
	}
	children := func(imp *leadport.Import, leads []*leadport.Lead, tag string) *leadport.Batch {
		batch := &leadport.Batch{ImportID: imp.ID, Worker: map[int64]string{a.ID: "w1", b.ID: "w2"}[imp.ID], Creates: leads}
		for i, l := range leads {
			batch.Vehicles = append(batch.Vehicles, leadport.Vehicle{LeadID: l.ID, Kind: leadport.VehicleWanted, Make: tag})
			batch.Notes = append(batch.Notes, leadport.Note{LeadID: l.ID, Body: tag})
			if i > 0 {
				batch.Links = append(batch.Links, leadport.Link{A: leads[i-1].ID, B: l.ID})
			}
		}
		return batch
	}
	must(t, s.ApplyBatch(ctx, children(a, la, "A")))
	must(t, s.ApplyBatch(ctx, children(b, lb, "B")))
	got := export(t, s, f.as(f.owner), leadport.LeadFilter{ImportID: a.ID})
	if diff := cmp.Diff(ids(la), ids(got)); diff != "" {
		t.Fatalf("ExportLeads by import (-want +got):\n%s", diff)
	}
	for i, l := range got {
		var assoc []int64
		if i > 0 {
			assoc = append(assoc, la[i-1].ID)
		}
		if i < len(la)-1 {
			assoc = append(assoc, la[i+1].ID)
		}
		if len(l.Vehicles) != 1 || l.Vehicles[0].Make != "A" || len(l.Notes) != 1 || l.Notes[0].Body != "A" || !cmp.Equal(assoc, l.Associated) {
			t.Errorf("lead %d: vehicles %+v, notes %+v, associated %v (want %v)", l.ID, l.Vehicles, l.Notes, l.Associated, assoc)
		}
	}
}
