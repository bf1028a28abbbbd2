package dir3

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"concejo/internal/platform/errs"
)

// The files of the Directorio Común this module reads, as the download web
// services SD01UN_DescargaUnidades and SD02OF_DescargaOficinas return them
// inside their ZIP (the names dir3caib, the DIR3 mirror of regweb3, reads).
// The other files of those ZIPs (contacts, histories, external codes) are
// left out.
const (
	fileUnits     = "Unidades.csv"
	fileOffices   = "Oficinas.csv"
	fileOrgLinks  = "RelacionesOrganizativasOFI.csv"
	fileSIRLinks  = "RelacionesSIROFI.csv"
	fileServices  = "ServiciosOFI.csv"
	maxParseError = 300 // characters of a cell quoted in an error
)

// layout is what the parser knows of one file: its least number of
// columns (the highest column it reads, plus one).
var layout = map[string]int{fileUnits: 56, fileOffices: 33, fileOrgLinks: 6, fileSIRLinks: 6, fileServices: 4}

// Link kinds in dir3_office_links.
const (
	linkOrg     = "O" // relación organizativa: the office serves the unit
	linkSIR     = "S" // relación SIR: the office registers for the unit through SIR
	linkService = "V" // a service of the office (unit_code holds the service's code)
)

// sirServices are the codes of the catalogue CAT_SERVICIOS that make an
// office integrated in SIR: SIR, SIR envío, SIR recepción.
var sirServices = []string{"5", "6", "7"}

// Link is a relation of an office with a unit (or one of its services).
type Link struct {
	Kind, OfficeCode, UnitCode string
	State                      State
}

// Data is the content of a DIR3 file (a ZIP or one CSV): what was found
// of each kind, and which of the files were present, since only those are
// compared with the directory.
type Data struct {
	Units   []Unit
	Offices []Office
	Links   []Link
	// Files are the names of the DIR3 files read.
	Files []string
	// Date is the date of the data: the latest fecha de última
	// actualización of its rows, zero when none carries one.
	Date time.Time
}

// Has reports whether the file named was read.
func (d Data) Has(name string) bool {
	for _, f := range d.Files {
		if f == name {
			return true
		}
	}
	return false
}

// maxZipEntry caps a file inside a ZIP (a whole-state Unidades.csv is
// about 100 MB).
const maxZipEntry = 512 << 20

// Parse reads a DIR3 file: the ZIP returned by the download services or one
// of its CSV files, named as the Directorio names them (a CSV with another
// name is recognised by its number of columns). The CSV files are
// separated by semicolons, quoted with double quotes, in UTF-8 (ISO-8859-1
// is accepted too), with a header row, dates as dd/mm/aaaa. A file that
// is not one of them is errs.Invalid with a Spanish message naming the
// file, line and column.
func Parse(name string, content []byte) (Data, error) {
	var d Data
	if bytes.HasPrefix(content, []byte("PK\x03\x04")) {
		zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
		if err != nil {
			return d, invalid("El fichero %s no es un ZIP válido.", name)
		}
		for _, f := range zr.File {
			base, ok := knownFile(path.Base(f.Name))
			if !ok || f.FileInfo().IsDir() {
				continue
			}
			if f.UncompressedSize64 > maxZipEntry {
				return d, invalid("El fichero %s del ZIP es demasiado grande.", base)
			}
			rc, err := f.Open()
			if err != nil {
				return d, invalid("No se puede leer %s dentro del ZIP.", base)
			}
			body, err := io.ReadAll(io.LimitReader(rc, maxZipEntry+1))
			rc.Close()
			if err != nil {
				return d, invalid("No se puede leer %s dentro del ZIP: está dañado.", base)
			}
			if err := d.read(base, body); err != nil {
				return d, err
			}
		}
		if len(d.Files) == 0 {
			return d, invalid("El ZIP %s no contiene ninguno de los ficheros del DIR3 que se importan (%s, %s, %s, %s).",
				name, fileUnits, fileOffices, fileOrgLinks, fileSIRLinks)
		}
		return d, nil
	}
	kind, ok := knownFile(path.Base(name))
	if !ok {
		kind = kindByColumns(content)
		if kind == "" {
			return d, invalid("No se reconoce %s como un fichero del DIR3: debe ser el ZIP de la descarga de unidades u oficinas, o uno de sus ficheros (%s, %s, %s, %s).",
				name, fileUnits, fileOffices, fileOrgLinks, fileSIRLinks)
		}
	}
	return d, d.read(kind, content)
}

// knownFile returns the Directorio's name of a file name in any case.
func knownFile(base string) (string, bool) {
	for k := range layout {
		if strings.EqualFold(base, k) {
			return k, true
		}
	}
	return "", false
}

// kindByColumns recognises a CSV by the number of columns of its header.
func kindByColumns(content []byte) string {
	line, _, _ := bytes.Cut(content, []byte("\n"))
	n := bytes.Count(line, []byte(";")) + 1
	switch {
	case n >= layout[fileUnits]:
		return fileUnits
	case n >= layout[fileOffices]:
		return fileOffices
	}
	return ""
}

func invalid(format string, args ...any) error {
	return errs.New(errs.Invalid, fmt.Sprintf(format, args...))
}

// read parses one CSV of kind into d.
func (d *Data) read(kind string, content []byte) error {
	content = bytes.TrimPrefix(content, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(content) {
		content = latin1(content)
	}
	r := csv.NewReader(bytes.NewReader(content))
	r.Comma = ';'
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = true
	if _, err := r.Read(); err != nil { // the header row
		if errors.Is(err, io.EOF) {
			return invalid("El fichero %s está vacío.", kind)
		}
		return invalid("%s: la cabecera no es una línea CSV válida.", kind)
	}
	d.Files = append(d.Files, kind)
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			return invalid("%s, línea %d: no es una línea CSV válida (campos separados por punto y coma).", kind, line)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) < layout[kind] {
			return invalid("%s, línea %d: tiene %d columnas y el formato del DIR3 tiene al menos %d.", kind, line, len(rec), layout[kind])
		}
		row := row{kind: kind, line: line, rec: rec}
		if err := d.add(&row); err != nil {
			return err
		}
	}
}

// latin1 converts ISO-8859-1 text to UTF-8.
func latin1(b []byte) []byte {
	out := make([]rune, len(b))
	for i, c := range b {
		out[i] = rune(c)
	}
	return []byte(string(out))
}

// row is one record being read, which knows where it is for its errors.
type row struct {
	kind string
	line int
	rec  []string
	err  error
}

func (r *row) str(i int) string { return strings.TrimSpace(r.rec[i]) }

func (r *row) fail(format string, args ...any) {
	if r.err == nil {
		r.err = invalid("%s, línea %d: %s", r.kind, r.line, fmt.Sprintf(format, args...))
	}
}

var codeRe = regexp.MustCompile(`^[A-Z0-9]{1,21}$`)

// code reads a DIR3 code, required or not.
func (r *row) code(i int, what string, required bool) string {
	s := strings.ToUpper(r.str(i))
	switch {
	case s == "" && required:
		r.fail("falta el código de %s.", what)
	case s != "" && !codeRe.MatchString(s):
		r.fail("el código de %s «%s» no es un código DIR3 (letras y cifras, hasta 21).", what, clip(s))
	}
	return s
}

func (r *row) text(i int, what string, required bool) string {
	s := r.str(i)
	if s == "" && required {
		r.fail("falta %s.", what)
	}
	return s
}

func (r *row) state(i int) State {
	s := State(strings.ToUpper(r.str(i)))
	if _, ok := stateLabels[s]; !ok {
		r.fail("el estado «%s» no es V, E, A ni T.", clip(string(s)))
	}
	return s
}

func (r *row) number(i int, what string) int {
	s := r.str(i)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 9999 {
		r.fail("%s «%s» no es un número.", what, clip(s))
	}
	return n
}

func (r *row) date(i int, what string) time.Time {
	s := r.str(i)
	if s == "" {
		return time.Time{}
	}
	if len(s) > 10 { // a date and time (dd/mm/aaaa hh:mm:ss): the date counts
		s, _, _ = strings.Cut(s, " ")
	}
	t, err := time.Parse("02/01/2006", s)
	if err != nil || t.Year() < 1900 || t.Year() > 2999 {
		r.fail("la %s «%s» no es una fecha dd/mm/aaaa.", what, clip(r.str(i)))
		return time.Time{}
	}
	return t
}

func clip(s string) string {
	if utf8.RuneCountInString(s) > maxParseError {
		return string([]rune(s)[:maxParseError]) + "…"
	}
	return s
}

func address(street, number string) string {
	if number == "" {
		return street
	}
	return street + ", " + number
}

// add reads one record of r.kind into d.
func (d *Data) add(r *row) error {
	switch r.kind {
	case fileUnits:
		u := Unit{Code: r.code(0, "la unidad", true), Name: r.text(2, "la denominación de la unidad", true), State: r.state(5),
			NIF: r.str(6), Acronym: r.str(7), AdminLevel: AdminLevel(r.number(8, "el nivel de administración")),
			Level: r.number(9, "el nivel jerárquico"), SuperiorCode: r.code(11, "la unidad superior", false),
			RootCode: r.code(14, "la unidad raíz", false), Province: r.str(27), Municipality: r.str(28),
			CreatedOn: r.date(34, "fecha de alta"), ExtinguishedOn: r.date(36, "fecha de extinción"),
			AnnulledOn: r.date(37, "fecha de anulación"), UpdatedOn: r.date(38, "fecha de última actualización"),
			Address: address(r.str(43), r.str(44)), PostalCode: r.str(46)}
		d.newer(u.UpdatedOn)
		d.Units = append(d.Units, u)
	case fileOffices:
		o := Office{Code: r.code(0, "la oficina", true), Name: r.text(1, "la denominación de la oficina", true), State: r.state(4),
			AdminLevel: AdminLevel(r.number(5, "el nivel de administración")), UnitCode: r.code(7, "la unidad responsable", false),
			ParentCode: r.code(10, "la oficina responsable", false), CreatedOn: r.date(16, "fecha de alta"),
			ExtinguishedOn: r.date(17, "fecha de extinción"), AnnulledOn: r.date(18, "fecha de anulación"),
			UpdatedOn: r.date(19, "fecha de última actualización"), Address: address(r.str(21), r.str(22)),
			PostalCode: r.str(24), Province: r.str(27), Municipality: r.str(28)}
		d.newer(o.UpdatedOn)
		d.Offices = append(d.Offices, o)
	case fileOrgLinks, fileSIRLinks:
		kind := linkOrg
		if r.kind == fileSIRLinks {
			kind = linkSIR
		}
		d.Links = append(d.Links, Link{Kind: kind, OfficeCode: r.code(0, "la oficina", true),
			UnitCode: r.code(2, "la unidad", true), State: r.state(5)})
	case fileServices:
		svc := r.str(1)
		if _, err := strconv.Atoi(svc); err != nil {
			r.fail("el código de servicio «%s» no es un número.", clip(svc))
		}
		d.Links = append(d.Links, Link{Kind: linkService, OfficeCode: r.code(0, "la oficina", true), UnitCode: svc, State: r.state(3)})
	}
	return r.err
}

func (d *Data) newer(t time.Time) {
	if t.After(d.Date) {
		d.Date = t
	}
}
