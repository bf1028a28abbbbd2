package placsp_test

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"concejo/internal/portal/placsp"
)

func TestParseSample(t *testing.T) {
	data, err := os.ReadFile("testdata/placsp.atom")
	if err != nil {
		t.Fatal(err)
	}
	f, err := placsp.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if f.Next == "" || !strings.HasSuffix(f.ID, "PlataformasAgregadasSinMenores.atom") || f.Updated.IsZero() {
		t.Errorf("feed header: %+v", f)
	}
	if len(f.Deleted) != 1 || f.Deleted[0].Reason != "CERRADA" || !strings.HasSuffix(f.Deleted[0].Ref, "/7816066") {
		t.Errorf("tombstones: %+v", f.Deleted)
	}
	if len(f.Entries) != 1 {
		t.Fatalf("entries: %d", len(f.Entries))
	}
	e := f.Entries[0]
	want := placsp.Entry{FolderID: "905451/26", Status: "EV", Party: "Àrea Metropolitana de Barcelona", TypeCode: "2",
		CPV: "90513000", NUTS: "ES511", ProcedureCode: "1", Duration: "2 años",
		EstimatedCents: 218387093, BudgetCents: 94950910}
	if e.FolderID != want.FolderID || e.Status != want.Status || e.Party != want.Party || e.TypeCode != want.TypeCode ||
		e.CPV != want.CPV || e.NUTS != want.NUTS || e.ProcedureCode != want.ProcedureCode || e.Duration != want.Duration ||
		e.EstimatedCents != want.EstimatedCents || e.BudgetCents != want.BudgetCents {
		t.Errorf("entry:\n%+v", e)
	}
	if !strings.HasPrefix(e.Name, "Servicios de tratamiento de la fracción vegetal") || !strings.HasPrefix(e.Link, "https://contractaciopublica.cat/") {
		t.Errorf("name/link: %q %q", e.Name, e.Link)
	}
	if dl := e.Deadline.In(time.FixedZone("CEST", 2*3600)); dl.Format("2006-01-02 15:04") != "2026-09-14 14:00" {
		t.Errorf("deadline %s", dl)
	}
	if len(e.Documents) != 2 || e.Documents[0].Kind != "Pliego de cláusulas administrativas" || e.Documents[1].Name != "905451-26 Plec tècnic.pdf" {
		t.Errorf("documents: %+v", e.Documents)
	}
	if len(e.Notices) != 1 || e.Notices[0].Type != "DOC_CN" || e.Notices[0].Media != "Perfil del contratante" || e.Notices[0].Date.IsZero() {
		t.Errorf("notices: %+v", e.Notices)
	}
	if placsp.StatusLabel(e.Status) != "Pendiente de adjudicación" || placsp.TypeLabel("2") != "Servicios" || placsp.ProcedureLabel("1") != "Abierto" {
		t.Error("labels")
	}
}

func TestParseRejects(t *testing.T) {
	for _, in := range []string{"", "no es xml", "<feed><entry>", `<?xml version="1.0" encoding="ISO-8859-1"?><feed/>`} {
		if _, err := placsp.Parse(strings.NewReader(in)); err == nil {
			t.Errorf("%q: expected an error", in)
		}
	}
	big := strings.Repeat(" ", placsp.MaxSize+10)
	if _, err := placsp.Parse(strings.NewReader("<feed>" + big + "</feed>")); !errors.Is(err, placsp.ErrTooLarge) {
		t.Errorf("oversize: %v", err)
	}
}

func TestCents(t *testing.T) {
	for in, want := range map[string]int64{"949509.1": 94950910, "2183870.93": 218387093, "1234,565": 123457, "12": 1200,
		"": 0, "abc": 0, "1.2x": 0, "-3.5": -350, "99999999999999999999": 0} {
		if got := placsp.Cents(in); got != want {
			t.Errorf("Cents(%q) = %d, want %d", in, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	if data, err := os.ReadFile("testdata/placsp.atom"); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><ContractFolderStatus><ContractFolderID>1</ContractFolderID></ContractFolderStatus></entry></feed>`))
	f.Add([]byte(`<feed><entry><ContractFolderStatus><ProcurementProject><BudgetAmount><TaxExclusiveAmount>1.999</TaxExclusiveAmount></BudgetAmount></ProcurementProject></ContractFolderStatus></entry></feed>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		feed, err := placsp.Parse(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, e := range feed.Entries {
			_ = placsp.StatusLabel(e.Status) + placsp.TypeLabel(e.TypeCode) + placsp.ProcedureLabel(e.ProcedureCode)
			if len(e.FolderID) > len(data) {
				t.Fatal("field longer than the input")
			}
		}
	})
}
