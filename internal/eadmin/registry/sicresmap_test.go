package registry

import (
	"context"
	"strings"
	"testing"
	"time"

	"concejo/internal/eadmin/dir3"
	"concejo/internal/eadmin/registry/sicres"
	"concejo/internal/platform/errs"
)

// TestExportNeverCuts: a MIME type longer than Tipo_MIME (20) is left out,
// never cut; a company is a razón social; a natural person is name and
// surnames, and one given by a one-word name stops the export with a
// message instead of being sent as a razón social.
func TestExportNeverCuts(t *testing.T) {
	e := entryRow{Number: "2026/S/000001", RegisteredAt: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC), Means: "electronico",
		Summary: "Remisión de documentación", DestDIR3: "L01101480", Book: "S"}
	docs := []storedDoc{
		{Filename: "memoria.odt", ContentType: contentTypeFor("odt"), Content: []byte("odt")},
		{Filename: "plano.pdf", ContentType: contentTypeFor("pdf"), Content: []byte("%PDF-1.4")},
	}
	people := []Interested{
		{DocType: "CIF", DocNumber: "B10123453", Name: "Construcciones Muñoz, S.L."},
		{DocType: "NIF", DocNumber: "12345678Z", Name: "Íñigo Fernández de la Peña"},
	}
	f, err := toFichero(e, people, docs, exportParts{Office: "L01100377", OfficeName: "Ayuntamiento de Cáceres",
		ExchangeID: "L01100377_26_00000001", WithContent: true})
	if err != nil {
		t.Fatal(err)
	}
	if a := f.Anexos[0]; a.TipoMIME != "" {
		t.Fatalf("Tipo_MIME of an ODT written as %q (the type has %d characters, SICRES admits 20)", a.TipoMIME, len(contentTypeFor("odt")))
	}
	if a := f.Anexos[1]; a.TipoMIME != "application/pdf" {
		t.Fatalf("Tipo_MIME of a PDF: %q", a.TipoMIME)
	}
	if p := f.Interesados[0]; p.RazonSocial != "Construcciones Muñoz, S.L." || p.Nombre != "" {
		t.Fatalf("company: %+v", p)
	}
	if p := f.Interesados[1]; p.Nombre != "Íñigo" || p.PrimerApellido != "Fernández" || p.SegundoApellido != "de la Peña" || p.RazonSocial != "" {
		t.Fatalf("person: %+v", p)
	}
	if _, err := sicres.Marshal(f, e.RegisteredAt.Add(time.Hour), time.UTC); err != nil {
		t.Fatal(err)
	}
	_, err = toFichero(e, []Interested{{DocType: "PASAPORTE", DocNumber: "PAA123456", Name: "Cher"}}, nil,
		exportParts{Office: "L01100377", ExchangeID: "L01100377_26_00000002"})
	if err == nil || !strings.Contains(err.Error(), "primer apellido") {
		t.Fatalf("a one-word natural person: %v", err)
	}
}

// fakeDirectory is a DIR3 directory of a few units and offices.
type fakeDirectory struct {
	units   map[string]dir3.Unit
	offices map[string]dir3.Office
	sir     map[string]string // unit → office
}

func (f fakeDirectory) Search(context.Context, string, dir3.SearchOptions) ([]dir3.Unit, error) {
	return nil, nil
}

func (f fakeDirectory) Unit(_ context.Context, code string) (dir3.Unit, error) {
	if u, ok := f.units[code]; ok {
		return u, nil
	}
	return dir3.Unit{}, errs.ErrNotFound
}

func (f fakeDirectory) Office(_ context.Context, code string) (dir3.Office, error) {
	if o, ok := f.offices[code]; ok {
		return o, nil
	}
	return dir3.Office{}, errs.ErrNotFound
}

func (f fakeDirectory) SIROffice(_ context.Context, code string) (dir3.Office, error) {
	return f.Office(context.Background(), f.sir[code])
}

// TestDestinationFromDirectory: a destination typed as a unit's code is
// completed with its name and the SIR office that receives for it; an
// asiento addressed to a unit the directory has since extinguished, or to
// an office no longer valid, is warned about; codes the directory does not
// have are left as typed.
func TestDestinationFromDirectory(t *testing.T) {
	m := &Module{Directory: fakeDirectory{
		units: map[string]dir3.Unit{
			"A11000001": {Code: "A11000001", Name: "Consejería de Educación", State: dir3.Vigente},
			"A11000002": {Code: "A11000002", Name: "Consejería suprimida", State: dir3.Extinguida},
		},
		offices: map[string]dir3.Office{"O00000001": {Code: "O00000001", Name: "Registro de la Consejería", State: dir3.Vigente, SIR: true},
			"O00000002": {Code: "O00000002", Name: "Registro cerrado", State: dir3.Anulada}},
		sir: map[string]string{"A11000001": "O00000001"},
	}}
	ctx := context.Background()
	in := NewEntry{DestDIR3: "a11000001"}
	m.resolveDestination(ctx, &in)
	if in.DestDIR3 != "O00000001" || in.DestUnitDIR3 != "A11000001" || in.DestUnitName != "Consejería de Educación" ||
		in.DestName != "Registro de la Consejería" {
		t.Fatalf("resolved: %+v", in)
	}
	unknown := NewEntry{DestDIR3: "L01100377", DestName: "Ayuntamiento de Cáceres"}
	m.resolveDestination(ctx, &unknown)
	if unknown.DestDIR3 != "L01100377" || unknown.DestUnitDIR3 != "" {
		t.Fatalf("an unknown code changed: %+v", unknown)
	}
	if w := m.staleDestination(ctx, entryRow{DestDIR3: "O00000001", EntryDetails: EntryDetails{DestUnitDIR3: "A11000001"}}); len(w) != 0 {
		t.Fatalf("valid destination warned: %v", w)
	}
	w := m.staleDestination(ctx, entryRow{DestDIR3: "O00000002", EntryDetails: EntryDetails{DestUnitDIR3: "A11000002"}})
	if len(w) != 2 || !strings.Contains(w[0], "Registro cerrado") || !strings.Contains(w[1], "extinguida") {
		t.Fatalf("warnings: %v", w)
	}
}
