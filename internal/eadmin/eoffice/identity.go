package eoffice

import (
	"context"
	_ "embed"
	"net/http"

	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
)

// sedeCSS is the sede's own stylesheet (after the platform's): the look of
// the entity, not of the staff's application.
//
//go:embed sede.css
var sedeCSS []byte

// identityCSS serves the sede's stylesheet (the layout links it: the
// security policy forbids inline styles).
func (m *Module) identityCSS(w http.ResponseWriter, r *http.Request) error {
	if _, err := m.entity(r); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, err := w.Write(sedeCSS)
	return err
}

// portalService is the code of the portal web in the catalogue of services.
const portalService = "portal"

// portalOf is the address of the entity's portal web, whose colours the
// sede takes and to which it links, or "" when it has none.
func portalOf(ctx context.Context, q db.Queryer, e directory.Entity) (string, error) {
	ok, err := directory.HasActiveAdhesion(ctx, q, e.ID, portalService)
	if err != nil || !ok {
		return "", err
	}
	return "/e/" + e.Code() + "/", nil
}
