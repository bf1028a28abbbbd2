package dir3

import (
	"errors"
	"strings"
	"testing"
	"time"

	"concejo/internal/platform/errs"
)

func TestParseZip(t *testing.T) {
	d, err := Parse("unidades.zip", testZip(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Units) != len(testUnits) || len(d.Offices) != 1 || len(d.Links) != 1 {
		t.Fatalf("read %d units, %d offices, %d links", len(d.Units), len(d.Offices), len(d.Links))
	}
	if !d.Has(fileUnits) || !d.Has(fileSIRLinks) || d.Has(fileOrgLinks) {
		t.Errorf("files read: %v", d.Files)
	}
	u := d.Units[2]
	if u.Code != "A11000002" || u.SuperiorCode != "A11000001" || u.RootCode != "A11002926" || u.Level != 3 ||
		u.AdminLevel != Autonomica || u.State != Vigente || !u.CreatedOn.Equal(time.Date(2023, 7, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("unit read as %+v", u)
	}
	if e := d.Units[4]; e.State != Extinguida || e.ExtinguishedOn.IsZero() {
		t.Errorf("extinguished unit read as %+v", e)
	}
	if want := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC); !d.Date.Equal(want) {
		t.Errorf("file date %v, want the latest fecha de última actualización %v", d.Date, want)
	}
	if l := d.Links[0]; l != (Link{Kind: linkSIR, OfficeCode: "O00000001", UnitCode: "A11000001", State: Vigente}) {
		t.Errorf("link read as %+v", l)
	}
}

func TestParseSingleCSV(t *testing.T) {
	// A CSV named as the Directorio names it, in ISO-8859-1, quoted.
	body := csvFile(fileUnits, strings.Replace(unitLine("L01100377", `"Ayuntamiento de Cáceres"`, "V", "3", "1", "L01100377", "L01100377", "", "", ""), "á", "\xe1", 1))
	d, err := Parse("UNIDADES.CSV", body)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Units) != 1 || d.Units[0].Name != "Ayuntamiento de Cáceres" {
		t.Fatalf("units %+v", d.Units)
	}
	// Another name: recognised by its columns.
	if d, err := Parse("descarga.csv", csvFile(fileOffices, testOffices...)); err != nil || len(d.Offices) != 1 {
		t.Fatalf("offices by columns: %v %+v", err, d.Offices)
	}
}

func TestParseRefusesMalformed(t *testing.T) {
	cases := []struct {
		name    string
		content []byte
		want    string
	}{
		{"fichero.pdf", []byte("%PDF-1.4"), "No se reconoce fichero.pdf como un fichero del DIR3"},
		{"roto.zip", []byte("PK\x03\x04 roto"), "no es un ZIP válido"},
		{"otro.zip", zipOf(t, map[string][]byte{"leeme.txt": []byte("x")}), "no contiene ninguno de los ficheros del DIR3"},
		{fileUnits, []byte(""), "está vacío"},
		{fileUnits, csvFile(fileUnits, "A11000001;1;Consejería"), "Unidades.csv, línea 2: tiene 3 columnas y el formato del DIR3 tiene al menos 56"},
		{fileUnits, csvFile(fileUnits, unitLine("A11000001", "", "V", "2", "2", "", "", "", "", "")), "línea 2: falta la denominación de la unidad"},
		{fileUnits, csvFile(fileUnits, unitLine("A11000001", "Consejería", "X", "2", "2", "", "", "", "", "")), "el estado «X» no es V, E, A ni T"},
		{fileUnits, csvFile(fileUnits, testUnits[0], unitLine("A11000001", "Consejería", "V", "2", "2", "", "", "31/02/2023", "", "")), "línea 3: la fecha de alta «31/02/2023» no es una fecha dd/mm/aaaa"},
		{fileUnits, csvFile(fileUnits, unitLine("A11-0001", "Consejería", "V", "2", "2", "", "", "", "", "")), "el código de la unidad «A11-0001» no es un código DIR3"},
		{fileUnits, csvFile(fileUnits, unitLine("A11000001", "Consejería", "V", "dos", "2", "", "", "", "", "")), "el nivel de administración «dos» no es un número"},
		{fileSIRLinks, csvFile(fileSIRLinks, relationLine("", "A11000001", "V")), "RelacionesSIROFI.csv, línea 2: falta el código de la oficina"},
	}
	for _, c := range cases {
		_, err := Parse(c.name, c.content)
		if !errors.Is(err, errs.Invalid) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an invalid error with %q", c.name, err, c.want)
		}
	}
}

// FuzzParse: whatever the bytes, Parse returns data or an invalid error
// (never a panic, never another kind of error).
func FuzzParse(f *testing.F) {
	f.Add("unidades.zip", testZip(f))
	f.Add(fileUnits, csvFile(fileUnits, testUnits...))
	f.Add(fileOffices, csvFile(fileOffices, testOffices...))
	f.Add(fileSIRLinks, csvFile(fileSIRLinks, testSIR...))
	f.Add("x.csv", []byte("a;\"b\nc\";d\n"))
	f.Fuzz(func(t *testing.T, name string, content []byte) {
		d, err := Parse(name, content)
		if err != nil {
			if !errors.Is(err, errs.Invalid) {
				t.Fatalf("error of kind %v: %v", errs.KindOf(err), err)
			}
			return
		}
		for _, u := range d.Units {
			if u.Code == "" || u.Name == "" || !codeRe.MatchString(u.Code) {
				t.Fatalf("unit accepted without a valid code or name: %+v", u)
			}
		}
	})
}
