package census

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"time"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/jobs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/sheet"
	"concejo/internal/platform/web"
)

// WarnAhead is how long before the expiry an ENCSARP inscription is listed
// for warning.
const WarnAhead = 90 * 24 * time.Hour

// expiring returns the active ENCSARP inscriptions whose two years end on
// or before until, oldest renewal first.
func expiring(ctx context.Context, q db.Queryer, entityID string, until time.Time, limit int) ([]Inscription, error) {
	return db.Collect(ctx, q, scanInscription, `SELECT `+inscriptionCols+` FROM census_inscriptions
		WHERE entity_id = $1 AND active AND renewal_on IS NOT NULL AND renewal_on <= $2
		ORDER BY renewal_on, id LIMIT $3`, entityID, until.AddDate(-2, 0, 0).UTC(), limit)
}

func (m *Module) encsarpPage(w http.ResponseWriter, r *http.Request) error {
	a := kit.Actor(r)
	can, err := m.abilitiesOf(r.Context(), a)
	if err != nil {
		return err
	}
	ctx := r.Context()
	t := today()
	list, err := expiring(ctx, m.kit.DB, a.Entity.ID, t.Add(WarnAhead), 5000)
	if err != nil {
		return err
	}
	if f := r.URL.Query().Get("formato"); f != "" {
		tb := sheet.Table{Name: "Renovaciones ENCSARP", Header: []string{"Inscripción", "Apellidos y nombre", "Documento",
			"Nacionalidad", "Última renovación", "Caduca", "Avisado"}}
		for _, i := range list {
			var warned any
			if !i.RenewalWarnedAt.IsZero() {
				warned = i.RenewalWarnedAt
			}
			tb.Rows = append(tb.Rows, []any{i.Number, i.SortName(), i.DocLabel(), i.NationalityName(), i.RenewalOn, i.ExpiresOn(), warned})
		}
		if err := m.logAccess(ctx, a.Entity.ID, "", "exportacion", fmt.Sprintf("Lista ENCSARP (%d personas)", len(list)),
			a.UserID, a.Name, a.IP); err != nil {
			return err
		}
		return sheet.Write(w, f, "renovaciones-encsarp", tb)
	}
	var expired, soon []Inscription
	for _, i := range list {
		if !i.ExpiresOn().After(t) {
			expired = append(expired, i)
		} else {
			soon = append(soon, i)
		}
	}
	if err := m.logAccess(ctx, a.Entity.ID, "", "consulta", "Lista de renovaciones ENCSARP", a.UserID, a.Name, a.IP); err != nil {
		return err
	}
	data := map[string]any{"Expired": expired, "Soon": soon, "Can": can, "Today": t}
	return m.kit.Page(w, r, "census/encsarp", &web.Page{Title: "Renovación de extranjeros no comunitarios (ENCSARP)",
		Crumbs: []web.Crumb{homeCrumb}, Data: data})
}

// WarnExpiring marks as warned the inscriptions expiring in the next
// WarnAhead that were not warned yet, and returns how many. (The letter
// itself is printed from the list; the date proves the warning.)
func (m *Module) WarnExpiring(ctx context.Context, a *auth.Actor) (int, error) {
	if err := m.kit.Access.RequireHere(ctx, a, PermChange); err != nil {
		return 0, err
	}
	t := today()
	var n int
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		list, err := expiring(ctx, tx, a.Entity.ID, t.Add(WarnAhead), 100000)
		if err != nil {
			return err
		}
		now := time.Now().UTC()
		for _, i := range list {
			if !i.RenewalWarnedAt.IsZero() || !i.ExpiresOn().After(t) {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE census_inscriptions SET renewal_warned_at = $3 WHERE entity_id = $1 AND id = $2`,
				a.Entity.ID, i.ID, now); err != nil {
				return err
			}
			n++
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: a.Entity.ID, Action: "padron.encsarp.aviso", ObjectType: "padron",
			ObjectID: a.Entity.ID, After: map[string]int{"avisados": n}})
	})
	return n, err
}

func (m *Module) encsarpWarnPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	n, err := m.WarnExpiring(r.Context(), kit.Actor(r))
	if err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/padron/encsarp", fmt.Sprintf("Aviso registrado para %d personas.", n))
}

// StartCaducidad starts, in the background, the monthly caducidad batch of
// the actor's entity and returns the job id: every active ENCSARP
// inscription whose two years ended before today is given de baja por
// caducidad, one transaction each, with visible progress.
func (m *Module) StartCaducidad(ctx context.Context, a *auth.Actor) (string, error) {
	if err := m.kit.Access.RequireHere(ctx, a, PermChange); err != nil {
		return "", err
	}
	if m.kit.Jobs == nil {
		return "", errs.New(errs.Unavailable, "Los procesos en segundo plano no están disponibles.")
	}
	entityID := a.Entity.ID
	actor := *a
	return m.kit.Jobs.Start(ctx, jobs.Job{Kind: "padron.caducidad", Title: "Bajas por caducidad (ENCSARP) " + a.Entity.Of(),
		EntityID: entityID, CreatedBy: a.UserID, Run: func(ctx context.Context, p *jobs.Progress) error {
			n, err := m.RunCaducidad(ctx, &actor, entityID, today(), p.Set)
			if err != nil {
				return err
			}
			p.Set(int64(n), int64(n), fmt.Sprintf("%d bajas por caducidad registradas.", n))
			p.Result("/padron/encsarp")
			return nil
		}})
}

// RunCaducidad gives de baja por caducidad every expired ENCSARP
// inscription of entityID at the date at; progress is called as it goes.
func (m *Module) RunCaducidad(ctx context.Context, a *auth.Actor, entityID string, at time.Time, progress func(done, total int64, msg string)) (int, error) {
	list, err := expiring(ctx, m.kit.DB, entityID, at.AddDate(0, 0, -1), 1_000_000)
	if err != nil {
		return 0, err
	}
	total := int64(len(list))
	for k, i := range list {
		if err := ctx.Err(); err != nil {
			return k, err
		}
		err := m.baja(ctx, a, entityID, i.ID, BajaInput{Cause: "BK", EffectiveOn: at,
			Document: "Resolución de caducidad por falta de renovación (art. 16.1 LBRL)",
			Notes:    "Caducó el " + web.Date(i.ExpiresOn())}, "proceso")
		if err != nil {
			return k, fmt.Errorf("no se pudo dar de baja la inscripción n.º %d: %v", i.Number, err)
		}
		if progress != nil {
			progress(int64(k+1), total, fmt.Sprintf("%d de %d inscripciones caducadas dadas de baja", k+1, total))
		}
	}
	return len(list), nil
}

func (m *Module) caducidadPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	id, err := m.StartCaducidad(r.Context(), kit.Actor(r))
	if err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/trabajos/"+id, "El proceso de caducidad está en marcha: esta página muestra su avance.")
}
