package sheet_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"concejo/internal/platform/sheet"
)

// streamed is sample with its second row given by Each instead of Rows.
func streamed(fail error) sheet.Table {
	t := sample
	t.Rows = sample.Rows[:1]
	t.Each = func(row func([]any) error) error {
		if err := row(sample.Rows[1]); err != nil {
			return err
		}
		return fail
	}
	return t
}

// TestEachStreamsRows: rows given by Each follow those of Rows in every
// format, exactly as if they were in Rows.
func TestEachStreamsRows(t *testing.T) {
	for _, format := range sheet.Formats {
		var whole, stream bytes.Buffer
		if err := sheet.Encode(&whole, format, sample); err != nil {
			t.Fatal(err)
		}
		if err := sheet.Encode(&stream, format, streamed(nil)); err != nil {
			t.Fatal(err)
		}
		if format == "xlsx" {
			// the zip entries carry times: compare the cells
			whole, stream = xlsxCells(t, whole), xlsxCells(t, stream)
		}
		if !bytes.Equal(whole.Bytes(), stream.Bytes()) {
			t.Errorf("%s: streamed rows differ from the same rows in Rows", format)
		}
	}
}

// TestEachError: an error of Each ends the file with that error.
func TestEachError(t *testing.T) {
	boom := errors.New("lectura interrumpida")
	for _, format := range sheet.Formats {
		var b bytes.Buffer
		if err := sheet.Encode(&b, format, streamed(boom)); !errors.Is(err, boom) {
			t.Errorf("%s: error %v, want %v", format, err, boom)
		}
	}
}

func xlsxCells(t *testing.T, b bytes.Buffer) bytes.Buffer {
	t.Helper()
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(f.GetSheetName(0), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	for _, r := range rows {
		out.WriteString(strings.Join(r, "\t") + "\n")
	}
	return out
}
