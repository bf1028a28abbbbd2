package parties

import (
	"strings"
	"testing"
	"time"
)

// FuzzCheckDocument: any document typed by a user is refused with a
// message or accepted normalised (upper case, no separators), and checking
// the accepted value again gives the same result.
func FuzzCheckDocument(f *testing.F) {
	for _, s := range []string{"12345678Z", "x1234567l", "B86670460", "AB 123-456", "", "12345678", "ÑÑÑ", "P2807900B"} {
		for _, dt := range []string{DocNIF, DocNIE, DocCIF, DocPassport, DocOther, "?"} {
			f.Add(KindPerson, dt, s)
			f.Add(KindLegal, dt, s)
		}
	}
	f.Fuzz(func(t *testing.T, kind, docType, number string) {
		gotType, got, err := CheckDocument(kind, docType, number)
		if err != nil {
			if err.Error() == "" {
				t.Errorf("CheckDocument(%q, %q, %q): empty message", kind, docType, number)
			}
			return
		}
		if got != strings.ToUpper(got) || strings.ContainsAny(got, " .-") {
			t.Errorf("CheckDocument(%q) = %q: not normalised", number, got)
		}
		t2, again, err := CheckDocument(kind, gotType, got)
		if err != nil || again != got || t2 != gotType {
			t.Errorf("CheckDocument not idempotent on %q: %q %q %v", got, t2, again, err)
		}
	})
}

// FuzzCheck: a whole tercero from a form never panics; an accepted one has
// a search text that finds it by any of its name words.
func FuzzCheck(f *testing.F) {
	f.Add("fisica", "NIF", "12345678Z", "José", "García", "", "a@b.es", "927000000", "10001", "108", int64(0))
	f.Add("juridica", "CIF", "B86670460", "Gata, S.L.", "", "", "", "+351 21 000 0000", "1000-001", "130", int64(-1))
	f.Fuzz(func(t *testing.T, kind, docType, doc, name, s1, s2, email, phone, postal, country string, birth int64) {
		p := Party{Kind: kind, DocType: docType, DocNumber: doc, Name: name, Surname1: s1, Surname2: s2, Email: email,
			Phone: phone, PostalCode: postal, CountryCode: country}
		if birth != 0 {
			d := time.Unix(birth%(4e9), 0).UTC()
			p.BirthDate = &d
		}
		if err := Check(&p); err != nil {
			return
		}
		st := p.SearchText()
		for _, w := range searchWords(p.Name + " " + p.Surname1) {
			if !strings.Contains(st, w) {
				t.Errorf("search text %q misses %q", st, w)
			}
		}
	})
}
