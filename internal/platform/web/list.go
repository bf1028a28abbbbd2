package web

import (
	"encoding/csv"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Pagination is what the "pagination" template shows: the page, how many
// there are, and the links to the previous and next ones ("" for none).
type Pagination struct {
	Prev, Next  string
	Page, Pages int
}

// Paginate returns the pagination of page when total rows fill pages of
// size rows; href gives the link of a page. The previous page of a page past
// the last is the last one.
func Paginate(page, total, size int, href func(page int) string) Pagination {
	p := Pagination{Page: page, Pages: (total + size - 1) / size}
	if page > 1 {
		p.Prev = href(min(page-1, max(p.Pages, 1)))
	}
	if page < p.Pages {
		p.Next = href(page + 1)
	}
	return p
}

// ListValues are the filters of a list for a link: the values that are not
// empty, and pagina when page is past the first.
func ListValues(values map[string]string, page int) url.Values {
	v := url.Values{}
	for k, s := range values {
		if s != "" {
			v.Set(k, s)
		}
	}
	if page > 1 {
		v.Set("pagina", strconv.Itoa(page))
	}
	return v
}

// ListQuery is ListValues as a query string with its "?", or "" when there
// is nothing to write.
func ListQuery(values map[string]string, page int) string {
	v := ListValues(values, page)
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

// CSV starts the download of a CSV file named filename, as spreadsheets in
// Spanish open it (UTF-8 with a byte order mark, ";" between cells), and
// returns its writer. Any other header must be set before.
func CSV(w http.ResponseWriter, filename string) *csv.Writer {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	return CSVWriter(w)
}

// CSVWriter writes the byte order mark to out and returns a CSV writer with
// ";" between cells, as spreadsheets in Spanish expect.
func CSVWriter(out io.Writer) *csv.Writer {
	io.WriteString(out, "\ufeff")
	cw := csv.NewWriter(out)
	cw.Comma = ';'
	return cw
}

// CSVRow writes one row of cells to cw, each guarded by CSVCell.
func CSVRow(cw *csv.Writer, cells []string) error {
	for i := range cells {
		cells[i] = CSVCell(cells[i])
	}
	return cw.Write(cells)
}

// CSVCell protects spreadsheet users from formula injection: a cell that
// starts like a formula gets a leading apostrophe.
func CSVCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
