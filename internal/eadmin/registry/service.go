package registry

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"unicode/utf8"

	"concejo/internal/core/directory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/refdata"
)

// registerByClerk registers an asiento made at the office by a, in the
// book of his current entity (the route's gate asks PermWrite).
func (m *Module) registerByClerk(ctx context.Context, a *auth.Actor, in NewEntry) (Entry, error) {
	in.EntityID, in.By = a.Entity.ID, a.UserID
	m.resolveDestination(ctx, &in)
	return m.registerAs(ctx, a, in)
}

// entryFor returns an asiento of the actor's current entity within his
// reach (404 otherwise).
func (m *Module) entryFor(ctx context.Context, a *auth.Actor, entryID string) (entryRow, error) {
	x, err := m.reachOf(ctx, a)
	if err != nil {
		return entryRow{}, err
	}
	e, err := entryByID(ctx, m.kit.DB, x.entityID, entryID)
	if err != nil {
		return e, err
	}
	ok, err := x.sees(ctx, m.kit.DB, entryID)
	if err == nil && !ok {
		err = errs.ErrNotFound
	}
	return e, err
}

// entryToChange is entryFor for a change of the asiento: 403 unless the
// actor holds PermWrite too.
func (m *Module) entryToChange(ctx context.Context, a *auth.Actor, entryID string) (entryRow, error) {
	e, err := m.entryFor(ctx, a, entryID)
	if err == nil {
		err = m.kit.Access.RequireHere(ctx, a, PermWrite)
	}
	return e, err
}

// annotationKinds are the annotation kinds a clerk may add.
var annotationKinds = map[string]string{"correccion": "Corrección", "anulacion": "Anulación", "nota": "Nota"}

// annotate adds a dated correction, cancellation or note to an asiento.
func (m *Module) annotate(ctx context.Context, a *auth.Actor, entryID, kind, body string) error {
	e, err := m.entryToChange(ctx, a, entryID)
	if err != nil {
		return err
	}
	var fe errs.Fields
	body = strings.TrimSpace(body)
	if _, ok := annotationKinds[kind]; !ok {
		fe.Add("tipo", "Elija si es una corrección, una anulación o una nota.")
	}
	textLimit(&fe, "texto", "El texto de la anotación", body, 2000, true)
	if err := fe.Err(); err != nil {
		return err
	}
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if kind == "anulacion" {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM registry_annotations WHERE entity_id = $1
				AND entry_id = $2 AND kind = 'anulacion'`, e.EntityID, e.ID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return errs.New(errs.Conflict, "El asiento ya está anulado.")
			}
		}
		an := annotation{ID: id.New(), Kind: kind, Body: body, CreatedAt: m.now().UTC(), CreatedBy: a.UserID, By: a.Name}
		if _, err := tx.ExecContext(ctx, `INSERT INTO registry_annotations (entity_id, entry_id, id, kind, body,
			created_at, created_by, by_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			e.EntityID, e.ID, an.ID, an.Kind, an.Body, an.CreatedAt, an.CreatedBy, an.By); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kitChange(e.EntityID, "registro.anotacion."+kind, e.ID, nil,
			map[string]any{"numero": e.Number, "tipo": kind, "texto": body}))
	})
}

// lastStep returns the last distribution step of an asiento (ok false if none).
func lastStep(ctx context.Context, q db.Queryer, entityID, entryID string) (step, bool, error) {
	var s step
	err := q.QueryRowContext(ctx, `SELECT step, unit_id, state FROM registry_distributions
		WHERE entity_id = $1 AND entry_id = $2 ORDER BY step DESC LIMIT 1`, entityID, entryID).Scan(&s.Step, &s.UnitID, &s.State)
	if errors.Is(err, sql.ErrNoRows) {
		return s, false, nil
	}
	return s, err == nil, err
}

// checkUnit returns a form error unless unitID is an active unit of the entity.
func checkUnit(ctx context.Context, q db.Queryer, entityID, unitID, field string) (unit, error) {
	u, err := unitByID(ctx, q, entityID, unitID)
	if errors.Is(err, db.ErrNotFound) || (err == nil && !u.Active) {
		return u, fieldError(field, "Elija una unidad activa de la entidad.")
	}
	return u, err
}

// distribute sends an asiento not yet with any unit (or rejected) to a unit.
func (m *Module) distribute(ctx context.Context, a *auth.Actor, entryID, unitID string) error {
	e, err := m.entryToChange(ctx, a, entryID)
	if err != nil {
		return err
	}
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		u, err := checkUnit(ctx, tx, e.EntityID, unitID, "unidad")
		if err != nil {
			return err
		}
		last, ok, err := lastStep(ctx, tx, e.EntityID, e.ID)
		if err != nil {
			return err
		}
		if ok && (last.State == "pendiente" || last.State == "aceptada") {
			return errs.New(errs.Conflict, "El asiento ya está en una unidad; solo ella puede reenviarlo.")
		}
		if err := insertDistribution(ctx, tx, e.EntityID, e.ID, last.Step+1, u.ID, m.now().UTC(), a.UserID); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kitChange(e.EntityID, "registro.distribuir", e.ID, nil,
			map[string]any{"numero": e.Number, "unidad": u.Name}))
	})
}

// decide accepts, rejects (with reason) or forwards (to another unit) the
// step pending at a unit.
func (m *Module) decide(ctx context.Context, a *auth.Actor, entryID, action, reason, toUnit string) error {
	e, err := m.entryFor(ctx, a, entryID)
	if err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		last, ok, err := lastStep(ctx, tx, e.EntityID, e.ID)
		if err != nil {
			return err
		}
		if !ok || last.State != "pendiente" {
			return errs.New(errs.Conflict, "El asiento no está pendiente de aceptar en ninguna unidad.")
		}
		may, err := m.canDecide(ctx, tx, a, last.UnitID)
		if err != nil {
			return err
		}
		if !may {
			return errs.ErrForbidden
		}
		var fe errs.Fields
		state := map[string]string{"aceptar": "aceptada", "rechazar": "rechazada", "reenviar": "reenviada"}[action]
		var to unit
		switch action {
		case "rechazar":
			if reason == "" {
				fe.Add("motivo", "Explique por qué rechaza el asiento: el registro lo verá para redistribuirlo.")
			}
		case "reenviar":
			if toUnit == last.UnitID {
				fe.Add("unidad", "Elija una unidad distinta de la actual.")
			} else if to, err = checkUnit(ctx, tx, e.EntityID, toUnit, "unidad"); err != nil {
				return err
			}
		case "aceptar":
		default:
			return errs.ErrNotFound
		}
		if utf8.RuneCountInString(reason) > 500 {
			fe.Add("motivo", "El motivo no puede tener más de 500 caracteres.")
		}
		if err := fe.Err(); err != nil {
			return err
		}
		now := m.now().UTC()
		if _, err := tx.ExecContext(ctx, `UPDATE registry_distributions SET state = $1, reason = $2, decided_at = $3,
			decided_by = $4 WHERE entity_id = $5 AND entry_id = $6 AND step = $7 AND state = 'pendiente'`,
			state, reason, now, a.Name, e.EntityID, e.ID, last.Step); err != nil {
			return err
		}
		after := map[string]any{"numero": e.Number, "estado": state, "motivo": reason}
		if action == "reenviar" {
			if err := insertDistribution(ctx, tx, e.EntityID, e.ID, last.Step+1, to.ID, now, a.UserID); err != nil {
				return err
			}
			after["a_unidad"] = to.Name
		}
		return m.kit.Audit(ctx, tx, a, kitChange(e.EntityID, "registro."+action, e.ID,
			map[string]any{"estado": "pendiente", "unidad": last.UnitID}, after))
	})
}

// createUnit adds a unit to the actor's current entity (the route's gate
// asks PermConfigure).
func (m *Module) createUnit(ctx context.Context, a *auth.Actor, name, dir3 string) (string, error) {
	var fe errs.Fields
	name, dir3 = strings.TrimSpace(name), strings.TrimSpace(dir3)
	textLimit(&fe, "nombre", "El nombre de la unidad", name, 80, true)
	if dir3 != "" {
		code, err := dirCheck(dir3)
		if err != nil {
			fe.Add("dir3", err.Error())
		}
		dir3 = code
	}
	if err := fe.Err(); err != nil {
		return "", err
	}
	uid := id.New()
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO registry_units (entity_id, id, name, search_text, dir3, active,
			created_at, created_by) VALUES ($1, $2, $3, $4, $5, TRUE, $6, $7)`,
			a.Entity.ID, uid, name, refdata.Fold(name), dir3, m.now().UTC(), a.UserID)
		if db.IsUniqueViolation(err) {
			return fieldError("nombre", "Ya hay una unidad con ese nombre.")
		}
		if err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, unitChange(a.Entity.ID, "registro.unidad.crear", uid, nil,
			map[string]any{"nombre": name, "dir3": dir3}))
	})
	return uid, err
}

// unitToConfigure returns the unit unitID of the actor's current entity
// (404 when there is none), 403 unless he holds PermConfigure.
func (m *Module) unitToConfigure(ctx context.Context, a *auth.Actor, unitID string) (unit, error) {
	u, err := unitByID(ctx, m.kit.DB, a.Entity.ID, unitID)
	if err == nil {
		err = m.kit.Access.RequireHere(ctx, a, PermConfigure)
	}
	return u, err
}

// setUnitMember adds (or removes) a user of the entity to a unit.
func (m *Module) setUnitMember(ctx context.Context, a *auth.Actor, unitID, userID string, add bool) error {
	u, err := m.unitToConfigure(ctx, a, unitID)
	if err != nil {
		return err
	}
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		var res sql.Result
		var err error
		if add {
			_, err = directory.MemberOf(ctx, tx, a.Entity.ID, userID)
			if errors.Is(err, db.ErrNotFound) {
				return fieldError("usuario", "Elija una persona que trabaje para la entidad.")
			}
			if err != nil {
				return err
			}
			res, err = tx.ExecContext(ctx, `INSERT INTO registry_unit_members (entity_id, unit_id, user_id, created_at, created_by)
				VALUES ($1, $2, $3, $4, $5)`, a.Entity.ID, u.ID, userID, m.now().UTC(), a.UserID)
			if db.IsUniqueViolation(err) {
				return fieldError("usuario", "Esa persona ya es miembro de la unidad.")
			}
		} else {
			res, err = tx.ExecContext(ctx, `DELETE FROM registry_unit_members WHERE entity_id = $1 AND unit_id = $2
				AND user_id = $3`, a.Entity.ID, u.ID, userID)
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.ErrNotFound
		}
		action := "registro.unidad.miembro.alta"
		if !add {
			action = "registro.unidad.miembro.baja"
		}
		return m.kit.Audit(ctx, tx, a, unitChange(a.Entity.ID, action, u.ID, nil, map[string]any{"unidad": u.Name, "usuario": userID}))
	})
}

// setUnitActive closes or reopens a unit (units are never deleted: their
// asientos keep pointing at them).
func (m *Module) setUnitActive(ctx context.Context, a *auth.Actor, unitID string, active bool) error {
	u, err := m.unitToConfigure(ctx, a, unitID)
	if err != nil {
		return err
	}
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if !active {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM registry_distributions WHERE entity_id = $1
				AND unit_id = $2 AND state = 'pendiente'`, a.Entity.ID, u.ID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return errs.New(errs.Conflict, "La unidad tiene asientos pendientes de aceptar: acéptelos, rechácelos o reenvíelos antes de darla de baja.")
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE registry_units SET active = $1 WHERE entity_id = $2 AND id = $3`,
			active, a.Entity.ID, u.ID); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, unitChange(a.Entity.ID, "registro.unidad.activa", u.ID,
			map[string]any{"activa": u.Active}, map[string]any{"activa": active}))
	})
}
