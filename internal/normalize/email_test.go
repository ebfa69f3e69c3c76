package normalize

import "testing"

func TestEmail(t *testing.T) {
	tests := []struct{ name, raw, want, err string }{
		{name: "empty", raw: ""},
		{name: "blank", raw: " \u00a0 "},
		{name: "plain", raw: "jf.cote@videotron.ca", want: "jf.cote@videotron.ca"},
		{name: "upper case", raw: "JF.Cote@Videotron.CA", want: "jf.cote@videotron.ca"},
		{name: "padded", raw: "  eve.t@bell.net\t", want: "eve.t@bell.net"},
		{name: "nbsp padded", raw: "\u00a0eve.t@bell.net\u00a0", want: "eve.t@bell.net"},
		{name: "angle brackets", raw: "<eve.t@bell.net>", want: "eve.t@bell.net"},
		{name: "mailto", raw: "mailto:Eve.T@Bell.net", want: "eve.t@bell.net"},
		{name: "MAILTO in brackets", raw: "<MAILTO:eve.t@bell.net>", want: "eve.t@bell.net"},
		{name: "plus tag kept", raw: "marie+auto@gmail.com", want: "marie+auto@gmail.com"},
		{name: "gmail dots kept", raw: "m.a.r.i.e@gmail.com", want: "m.a.r.i.e@gmail.com"},
		{name: "subdomain", raw: "a@mail.example.qc.ca", want: "a@mail.example.qc.ca"},
		{name: "hyphenated domain", raw: "a@ville-de-laval.qc.ca", want: "a@ville-de-laval.qc.ca"},
		{name: "accented local part", raw: "Éric@exemple.ca", want: "éric@exemple.ca"},
		{name: "two at", raw: "jf@cote@videotron.ca", err: "not an email address"},
		{name: "no at", raw: "jf.cote.videotron.ca", err: "not an email address"},
		{name: "nothing before at", raw: "@videotron.ca", err: "not an email address"},
		{name: "nothing after at", raw: "jf@", err: "not an email address"},
		{name: "no dot in domain", raw: "jf@localhost", err: "not an email address"},
		{name: "trailing dot", raw: "jf@videotron.ca.", err: "not an email address"},
		{name: "leading dot in domain", raw: "jf@.videotron.ca", err: "not an email address"},
		{name: "empty label", raw: "jf@videotron..ca", err: "not an email address"},
		{name: "hyphen at label end", raw: "jf@videotron-.ca", err: "not an email address"},
		{name: "space inside", raw: "jf cote@videotron.ca", err: "not an email address"},
		{name: "space in domain", raw: "jf@videotron .ca", err: "not an email address"},
		{name: "nbsp inside", raw: "jf\u00a0cote@videotron.ca", err: "not an email address"},
		{name: "two addresses", raw: "a@b.ca, c@d.ca", err: "not an email address"},
		{name: "two addresses semicolon", raw: "a@b.ca;c@d.ca", err: "not an email address"},
		{name: "display name", raw: "Jean Côté <jf@videotron.ca>", err: "not an email address"},
		{name: "comma typo", raw: "jf@videotron,ca", err: "not an email address"},
		{name: "text", raw: "n/a", err: "not an email address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Email(tt.raw)
			if got != tt.want || errString(err) != tt.err {
				t.Errorf("Email(%q) = %q, %v; want %q, %q", tt.raw, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestEmailLowerCaseDoesNotAllocate(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { _, _ = Email(" jf.cote@videotron.ca ") }); n != 0 {
		t.Errorf("Email of a lower-case address allocates %v times, want 0", n)
	}
}
