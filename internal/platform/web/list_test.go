package web

import (
	"net/http/httptest"
	"strconv"
	"testing"
)

func TestPaginate(t *testing.T) {
	href := func(page int) string { return "/p" + strconv.Itoa(page) }
	for _, c := range []struct {
		page, total int
		want        Pagination
	}{
		{1, 0, Pagination{Page: 1}},
		{1, 50, Pagination{Page: 1, Pages: 1}},
		{1, 51, Pagination{Page: 1, Pages: 2, Next: "/p2"}},
		{2, 120, Pagination{Page: 2, Pages: 3, Prev: "/p1", Next: "/p3"}},
		{9, 120, Pagination{Page: 9, Pages: 3, Prev: "/p3"}},
		{9, 0, Pagination{Page: 9, Prev: "/p1"}},
	} {
		if got := Paginate(c.page, c.total, 50, href); got != c.want {
			t.Errorf("Paginate(%d, %d) = %+v, want %+v", c.page, c.total, got, c.want)
		}
	}
}

func TestListQuery(t *testing.T) {
	if got := ListQuery(map[string]string{"q": "", "estado": ""}, 1); got != "" {
		t.Errorf("empty: %q", got)
	}
	if got := ListQuery(map[string]string{"q": "a b", "estado": "", "orden": "ine"}, 3); got != "?orden=ine&pagina=3&q=a+b" {
		t.Errorf("got %q", got)
	}
}

func TestCSVCell(t *testing.T) {
	for in, want := range map[string]string{"": "", "Cáceres": "Cáceres", "=1+1": "'=1+1", "-3": "'-3", "@x": "'@x", "+34": "'+34"} {
		if got := CSVCell(in); got != want {
			t.Errorf("CSVCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCSV(t *testing.T) {
	rec := httptest.NewRecorder()
	rec.Header().Set("Cache-Control", "private, no-store")
	cw := CSV(rec, "lista.csv")
	cw.Write([]string{"Nombre", "Población"})
	cw.Flush()
	h := rec.Header()
	if h.Get("Content-Type") != "text/csv; charset=utf-8" || h.Get("Content-Disposition") != `attachment; filename="lista.csv"` ||
		h.Get("Cache-Control") != "private, no-store" {
		t.Errorf("headers %v", h)
	}
	if got := rec.Body.String(); got != "\ufeffNombre;Población\n" {
		t.Errorf("body %q", got)
	}
}
