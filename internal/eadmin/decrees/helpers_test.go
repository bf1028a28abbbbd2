package decrees_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/web"
)

// draftForm is a complete draft of the Alcaldía.
func draftForm(summary string) url.Values {
	return url.Values{"organo": {"alcaldia"}, "extracto": {summary}, "area": {"Urbanismo y Obras"},
		"expediente": {"LOM/2026/0042"},
		"texto":      {"ANTECEDENTES\n\nSolicitud de licencia.\n\nRESUELVO\n\nPrimero. Conceder la licencia solicitada."}}
}

var idRe = regexp.MustCompile(`^/resoluciones/([0-9A-Za-z]+)$`)

// idFrom returns the id at the end of a redirect location.
func idFrom(t testing.TB, res apptest.Response) string {
	t.Helper()
	if res.Status != http.StatusSeeOther {
		t.Fatalf("status %d, want 303\n%.600s", res.Status, apptest.Text(res.Body))
	}
	m := idRe.FindStringSubmatch(res.Location)
	if m == nil {
		t.Fatalf("location %q", res.Location)
	}
	return m[1]
}

// newDraft creates a draft as c and returns its id.
func newDraft(t testing.TB, c *apptest.Client, summary string) string {
	t.Helper()
	return idFrom(t, c.Post("/resoluciones", draftForm(summary)))
}

// today is the date of today in Madrid, as the date input sends it.
func today() string { return time.Now().In(web.Madrid).Format("2006-01-02") }

// signForm records a signature on paper on day.
func signForm(day string) url.Values {
	return url.Values{"firmante": {"Rafael Mateos Yuste"}, "cargo": {"Alcalde-Presidente"}, "fecha": {day}}
}
