package sheet_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"concejo/internal/platform/sheet"
)

var sample = sheet.Table{
	Name:   "Población por edad",
	Header: []string{"Municipio", "Habitantes", "Porcentaje", "Fecha", "Activo"},
	Rows: [][]any{
		{"Cáceres", 95617, 24.65, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{"=HYPERLINK(\"x\")", int64(12), nil, time.Date(2026, 3, 4, 10, 30, 0, 0, time.UTC), false},
	},
}

func TestCSV(t *testing.T) {
	var b bytes.Buffer
	if err := sheet.Encode(&b, "csv", sample); err != nil {
		t.Fatal(err)
	}
	want := "\ufeffMunicipio;Habitantes;Porcentaje;Fecha;Activo\n" +
		"Cáceres;95617;24,65;01/01/2026;sí\n" +
		"\"'=HYPERLINK(\"\"x\"\")\";12;;04/03/2026 10:30;no\n"
	if b.String() != want {
		t.Fatalf("got\n%q\nwant\n%q", b.String(), want)
	}
}

func TestXLSXReadsBack(t *testing.T) {
	var b bytes.Buffer
	if err := sheet.Encode(&b, "xlsx", sample); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	name := f.GetSheetName(0)
	if name != "Población por edad" {
		t.Fatalf("sheet name %q", name)
	}
	rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][1] != "Habitantes" || rows[1][0] != "Cáceres" || rows[1][1] != "95617" ||
		rows[1][2] != "24.65" || rows[2][0] != `=HYPERLINK("x")` {
		t.Fatalf("rows %q", rows)
	}
	typ, _ := f.GetCellType(name, "B2")
	if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Fatalf("numbers must stay numbers, got type %v", typ)
	}
	formula, _ := f.GetCellFormula(name, "A3")
	if formula != "" {
		t.Fatalf("text must never become a formula: %q", formula)
	}
	date, _ := f.GetCellValue(name, "D2")
	if !strings.Contains(date, "1") || date == "" {
		t.Fatalf("date cell %q", date)
	}
}

// odsCell is a cell of content.xml as read back.
type odsCell struct {
	Type  string `xml:"value-type,attr"`
	Value string `xml:"value,attr"`
	Date  string `xml:"date-value,attr"`
	Bool  string `xml:"boolean-value,attr"`
	Text  string `xml:"p"`
}

type odsContent struct {
	Tables []struct {
		Name string `xml:"name,attr"`
		Rows []struct {
			Cells []odsCell `xml:"table-cell"`
		} `xml:"table-row"`
	} `xml:"body>spreadsheet>table"`
}

func TestODSStructure(t *testing.T) {
	var b bytes.Buffer
	if err := sheet.Encode(&b, "ods", sample); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	first := z.File[0]
	if first.Name != "mimetype" || first.Method != zip.Store {
		t.Fatalf("mimetype must be the first, stored entry: %s %d", first.Name, first.Method)
	}
	files := map[string]string{}
	for _, f := range z.File {
		r, _ := f.Open()
		body, _ := io.ReadAll(r)
		files[f.Name] = string(body)
	}
	if files["mimetype"] != "application/vnd.oasis.opendocument.spreadsheet" ||
		!strings.Contains(files["META-INF/manifest.xml"], `full-path="content.xml"`) {
		t.Fatalf("mimetype/manifest wrong: %v", files)
	}
	var c odsContent
	if err := xml.Unmarshal([]byte(files["content.xml"]), &c); err != nil {
		t.Fatal(err)
	}
	if len(c.Tables) != 1 || c.Tables[0].Name != "Población por edad" || len(c.Tables[0].Rows) != 3 {
		t.Fatalf("content %+v", c)
	}
	r1 := c.Tables[0].Rows[1].Cells
	want := []odsCell{
		{Type: "string", Text: "Cáceres"},
		{Type: "float", Value: "95617", Text: "95617"},
		{Type: "float", Value: "24.65", Text: "24,65"},
		{Type: "date", Date: "2026-01-01", Text: "01/01/2026"},
		{Type: "boolean", Bool: "true", Text: "sí"},
	}
	for i, w := range want {
		if r1[i] != w {
			t.Errorf("cell %d = %+v, want %+v", i, r1[i], w)
		}
	}
	if got := c.Tables[0].Rows[2].Cells[3].Date; got != "2026-03-04T10:30:00" {
		t.Errorf("timestamp cell %q", got)
	}
}

func TestWriteHeadersAndUnknownFormat(t *testing.T) {
	rec := httptest.NewRecorder()
	if err := sheet.Write(rec, "ODS", "cifras-2026", sample); err != nil {
		t.Fatal(err)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/vnd.oasis.opendocument.spreadsheet" {
		t.Fatalf("content type %q", ct)
	}
	if cd := rec.Header().Get("Content-Disposition"); cd != `attachment; filename="cifras-2026.ods"` {
		t.Fatalf("disposition %q", cd)
	}
	rec = httptest.NewRecorder()
	if err := sheet.Write(rec, "pdf", "x", sample); !errors.Is(err, sheet.ErrFormat) || rec.Body.Len() != 0 {
		t.Fatalf("unknown format: %v, %d bytes written", err, rec.Body.Len())
	}
}
