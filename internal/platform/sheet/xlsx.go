package sheet

import (
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// xlsxForbidden are the characters Excel refuses in sheet names.
var xlsxForbidden = strings.NewReplacer(":", " ", `\`, " ", "/", " ", "?", " ", "*", " ", "[", "(", "]", ")")

// encodeXLSX writes an Office Open XML workbook with one sheet, streamed
// row by row so that long lists do not sit in memory; dates carry a date
// format so spreadsheets sort and filter them as dates.
func encodeXLSX(out io.Writer, t Table) error {
	f := excelize.NewFile()
	defer f.Close()
	name := sheetName(xlsxForbidden.Replace(t.Name))
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return err
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return err
	}
	stampStyle, err := f.NewStyle(&excelize.Style{NumFmt: 22})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", stringsAsCells(t.Header)); err != nil {
		return err
	}
	next := 2 // the row after the header
	err = t.each(func(row []any) error {
		cells := make([]any, len(row))
		for j, v := range row {
			switch x := v.(type) {
			case time.Time:
				style := stampStyle
				if isDate(x) {
					style = dateStyle
				}
				cells[j] = excelize.Cell{StyleID: style, Value: x}
			default:
				cells[j] = v
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, next)
		next++
		return sw.SetRow(cell, cells)
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(out)
	return err
}
