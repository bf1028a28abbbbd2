package sheet

import (
	"io"

	"concejo/internal/platform/web"
)

// encodeCSV writes CSV as web.CSVWriter does (byte order mark, ";"), with
// text cells guarded against formula injection.
func encodeCSV(out io.Writer, t Table) error {
	cw := web.CSVWriter(out)
	if err := cw.Write(t.Header); err != nil {
		return err
	}
	rec := make([]string, 0, len(t.Header))
	err := t.each(func(row []any) error {
		rec = rec[:0]
		for _, v := range row {
			s := text(v)
			if _, ok := v.(string); ok {
				s = web.CSVCell(s)
			}
			rec = append(rec, s)
		}
		return cw.Write(rec)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
