package census

import (
	"context"
	"database/sql"
	"embed"
	"fmt"

	"concejo/internal/platform/access"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

//go:embed templates/*.html
var templatesFS embed.FS

// Module is the padrón de habitantes.
type Module struct {
	kit *kit.Kit
	// access writes the register of look-ups (see accessLog).
	access *accessLog
}

// New returns the module.
func New(k *kit.Kit) *Module { return &Module{kit: k, access: newAccessLog(k.DB)} }

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
	if err := m.kit.Access.Declare(permissions...); err != nil {
		return err
	}
	if err := m.kit.Renderer.AddPages("census", templatesFS, "templates"); err != nil {
		return err
	}
	rt := m.kit.Router
	rt.Handle("GET", "/padron", PermRead, m.searchPage)
	rt.Handle("GET", "/padron/habitantes/{id}", PermRead, m.showPage)
	rt.Handle("GET", "/padron/viviendas/{id}", PermRead, m.householdPage)
	rt.Handle("GET", "/padron/altas/nueva", PermChange, m.altaForm)
	rt.Handle("POST", "/padron/altas", PermChange, m.altaPost)
	rt.Handle("GET", "/padron/habitantes/{id}/baja", PermChange, m.bajaForm)
	rt.Handle("POST", "/padron/habitantes/{id}/baja", PermChange, m.bajaPost)
	rt.Handle("GET", "/padron/habitantes/{id}/domicilio", PermChange, m.moveForm)
	rt.Handle("POST", "/padron/habitantes/{id}/domicilio", PermChange, m.movePost)
	rt.Handle("GET", "/padron/habitantes/{id}/correccion", PermChange, m.correctForm)
	rt.Handle("POST", "/padron/habitantes/{id}/correccion", PermChange, m.correctPost)
	rt.Handle("POST", "/padron/habitantes/{id}/renovacion", PermChange, m.renewPost)
	rt.Handle("POST", "/padron/habitantes/{id}/documentos", PermCertify, m.issuePost)
	rt.Handle("GET", "/padron/documentos/{csv}", PermRead, m.documentDownload)
	rt.Handle("GET", "/padron/justificantes/{id}", PermRead, m.proofDownload)
	rt.Handle("GET", "/padron/encsarp", PermRead, m.encsarpPage)
	rt.Handle("POST", "/padron/encsarp/avisos", PermChange, m.encsarpWarnPost)
	rt.Handle("POST", "/padron/encsarp/caducidad", PermChange, m.caducidadPost)
	rt.Handle("GET", "/padron/ine", PermChange, m.inePage)
	rt.Handle("POST", "/padron/ine/envios", PermChange, m.ineSendPost)
	rt.Handle("POST", "/padron/ine/devoluciones", PermChange, m.ineReturnPost)
	rt.Handle("GET", "/padron/ine/ficheros/{id}", PermChange, m.ineFilePage)
	rt.Handle("GET", "/padron/ine/ficheros/{id}/descarga", PermChange, m.ineFileDownload)
	rt.Handle("GET", "/padron/cifras", PermRead, m.figuresPage)
	rt.Handle("GET", "/padron/cifras/piramide.svg", PermRead, m.pyramidSVG)
	rt.Handle("GET", "/padron/provincia", PermProvince, m.provincePage)
	rt.Handle("GET", "/padron/accesos", PermChange, m.accessPage)
	rt.Handle("GET", "/padron/verificacion", PermChange, m.verifyClientsPage)
	rt.Handle("POST", "/padron/verificacion/claves", PermChange, m.verifyClientCreatePost)
	rt.Handle("POST", "/padron/verificacion/claves/{id}/revocar", PermChange, m.verifyClientRevokePost)
	rt.Handle("GET", "/api/v1/padron/verificacion", access.Public, m.verifyAPI)
	rt.Handle("POST", "/api/v1/padron/verificacion", access.Public, m.verifyAPI)
	m.kit.AddWaiting(m.waiting)
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Padrón", Href: "/padron", Perm: PermRead})
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Población de la provincia", Href: "/padron/provincia", Perm: PermProvince})
	return nil
}
