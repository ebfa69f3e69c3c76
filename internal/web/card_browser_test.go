package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/leadport/leadport"
)

// TestBrowserCardEdit edits a card in Chromium: a bad phone is refused with
// the import's reason beside its field, good values are saved and shown in
// the history, and "use this value" moves a kept-aside city into its field
// after asking.
func TestBrowserCardEdit(t *testing.T) {
	needBrowser(t)
	e := newEnv(t)
	d := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	id := cardFixture(t, e, d)
	b := e.tab(t)
	b.login(d)
	b.open(pathf("/leads/%d", id))
	if got := b.text("#card-origin"); !strings.Contains(got, "created by import #1 · changed by import #2") {
		t.Errorf("card header = %q", got)
	}
	if got := b.text("#notes .import-lines"); !strings.Contains(got, "kept aside: the card already had Montréal") || !strings.Contains(got, "bad value") {
		t.Errorf("[import] lines = %q", got)
	}
	b.navigate(chromedp.Click(chromedp.ID("edit-card")))
	b.do(chromedp.SetValue(chromedp.CSS(`input[name="f_phone_work"]`), "555-12"),
		chromedp.SetValue(chromedp.CSS(`input[name="f_city"]`), "Québec"))
	if status := b.navigate(chromedp.Click(chromedp.ID("save-card"))); status != 400 {
		t.Errorf("save with a bad phone: %d", status)
	}
	if got := b.text(`.field-error[data-for="f_phone_work"]`); got != "not a phone number" {
		t.Errorf("the bad phone's message = %q", got)
	}
	if got := evalTo[string](b, `document.querySelector('input[name="f_city"]').value`); got != "Québec" {
		t.Errorf("the form lost the city typed: %q", got)
	}
	b.screenshot("card-edit-refused")
	b.do(chromedp.SetValue(chromedp.CSS(`input[name="f_phone_work"]`), "438 555-0199 x 12"))
	b.navigate(chromedp.Click(chromedp.ID("save-card")))
	if got := b.text("#history"); !strings.Contains(got, "Québec") || !strings.Contains(got, "(438) 555-0199 ext. 12") || !strings.Contains(got, "Dana Test") {
		t.Errorf("history = %q", got)
	}
	// The city line of the note: the field holds Québec now, so it asks.
	b.navigate(chromedp.Click(chromedp.CSS(`#notes form.use-value[data-field="city"] button`)))
	if got := b.text("#replace"); !strings.Contains(got, "City already holds “Québec”. Replace it with “Laval”?") {
		t.Errorf("replace question = %q", got)
	}
	b.navigate(chromedp.Click(chromedp.ID("confirm-replace")))
	if got := b.text(".flash"); !strings.Contains(got, "moved into its field") {
		t.Errorf("after replace: %q", got)
	}
	if l, _ := e.app.Lead(t.Context(), d, id); l.City != "Laval" || l.PhoneWork != "+14385550199" || l.PhoneWorkExt != "12" {
		t.Errorf("card: city %q, work phone %q ext %q", l.City, l.PhoneWork, l.PhoneWorkExt)
	}
	b.screenshot("card-history")
}
