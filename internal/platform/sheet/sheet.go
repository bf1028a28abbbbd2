// Package sheet exports a table as CSV, OpenDocument spreadsheet (ODS,
// the format the Spanish public sector's interoperability rules prefer) or
// Office Open XML (XLSX), the three downloads every list and statistic of
// the platform offers.
package sheet

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"concejo/internal/platform/errs"
)

// Table is a named table of cells. A cell is a string, int, int64,
// float64, bool or time.Time (a date when it has no clock time); nil is an
// empty cell.
type Table struct {
	// Name names the sheet (at most 31 characters are kept in XLSX).
	Name   string
	Header []string
	Rows   [][]any
	// Each, when set, streams more rows after Rows: it calls row with each
	// one and returns the first error, so that a long list is written as
	// it is read instead of sitting in memory.
	Each func(row func([]any) error) error
}

// each calls fn with every row: those of Rows, then those of Each.
func (t Table) each(fn func([]any) error) error {
	for _, row := range t.Rows {
		if err := fn(row); err != nil {
			return err
		}
	}
	if t.Each == nil {
		return nil
	}
	return t.Each(fn)
}

// Formats are the accepted format names, in the order offered to users.
var Formats = []string{"csv", "ods", "xlsx"}

// contentTypes maps each format to its MIME type.
var contentTypes = map[string]string{
	"csv":  "text/csv; charset=utf-8",
	"ods":  "application/vnd.oasis.opendocument.spreadsheet",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

// ErrFormat is the Spanish 400 answered for an unknown format.
var ErrFormat = errs.New(errs.Invalid, "Formato de exportación no reconocido: use csv, ods o xlsx.")

// Write sends t as a download named basename.<format>. An unknown format
// is ErrFormat (written before any byte, so the caller's error page shows).
func Write(w http.ResponseWriter, format, basename string, t Table) error {
	format = strings.ToLower(format)
	ct, ok := contentTypes[format]
	if !ok {
		return ErrFormat
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", basename+"."+format))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	return Encode(w, format, t)
}

// Encode writes t in format to out.
func Encode(out io.Writer, format string, t Table) error {
	switch strings.ToLower(format) {
	case "csv":
		return encodeCSV(out, t)
	case "ods":
		return encodeODS(out, t)
	case "xlsx":
		return encodeXLSX(out, t)
	}
	return ErrFormat
}

// isDate says whether a time cell is a calendar date (no clock time).
func isDate(v time.Time) bool {
	return v.Hour() == 0 && v.Minute() == 0 && v.Second() == 0 && v.Nanosecond() == 0
}

// text is the plain-text form of a cell, as CSV shows it.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case time.Time:
		if isDate(x) {
			return x.Format("02/01/2006")
		}
		return x.Format("02/01/2006 15:04")
	case float64:
		return strings.Replace(fmt.Sprintf("%g", x), ".", ",", 1)
	case bool:
		if x {
			return "sí"
		}
		return "no"
	}
	return fmt.Sprint(v)
}
