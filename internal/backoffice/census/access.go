package census

import (
	"net/http"
	"strconv"

	"concejo/internal/platform/db"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

// accessPage lists the register of look-ups of personal data of the
// padrón (LOPDGDD), newest first, for who holds PermChange (the gestor
// and the administrator).
func (m *Module) accessPage(w http.ResponseWriter, r *http.Request) error {
	a := kit.Actor(r)
	page, _ := strconv.Atoi(r.URL.Query().Get("pagina"))
	page = max(1, min(page, 10000))
	var total int
	if err := m.kit.DB.QueryRowContext(r.Context(), `SELECT COUNT(*) FROM census_access_log WHERE entity_id = $1`,
		a.Entity.ID).Scan(&total); err != nil {
		return err
	}
	type entry struct {
		AccessEntry
		UserID string
	}
	list, err := db.Collect(r.Context(), m.kit.DB, func(s db.Scanner) (entry, error) {
		var e entry
		err := s.Scan(&e.InscriptionID, &e.Action, &e.Detail, &e.UserName, &e.UserID, &e.IP, &e.At)
		e.At = e.At.UTC()
		return e, err
	}, `SELECT inscription_id, action, detail, user_name, user_id, ip, at FROM census_access_log WHERE entity_id = $1
		ORDER BY at DESC, id DESC LIMIT 50 OFFSET $2`, a.Entity.ID, (page-1)*50)
	if err != nil {
		return err
	}
	p := web.Paginate(page, total, 50, func(n int) string { return "/padron/accesos" + web.ListQuery(nil, n) })
	return m.kit.Page(w, r, "census/access", &web.Page{Title: "Registro de accesos al padrón", Crumbs: []web.Crumb{homeCrumb},
		Data: map[string]any{"Rows": list, "Total": total, "Pagination": p}})
}
