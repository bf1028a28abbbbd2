package sheet

import (
	"archive/zip"
	"bufio"
	"encoding/xml"
	"io"
	"strconv"
	"time"
)

const odsMIME = "application/vnd.oasis.opendocument.spreadsheet"

const odsManifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="` + odsMIME + `"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
`

const odsHead = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"` +
	` xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"` +
	` xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">` +
	`<office:body><office:spreadsheet>`

// encodeODS writes an OpenDocument spreadsheet (ODF 1.2): the mimetype
// entry first and uncompressed, the manifest, and one table in content.xml
// with typed cells (numbers, dates and booleans stay numbers, dates and
// booleans in the spreadsheet).
func encodeODS(out io.Writer, t Table) error {
	z := zip.NewWriter(out)
	mt, err := z.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	if err != nil {
		return err
	}
	io.WriteString(mt, odsMIME)
	mf, err := z.Create("META-INF/manifest.xml")
	if err != nil {
		return err
	}
	io.WriteString(mf, odsManifest)
	cf, err := z.Create("content.xml")
	if err != nil {
		return err
	}
	b := bufio.NewWriter(cf)
	b.WriteString(odsHead)
	b.WriteString(`<table:table table:name="`)
	xml.EscapeText(b, []byte(sheetName(t.Name)))
	b.WriteString(`">`)
	writeODSRow(b, stringsAsCells(t.Header))
	if err := t.each(func(row []any) error {
		writeODSRow(b, row)
		return nil
	}); err != nil {
		return err
	}
	b.WriteString(`</table:table></office:spreadsheet></office:body></office:document-content>`)
	if err := b.Flush(); err != nil {
		return err
	}
	return z.Close()
}

func writeODSRow(b *bufio.Writer, row []any) {
	b.WriteString(`<table:table-row>`)
	for _, v := range row {
		switch x := v.(type) {
		case nil:
			b.WriteString(`<table:table-cell/>`)
			continue
		case int, int64, float64:
			n := text(v)
			if f, ok := v.(float64); ok {
				n = strconv.FormatFloat(f, 'f', -1, 64)
			}
			b.WriteString(`<table:table-cell office:value-type="float" office:value="` + n + `">`)
		case bool:
			b.WriteString(`<table:table-cell office:value-type="boolean" office:boolean-value="` + strconv.FormatBool(x) + `">`)
		case time.Time:
			layout := "2006-01-02T15:04:05"
			if isDate(x) {
				layout = "2006-01-02"
			}
			b.WriteString(`<table:table-cell office:value-type="date" office:date-value="` + x.Format(layout) + `">`)
		default:
			b.WriteString(`<table:table-cell office:value-type="string">`)
		}
		b.WriteString(`<text:p>`)
		xml.EscapeText(b, []byte(text(v)))
		b.WriteString(`</text:p></table:table-cell>`)
	}
	b.WriteString(`</table:table-row>`)
}

// stringsAsCells turns a header into a row of cells.
func stringsAsCells(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// sheetName is the table's name, "Datos" when empty, cut to the 31
// characters spreadsheet programs accept.
func sheetName(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return "Datos"
	}
	if len(r) > 31 {
		r = r[:31]
	}
	return string(r)
}
