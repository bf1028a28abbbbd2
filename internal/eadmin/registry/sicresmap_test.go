package registry

import (
	"strings"
	"testing"
	"time"

	"concejo/internal/eadmin/registry/sicres"
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
