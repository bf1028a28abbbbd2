package census

import (
	"context"
	"database/sql"
	"embed"
	"fmt"

	"concejo/internal/platform/access"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

//go:embed templates/*.html
var templatesFS embed.FS

// Module is the padrón de habitantes.
type Module struct {
	kit *kit.Kit
}

// New returns the module.
func New(k *kit.Kit) *Module { return &Module{kit: k} }

// MoveInscriptions is the terceros register's merge hook (a
// parties.MergeHook, which the app gives it): inside the merge's
// transaction it moves the inscriptions of the tercero mergedID to keptID.
// An active inscription moves only when the kept tercero has none.
func MoveInscriptions(ctx context.Context, tx *sql.Tx, entityID, mergedID, keptID string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE census_inscriptions SET party_id = $3
		WHERE entity_id = $1 AND party_id = $2 AND NOT active`, entityID, mergedID, keptID); err != nil {
		return fmt.Errorf("census: move past inscriptions of a merged tercero: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE census_inscriptions SET party_id = $3
		WHERE entity_id = $1 AND party_id = $2 AND active AND NOT EXISTS (SELECT 1 FROM census_inscriptions o
		WHERE o.entity_id = $1 AND o.party_id = $3 AND o.active)`, entityID, mergedID, keptID); err != nil {
		return fmt.Errorf("census: move the active inscription of a merged tercero: %w", err)
	}
	return nil
}

// Register adds routes, pages and menu entries.
func (m *Module) Register() error {
	if err := m.kit.Renderer.AddPages("census", templatesFS, "templates"); err != nil {
		return err
	}
	rt := m.kit.Router
	rt.Handle("GET", "/padron", access.SignedIn, m.searchPage)
	rt.Handle("GET", "/padron/habitantes/{id}", access.SignedIn, m.showPage)
	rt.Handle("GET", "/padron/viviendas/{id}", access.SignedIn, m.householdPage)
	rt.Handle("GET", "/padron/altas/nueva", access.SignedIn, m.altaForm)
	rt.Handle("POST", "/padron/altas", access.SignedIn, m.altaPost)
	rt.Handle("GET", "/padron/habitantes/{id}/baja", access.SignedIn, m.bajaForm)
	rt.Handle("POST", "/padron/habitantes/{id}/baja", access.SignedIn, m.bajaPost)
	rt.Handle("GET", "/padron/habitantes/{id}/domicilio", access.SignedIn, m.moveForm)
	rt.Handle("POST", "/padron/habitantes/{id}/domicilio", access.SignedIn, m.movePost)
	rt.Handle("GET", "/padron/habitantes/{id}/correccion", access.SignedIn, m.correctForm)
	rt.Handle("POST", "/padron/habitantes/{id}/correccion", access.SignedIn, m.correctPost)
	rt.Handle("POST", "/padron/habitantes/{id}/renovacion", access.SignedIn, m.renewPost)
	rt.Handle("POST", "/padron/habitantes/{id}/documentos", access.SignedIn, m.issuePost)
	rt.Handle("GET", "/padron/documentos/{csv}", access.SignedIn, m.documentDownload)
	rt.Handle("GET", "/padron/encsarp", access.SignedIn, m.encsarpPage)
	rt.Handle("POST", "/padron/encsarp/avisos", access.SignedIn, m.encsarpWarnPost)
	rt.Handle("POST", "/padron/encsarp/caducidad", access.SignedIn, m.caducidadPost)
	rt.Handle("GET", "/padron/ine", access.SignedIn, m.inePage)
	rt.Handle("POST", "/padron/ine/envios", access.SignedIn, m.ineSendPost)
	rt.Handle("POST", "/padron/ine/devoluciones", access.SignedIn, m.ineReturnPost)
	rt.Handle("GET", "/padron/ine/ficheros/{id}", access.SignedIn, m.ineFilePage)
	rt.Handle("GET", "/padron/ine/ficheros/{id}/descarga", access.SignedIn, m.ineFileDownload)
	rt.Handle("GET", "/padron/cifras", access.SignedIn, m.figuresPage)
	rt.Handle("GET", "/padron/cifras/piramide.svg", access.SignedIn, m.pyramidSVG)
	rt.Handle("GET", "/padron/provincia", access.SignedIn, m.provincePage)
	rt.Handle("GET", "/padron/accesos", access.SignedIn, m.accessPage)
	rt.Handle("GET", "/padron/verificacion", access.SignedIn, m.verifyClientsPage)
	rt.Handle("POST", "/padron/verificacion/claves", access.SignedIn, m.verifyClientCreatePost)
	rt.Handle("POST", "/padron/verificacion/claves/{id}/revocar", access.SignedIn, m.verifyClientRevokePost)
	rt.Handle("GET", "/api/v1/padron/verificacion", access.Public, m.verifyAPI)
	rt.Handle("POST", "/api/v1/padron/verificacion", access.Public, m.verifyAPI)
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Padrón", Href: "/padron", Visible: m.seesMenu})
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Población de la provincia", Href: "/padron/provincia",
		Visible: func(a *auth.Actor) bool { return a.IsDipStaff() }})
	return nil
}

// seesMenu shows the padrón to those with a padrón role in the current
// entity (the entity's administrator reaches it from the address too).
func (m *Module) seesMenu(a *auth.Actor) bool {
	return a != nil && a.Entity.ID != "" && a.HasGrant(ServiceCode)
}
