package registry

import (
	"context"
	"fmt"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/kit"
)

// pendingWhere selects the distribution steps pending for a in his current
// entity: those at his units, or at any unit when he holds PermDecideAny.
// It also says how many units he belongs to and whether he decides for all.
func (m *Module) pendingWhere(ctx context.Context, a *auth.Actor) (wh *db.Where, units int, anyUnit bool, err error) {
	mine, err := memberUnits(ctx, m.kit.DB, a.Entity.ID, a.UserID)
	if err != nil {
		return nil, 0, false, err
	}
	if anyUnit, err = m.kit.Access.CanHere(ctx, a, PermDecideAny); err != nil {
		return nil, 0, false, err
	}
	// Read from the distributions' indexes by state or by unit and state.
	wh = &db.Where{}
	wh.Add("d.entity_id = ?", a.Entity.ID)
	wh.Add("d.state = 'pendiente'")
	if !anyUnit {
		wh.In("d.unit_id", mine)
	}
	return wh, len(mine), anyUnit, nil
}

// waiting is what the registro has for the actor's home: the asientos
// distributed to his units (to any unit, for its administrator) that wait
// to be accepted, and for who registers, the interchanges received through
// SIR that wait to be accepted or rejected.
func (m *Module) waiting(ctx context.Context, a *auth.Actor) ([]kit.Waiting, error) {
	if ok, err := m.kit.Access.CanHere(ctx, a, PermRead); err != nil || !ok {
		return nil, err
	}
	wh, _, _, err := m.pendingWhere(ctx, a)
	if err != nil {
		return nil, err
	}
	var steps int
	if err := m.kit.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM registry_distributions d`+wh.SQL(), wh.Args...).Scan(&steps); err != nil {
		return nil, fmt.Errorf("registro: contar asientos pendientes: %w", err)
	}
	out := []kit.Waiting{kit.NewWaiting(steps, "/registro/pendientes",
		"Un asiento del registro espera que lo acepte su unidad",
		"%d asientos del registro esperan que los acepten sus unidades")}
	if ok, err := m.kit.Access.CanHere(ctx, a, PermWrite); err != nil || !ok {
		return out, err
	}
	var received, returned int
	if err := m.kit.DB.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN direction = 'recibido' AND state = 'recibido' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN direction = 'enviado' AND state IN ('devuelto', 'error', 'no_enviado') THEN 1 ELSE 0 END), 0)
		FROM registry_interchanges WHERE entity_id = $1 AND state IN ('recibido', 'devuelto', 'error', 'no_enviado')`,
		a.Entity.ID).Scan(&received, &returned); err != nil {
		return nil, fmt.Errorf("registro: contar intercambios SIR pendientes: %w", err)
	}
	return append(out, kit.NewWaiting(received, "/registro/sir?ver=recibidos",
		"Un intercambio recibido por SIR espera que lo acepte o lo rechace",
		"%d intercambios recibidos por SIR esperan que los acepte o los rechace"),
		kit.NewWaiting(returned, "/registro/sir?ver=atencion",
			"Un intercambio enviado por SIR ha vuelto rechazado, con error o sin transmitir",
			"%d intercambios enviados por SIR han vuelto rechazados, con error o sin transmitir")), nil
}
