package territory

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"concejo/internal/platform/db"
	"concejo/internal/platform/web"
)

// FuzzParseDay: dates typed by users never panic and, when accepted, are
// UTC midnights in a sane range.
func FuzzParseDay(f *testing.F) {
	for _, s := range []string{"01/02/2020", "2020-02-01", "1/2/2020", "31/02/2020", "", "99/99/9999", "０１/０２/２０２０"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := web.ParseDay(s, time.UTC)
		if ok && (d.Year() < 1800 || d.Year() > 2200 || d.Hour() != 0 || d.Location().String() != "UTC") {
			t.Errorf("ParseDay(%q) = %v", s, d)
		}
	})
}

// FuzzSearchWords: search text from the user becomes at most 8 folded
// words without spaces, and the street picker's LIKE escaping keeps them intact.
func FuzzSearchWords(f *testing.F) {
	for _, s := range []string{"Calle Mayor 5", "PLAZA  españa", "%_\\", "a b c d e f g h i j", "\x00\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ws := words(s)
		if len(ws) > 8 {
			t.Errorf("words(%q) gave %d words", s, len(ws))
		}
		for _, w := range ws {
			if w == "" || strings.ContainsAny(w, " \t\n") {
				t.Errorf("words(%q) gave %q", s, w)
			}
			if e := db.EscapeLike(w); strings.Count(e, `\`) < strings.Count(w, "%")+strings.Count(w, "_") {
				t.Errorf("db.EscapeLike(%q) = %q", w, e)
			}
		}
	})
}

// FuzzAddressLine: any address fields print as valid UTF-8 in one line.
func FuzzAddressLine(f *testing.F) {
	f.Add("CALLE", "Mayor", 5, "B", "", "1", "2", "A")
	f.Add("XX", "", -1, "", "12,5", "", "BJ", "")
	f.Fuzz(func(t *testing.T, typ, name string, num int, letter, km, stair, floor, door string) {
		a := Address{StreetType: typ, StreetName: name, Letter: letter, Km: km, Stair: stair, Floor: floor, Door: door}
		if num >= 0 {
			a.Number = &num
		}
		line := a.Line()
		if utf8.ValidString(typ+name+letter+km+stair+floor+door) && !utf8.ValidString(line) {
			t.Errorf("Line() is not UTF-8: %q", line)
		}
		if strings.Contains(line, "\n") && !strings.Contains(typ+name+letter+km+stair+floor+door, "\n") {
			t.Errorf("Line() has a new line: %q", line)
		}
	})
}

// FuzzPadDigits: padding never changes a value that is not a short number.
func FuzzPadDigits(f *testing.F) {
	for _, s := range []string{"1", "01", "abc", "", "123456", "-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := padDigits(s, 3)
		if strings.TrimLeft(got, "0") != strings.TrimLeft(strings.TrimSpace(s), "0") && got != strings.TrimSpace(s) {
			t.Errorf("padDigits(%q) = %q", s, got)
		}
	})
}
