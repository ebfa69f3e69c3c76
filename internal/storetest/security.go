package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/leadport/leadport"
)

// The conformance tests of SPEC §10: passwords and deactivation end a
// user's access, token use is recorded at most once a minute, login
// attempts are counted atomically, and old drafts are deleted.

func testSetPassword(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "pw")
	must(t, s.CreateToken(ctx, &leadport.Token{UserID: f.owner.ID, Name: "a", Hash: "pw-a"}))
	must(t, s.CreateToken(ctx, &leadport.Token{UserID: f.owner.ID, Name: "b", Hash: "pw-b"}))
	must(t, s.CreateToken(ctx, &leadport.Token{UserID: f.other.ID, Name: "c", Hash: "pw-c"}))
	before, err := s.UserByID(ctx, f.owner.ID)
	must(t, err)
	u, err := s.SetPassword(ctx, f.owner.ID, "new-hash")
	must(t, err)
	if u.PasswordHash != "new-hash" || u.SessionEpoch != before.SessionEpoch+1 {
		t.Errorf("SetPassword returned hash %q epoch %d; want new-hash, %d", u.PasswordHash, u.SessionEpoch, before.SessionEpoch+1)
	}
	if again, _ := s.UserByID(ctx, f.owner.ID); again.PasswordHash != "new-hash" || again.SessionEpoch != u.SessionEpoch {
		t.Errorf("UserByID after SetPassword = %+v", again)
	}
	if list, _ := s.ListTokens(ctx, f.owner.ID); len(list) != 0 {
		t.Errorf("tokens left after SetPassword: %d", len(list))
	}
	if list, _ := s.ListTokens(ctx, f.other.ID); len(list) != 1 {
		t.Errorf("another user's tokens: %d, want 1", len(list))
	}
	_, err = s.SetPassword(ctx, 1<<40, "x")
	wantCode(t, err, leadport.ENOTFOUND)
}

func testDeactivateUser(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "deact")
	must(t, s.CreateToken(ctx, &leadport.Token{UserID: f.other.ID, Name: "a", Hash: "deact-a"}))
	imp := f.draft(t, "a,b\n1,2\n")
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	u, err := s.DeactivateUser(ctx, f.other.ID, at)
	must(t, err)
	if u.Active() || !u.DeactivatedAt.Equal(at) || u.SessionEpoch != 1 {
		t.Errorf("DeactivateUser = deactivated %v epoch %d; want %v, 1", u.DeactivatedAt, u.SessionEpoch, at)
	}
	if _, err := s.UserByTokenHash(ctx, "deact-a"); leadport.ErrorCode(err) != leadport.ENOTFOUND {
		t.Errorf("the token of a deactivated user still works: %v", err)
	}
	u, err = s.DeactivateUser(ctx, f.other.ID, at.Add(time.Hour))
	must(t, err)
	if !u.DeactivatedAt.Equal(at) {
		t.Errorf("a second deactivation moved the date to %v", u.DeactivatedAt)
	}
	// Never deleted: still listed, still found, and the owner's work stays.
	users, err := s.ListUsers(ctx, f.account.ID)
	must(t, err)
	if len(users) != 2 {
		t.Errorf("ListUsers after deactivation: %d users, want 2", len(users))
	}
	u, err = s.DeactivateUser(ctx, f.owner.ID, at)
	must(t, err)
	if _, err := s.Import(ctx, imp.ID); err != nil {
		t.Errorf("the import of a deactivated user: %v", err)
	}
	if !u.CanImport || u.Role != leadport.RoleDirector {
		t.Errorf("deactivation changed the profile: %+v", u)
	}
}

func testTouchToken(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "touch")
	must(t, s.CreateToken(ctx, &leadport.Token{UserID: f.owner.ID, Name: "a", Hash: "touch-a"}))
	lastUsed := func() *time.Time {
		list, err := s.ListTokens(ctx, f.owner.ID)
		must(t, err)
		return list[0].LastUsedAt
	}
	if _, err := s.UserByTokenHash(ctx, "touch-a"); err != nil {
		t.Fatal(err)
	}
	if lu := lastUsed(); lu != nil {
		t.Fatalf("UserByTokenHash wrote the last use (%v): reading must not write", lu)
	}
	t0 := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	must(t, s.TouchToken(ctx, "touch-a", t0))
	must(t, s.TouchToken(ctx, "touch-a", t0.Add(59*time.Second)))
	if lu := lastUsed(); lu == nil || !lu.Equal(t0) {
		t.Fatalf("last use after two uses 59 s apart = %v, want %v", lu, t0)
	}
	must(t, s.TouchToken(ctx, "touch-a", t0.Add(61*time.Second)))
	if lu := lastUsed(); lu == nil || !lu.Equal(t0.Add(61*time.Second)) {
		t.Fatalf("last use a minute later = %v, want %v", lu, t0.Add(61*time.Second))
	}
}

func testLoginAttempts(t *testing.T, s leadport.Store) {
	t0 := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	since := t0.Add(-15 * time.Minute)
	keys, limits := []string{"email:a@x.ca", "addr:10.0.0.1"}, []int{3, 4}
	for i := range 3 {
		full, _, err := s.ReserveLoginAttempt(ctx, fmt.Sprint("ok", i), keys, limits, t0.Add(time.Duration(i)*time.Second), since)
		must(t, err)
		if full != "" {
			t.Fatalf("attempt %d refused (%s) under the limit", i, full)
		}
	}
	full, oldest, err := s.ReserveLoginAttempt(ctx, "over", keys, limits, t0.Add(5*time.Second), since)
	must(t, err)
	if full != "email:a@x.ca" || !oldest.Equal(t0) {
		t.Fatalf("4th attempt: full %q oldest %v; want the email, %v", full, oldest, t0)
	}
	// The refused attempt counted against neither subject: the address
	// takes one more (another email) and then is full.
	full, _, err = s.ReserveLoginAttempt(ctx, "other", []string{"email:b@x.ca", "addr:10.0.0.1"}, limits, t0.Add(6*time.Second), since)
	must(t, err)
	if full != "" {
		t.Fatalf("the address was counted for a refused attempt: full %q", full)
	}
	full, _, err = s.ReserveLoginAttempt(ctx, "other2", []string{"email:c@x.ca", "addr:10.0.0.1"}, limits, t0.Add(7*time.Second), since)
	must(t, err)
	if full != "addr:10.0.0.1" {
		t.Fatalf("5th attempt from the address: full %q, want the address", full)
	}
	// Out of the window, attempts no longer count.
	full, _, err = s.ReserveLoginAttempt(ctx, "later", keys, limits, t0.Add(16*time.Minute), t0.Add(time.Minute))
	must(t, err)
	if full != "" {
		t.Fatalf("attempt after the window refused: %q", full)
	}
	// A success forgets the email's attempts.
	must(t, s.ForgetLoginAttempt(ctx, "later", "email:a@x.ca"))
	for i := range 3 {
		full, _, err := s.ReserveLoginAttempt(ctx, fmt.Sprint("again", i), []string{"email:a@x.ca"}, []int{3}, t0.Add(time.Second), since)
		must(t, err)
		if full != "" {
			t.Fatalf("attempt %d after a success refused", i)
		}
	}
	must(t, s.DeleteLoginAttemptsBefore(ctx, t0.Add(time.Hour)))
	full, _, err = s.ReserveLoginAttempt(ctx, "fresh", keys, []int{1, 1}, t0.Add(2*time.Hour), since)
	must(t, err)
	if full != "" {
		t.Fatalf("attempt after DeleteLoginAttemptsBefore refused: %q", full)
	}
}

// testLoginAttemptsConcurrent: 60 attempts at once for one email count
// exactly 5, however they interleave (SPEC §10).
func testLoginAttemptsConcurrent(t *testing.T, s leadport.Store) {
	at := time.Now()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var counted, refused int
	for i := range 60 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			full, _, err := s.ReserveLoginAttempt(ctx, fmt.Sprint("c", i), []string{"email:victim@x.ca", fmt.Sprint("addr:", i%7)},
				[]int{5, 50}, at, at.Add(-15*time.Minute))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil:
				t.Error(err)
			case full == "":
				counted++
			default:
				refused++
			}
		}()
	}
	wg.Wait()
	if counted != 5 || refused != 55 {
		t.Errorf("60 concurrent attempts: %d counted, %d refused; want 5, 55", counted, refused)
	}
}

func testDeleteDraftsBefore(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "drafts")
	old := f.draft(t, "a,b\n1,2\n")
	queued := f.queued(t)
	n, err := s.DeleteDraftsBefore(ctx, time.Now().Add(-24*time.Hour))
	must(t, err)
	if n != 0 {
		t.Fatalf("DeleteDraftsBefore(a day ago) deleted %d fresh drafts", n)
	}
	n, err = s.DeleteDraftsBefore(ctx, time.Now().Add(time.Hour))
	must(t, err)
	if n != 1 {
		t.Fatalf("DeleteDraftsBefore(in an hour) = %d, want 1 (the draft, not the queued import)", n)
	}
	_, err = s.Import(ctx, old.ID)
	wantCode(t, err, leadport.ENOTFOUND)
	if rc, err := s.OpenImportFile(ctx, old.ID); err == nil {
		buf := make([]byte, 10)
		k, _ := rc.Read(buf)
		rc.Close()
		if k > 0 {
			t.Errorf("the deleted draft's file can still be read: %q", buf[:k])
		}
	}
	if _, err := s.Import(ctx, queued.ID); err != nil {
		t.Errorf("the queued import was deleted: %v", err)
	}
}
