package dir3

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

// unitLine is a row of Unidades.csv with the columns the importer reads:
// code, name, state, administration level, nivel jerárquico, superior,
// root, and the fechas de alta, extinción and última actualización.
func unitLine(code, name, state, admin, level, superior, root, created, extinguished, updated string) string {
	r := make([]string, layout[fileUnits])
	r[0], r[1], r[2], r[5], r[8], r[9] = code, "1", name, state, admin, level
	r[11], r[14], r[34], r[36], r[38] = superior, root, created, extinguished, updated
	return strings.Join(r, ";")
}

// officeLine is a row of Oficinas.csv: code, name, state, responsible unit.
func officeLine(code, name, state, unit string) string {
	r := make([]string, layout[fileOffices])
	r[0], r[1], r[4], r[5], r[7] = code, name, state, "2", unit
	return strings.Join(r, ";")
}

// relationLine is a row of RelacionesOrganizativasOFI.csv or RelacionesSIROFI.csv.
func relationLine(office, unit, state string) string {
	return strings.Join([]string{office, "", unit, "1", "", state}, ";")
}

// csvFile is a CSV with a header row of the right width and lines.
func csvFile(kind string, lines ...string) []byte {
	header := make([]string, layout[kind])
	for i := range header {
		header[i] = "columna"
	}
	return []byte(strings.Join(header, ";") + "\n" + strings.Join(lines, "\n") + "\n")
}

// zipOf returns a ZIP of the files by name, as the download services return them.
func zipOf(t testing.TB, files map[string][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, content := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(content)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Units of the test directory: the Junta de Extremadura, a consejería
// with an office integrated in SIR, a dirección general and a servicio
// under it without one, and a unit already extinguished.
var (
	testUnits = []string{
		unitLine("A11002926", "Junta de Extremadura", "V", "2", "1", "A11002926", "A11002926", "01/01/2012", "", "15/03/2026"),
		unitLine("A11000001", "Consejería de Educación, Ciencia y Formación Profesional", "V", "2", "2", "A11002926", "A11002926", "02/07/2023", "", "20/11/2026"),
		unitLine("A11000002", "Dirección General de Innovación e Inclusión Educativa", "V", "2", "3", "A11000001", "A11002926", "02/07/2023", "", "01/10/2026"),
		unitLine("A11000003", "Servicio de Ordenación Académica", "V", "2", "4", "A11000002", "A11002926", "02/07/2023", "", ""),
		unitLine("A11000004", "Consejería de Educación y Empleo", "E", "2", "2", "A11002926", "A11002926", "01/07/2019", "01/07/2023", "01/07/2023"),
		unitLine("E00000001", "Subdelegación del Gobierno en Cáceres", "V", "1", "3", "E00000001", "E00000001", "", "", ""),
	}
	testOffices = []string{officeLine("O00000001", "Oficina de Registro de la Consejería de Educación en Mérida", "V", "A11000001")}
	testSIR     = []string{relationLine("O00000001", "A11000001", "V")}
)

// testZip is the ZIP of the test directory.
func testZip(t testing.TB) []byte {
	return zipOf(t, map[string][]byte{
		"unidades/" + fileUnits: csvFile(fileUnits, testUnits...),
		fileOffices:             csvFile(fileOffices, testOffices...),
		"RelacionesSirOfi.csv":  csvFile(fileSIRLinks, testSIR...),
		"ContactoUO.csv":        []byte("no se lee\n"),
	})
}
