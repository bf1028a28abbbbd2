package signflow

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

// afData is the page that launches AutoFirma.
type afData struct {
	// URL is the afirma:// invocation, built here (html/template would
	// refuse a scheme it does not know).
	URL               template.URL
	Poll, ID, Session string
	Documents         int
}

// autoFirmaPost opens a batch of the marked documents (one from a
// request's page) and shows the page that launches AutoFirma.
func (m *Module) autoFirmaPost(w http.ResponseWriter, r *http.Request) error {
	ids, done, err := m.marked(w, r)
	if err != nil || done {
		return err
	}
	a := kit.Actor(r)
	inv, session, n, err := m.openBatch(r.Context(), a, ids)
	if err != nil {
		return err
	}
	launch, err := m.af.storage.Stage(inv)
	if err != nil {
		return err
	}
	return m.kit.Page(w, r, "signflow/autofirma", &web.Page{Title: "Firmar con AutoFirma", Crumbs: []web.Crumb{crumbInbox},
		Data: &afData{URL: template.URL(launch), Poll: inv.RetrieveURL, ID: inv.ID, Session: session, Documents: n}})
}

// autoFirmaDone reports, from the server's own record, what became of each
// document AutoFirma signed.
func (m *Module) autoFirmaDone(w http.ResponseWriter, r *http.Request) error {
	done, failed, err := m.outcome(kit.Actor(r), r.PathValue("session"))
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("Firmados con AutoFirma: %d.", done)
	if len(failed) > 0 {
		msg += fmt.Sprintf(" No se pudieron firmar %d: %s", len(failed), strings.Join(failed, "; "))
	}
	return m.kit.Redirect(w, r, "/portafirmas", msg)
}

// servlet serves one of AutoFirma's services as a route.
func servlet(h http.Handler) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		h.ServeHTTP(w, r)
		return nil
	}
}
