package inefile_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"concejo/internal/backoffice/census/inefile"
)

func sample() inefile.Record {
	return inefile.Record{
		Province: "10", Municipality: "001",
		Key: inefile.Person{Name: "María José", Surname1: "Núñez", Particle2: "de", Surname2: "la Peña",
			BirthProvince: "10", BirthMunicipality: "37", BirthDate: time.Date(1980, 2, 29, 0, 0, 0, 0, time.UTC),
			DocType: inefile.DocDNI, DocNumber: "12345678", DocControl: "Z", LocalID: "P000000000042"},
		Info: inefile.InfoEnvio, Date: time.Date(2026, 10, 3, 0, 0, 0, 0, time.UTC), Variation: inefile.Alta, Cause: "AC",
		Address: inefile.Address{District: "1", Section: "1", StreetCode: "120", StreetType: "CALLE", StreetName: "Mayor",
			Number: "7", Qualifier: "B", Floor: "2", Door: "IZDA"},
		Sheet: "00000012",
		Data: inefile.Person{Name: "María José", Surname1: "Núñez", Surname2: "de la Peña", BirthProvince: "10",
			BirthMunicipality: "037", BirthDate: time.Date(1980, 2, 29, 0, 0, 0, 0, time.UTC), DocType: "1",
			DocNumber: "12345678", DocControl: "Z", LocalID: "P000000000042"},
		Sex: inefile.SexFemale, Studies: "46", Nationality: "108", FromProvince: "28", FromMunicipality: "79",
	}
}

func TestPositions(t *testing.T) {
	line, err := inefile.Layout554{}.Encode(sample())
	if err != nil {
		t.Fatal(err)
	}
	rs := []rune(line)
	if len(rs) != 554 {
		t.Fatalf("width %d", len(rs))
	}
	at := func(pos, width int) string { return string(rs[pos-1 : pos-1+width]) }
	for _, c := range []struct {
		pos, w int
		want   string
	}{
		{1, 2, "10"}, {3, 3, "001"}, {6, 20, "MARÍA JOSÉ          "}, {32, 5, "NÚÑEZ"}, {57, 6, "DE    "},
		{88, 2, "10"}, {90, 3, "037"}, {93, 8, "19800229"}, {101, 1, "1"}, {103, 8, "12345678"}, {111, 1, "Z"},
		{158, 1, "E"}, {161, 8, "20261003"}, {169, 1, "A"}, {170, 2, "AC"}, {172, 2, "01"}, {174, 3, "001"},
		{260, 5, "00120"}, {265, 5, "CALLE"}, {351, 4, "0007"}, {355, 1, "B"}, {371, 3, "2  "}, {374, 4, "IZDA"},
		{497, 1, "6"}, {542, 2, "46"}, {544, 3, "108"}, {547, 2, "28"}, {549, 3, "079"},
	} {
		if got := at(c.pos, c.w); got != c.want {
			t.Errorf("pos %d: %q, want %q", c.pos, got, c.want)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	w := inefile.NewWriter(&buf, nil)
	if err := w.Write(sample()); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	if buf.Len() != 556 {
		t.Fatalf("bytes %d, want 554 + CRLF in ISO-8859-1", buf.Len())
	}
	lines, err := inefile.Read(&buf, nil)
	if err != nil || len(lines) != 1 || lines[0].Err != nil {
		t.Fatalf("%v %+v", err, lines)
	}
	r := lines[0].Record
	if r.Data.Surname1 != "NÚÑEZ" || r.Sex != "6" || r.Nationality != "108" || !r.Date.Equal(sample().Date) || r.Cause != "AC" {
		t.Fatalf("%+v", r)
	}
}

func TestErrors(t *testing.T) {
	long := sample()
	long.Data.Name = strings.Repeat("A", 21)
	if _, err := (inefile.Layout554{}).Encode(long); err == nil || !strings.Contains(err.Error(), "nombre") {
		t.Fatalf("long name: %v", err)
	}
	line, _ := inefile.Layout554{}.Encode(sample())
	bad := []struct{ name, line string }{
		{"sex", line[:0] + replaceAt(line, 497, "3")},
		{"cvar", replaceAt(line, 169, "X")},
		{"date", replaceAt(line, 161, "20261340")},
		{"digits", replaceAt(line, 1, "1X")},
		{"long", line + "X"},
	}
	for _, b := range bad {
		lines, err := inefile.Read(strings.NewReader(b.line+"\n"), nil)
		if err != nil || len(lines) != 1 || lines[0].Err == nil {
			t.Errorf("%s: %v %+v", b.name, err, lines)
		}
	}
}

func replaceAt(line string, pos int, v string) string {
	rs := []rune(line)
	copy(rs[pos-1:], []rune(v))
	return string(rs)
}

// FuzzRead: the reader never panics, and what it reads and can write again
// reads back the same.
func FuzzRead(f *testing.F) {
	line, _ := inefile.Layout554{}.Encode(sample())
	f.Add([]byte(line + "\r\n"))
	f.Add([]byte(line[:200]))
	f.Add([]byte("\n\n \r\n"))
	f.Add([]byte{0xd1, 0xc1, '\n'})
	f.Fuzz(func(t *testing.T, data []byte) {
		lines, _ := inefile.Read(bytes.NewReader(data), nil)
		for _, l := range lines {
			if l.Err != nil {
				continue
			}
			enc, err := inefile.Layout554{}.Encode(l.Record)
			if err != nil {
				continue
			}
			back, err := inefile.Layout554{}.Decode(enc)
			if err != nil {
				t.Fatalf("re-read: %v", err)
			}
			enc2, err := inefile.Layout554{}.Encode(back)
			if err != nil || enc2 != enc {
				t.Fatalf("round trip differs: %v\n%q\n%q", err, enc, enc2)
			}
		}
	})
}
