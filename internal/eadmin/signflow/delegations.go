package signflow

import (
	"context"
	"database/sql"
	"time"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/validate"
)

// maxDelegation is the longest delegation recorded at once.
const maxDelegation = 366 * 24 * time.Hour

// DelegationForm is a delegation as asked.
type DelegationForm struct {
	EntityID, From, To string
	// Starts and Ends are civil days (midnight UTC); both included.
	Starts, Ends time.Time
	Reason       string
}

// delegate records a delegation of From's signature to To.
func (m *Module) delegate(ctx context.Context, a *auth.Actor, f DelegationForm) (Delegation, error) {
	var fe errs.Fields
	from, okFrom, err := m.signerMember(ctx, f.EntityID, f.From)
	if err != nil {
		return Delegation{}, err
	}
	to, okTo, err := m.signerMember(ctx, f.EntityID, f.To)
	if err != nil {
		return Delegation{}, err
	}
	if !okFrom {
		fe.Add("delegante", "Elija quién delega su firma.")
	}
	switch {
	case !okTo:
		fe.Add("delegado", "Elija en quién se delega: una persona que pueda firmar en el portafirmas de la entidad.")
	case f.To == f.From:
		fe.Add("delegado", "Nadie puede delegar la firma en sí mismo.")
	}
	day := today(m.kit.Now())
	switch {
	case f.Starts.IsZero():
		fe.Add("desde", "Escriba el primer día de la delegación.")
	case f.Ends.IsZero():
		fe.Add("hasta", "Escriba el último día de la delegación.")
	case f.Ends.Before(f.Starts):
		fe.Add("hasta", "El último día no puede ser anterior al primero.")
	case f.Ends.Format(time.DateOnly) < day:
		fe.Add("hasta", "La delegación ya habría terminado: el último día tiene que ser hoy o posterior.")
	case f.Ends.Sub(f.Starts) > maxDelegation:
		fe.Add("hasta", "Una delegación dura como mucho un año: renuévela después.")
	}
	fe.Check("motivo", validate.Text(f.Reason, "El motivo", false, 500))
	if err := fe.Err(); err != nil {
		return Delegation{}, err
	}
	d := Delegation{EntityID: f.EntityID, ID: id.New(), FromUser: f.From, FromName: from.Name(), ToUser: f.To,
		ToName: to.Name(), Starts: f.Starts, Ends: f.Ends, Reason: f.Reason, CreatedAt: m.kit.Now()}
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO signflow_delegations (entity_id, id, from_user, from_name, to_user,
			to_name, starts, ends, reason, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			d.EntityID, d.ID, d.FromUser, d.FromName, d.ToUser, d.ToName, d.Starts.Format(time.DateOnly),
			d.Ends.Format(time.DateOnly), d.Reason, d.CreatedAt, a.UserID)
		if err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, delegationChange(d, "portafirmas.delegar", nil, d))
	})
	return d, err
}

func delegationChange(d Delegation, action string, before, after any) kit.Change {
	return kit.Change{EntityID: d.EntityID, Action: action, ObjectType: "delegacion_firma", ObjectID: d.ID, Before: before, After: after}
}

// revokeDelegation ends a delegation now; only its delegator or an
// administrator (admin) may.
func (m *Module) revokeDelegation(ctx context.Context, a *auth.Actor, entityID, delegationID string, admin bool) error {
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		d, err := delegationByID(ctx, tx, entityID, delegationID)
		if err != nil {
			return err
		}
		if d.FromUser != a.UserID && !admin {
			return errs.New(errs.Forbidden, "Solo quien delegó su firma, o el administrador del portafirmas, puede revocar la delegación.")
		}
		if d.Revoked {
			return errs.New(errs.Conflict, "La delegación ya estaba revocada.")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE signflow_delegations SET revoked_at = $1 WHERE entity_id = $2 AND id = $3`,
			m.kit.Now(), entityID, delegationID); err != nil {
			return err
		}
		after := d
		after.Revoked = true
		return m.kit.Audit(ctx, tx, a, delegationChange(d, "portafirmas.revocar_delegacion", d, after))
	})
}

const delegationColumns = `entity_id, id, from_user, from_name, to_user, to_name, starts, ends, reason, created_at,
	revoked_at IS NOT NULL`

func scanDelegation(sc db.Scanner) (Delegation, error) {
	var d Delegation
	var starts, ends string
	err := sc.Scan(&d.EntityID, &d.ID, &d.FromUser, &d.FromName, &d.ToUser, &d.ToName, &starts, &ends, &d.Reason,
		&d.CreatedAt, &d.Revoked)
	d.Starts, _ = time.Parse(time.DateOnly, starts)
	d.Ends, _ = time.Parse(time.DateOnly, ends)
	return d, db.NotFound(err)
}

func delegationByID(ctx context.Context, q db.Queryer, entityID, id string) (Delegation, error) {
	return scanDelegation(q.QueryRowContext(ctx, `SELECT `+delegationColumns+` FROM signflow_delegations
		WHERE entity_id = $1 AND id = $2`, entityID, id))
}

// delegations lists an entity's delegations given or received by userID
// ("" for all), newest first.
func delegations(ctx context.Context, q db.Queryer, entityID, userID string) ([]Delegation, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+delegationColumns+` FROM signflow_delegations WHERE entity_id = $1
		AND ($2 = '' OR from_user = $2 OR to_user = $2) ORDER BY created_at DESC LIMIT 200`, entityID, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Delegation
	for rows.Next() {
		d, err := scanDelegation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// InForce reports whether the delegation applies on day (YYYY-MM-DD).
func (d Delegation) InForce(day string) bool {
	return !d.Revoked && d.Starts.Format(time.DateOnly) <= day && d.Ends.Format(time.DateOnly) >= day
}
