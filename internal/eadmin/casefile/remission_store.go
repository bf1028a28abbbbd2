package casefile

import (
	"context"
	"database/sql"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/validate"
	"concejo/internal/platform/web"
)

const remissionColumns = `entity_id, id, file_id, destination, reference, state, documents, package_sha256, token,
	expires_at, created_at, created_by, created_by_name, sent_at, received_at, receipt, error`

func scanRemission(sc db.Scanner) (Remission, error) {
	var r Remission
	var sent, received sql.NullTime
	err := sc.Scan(&r.EntityID, &r.ID, &r.FileID, &r.Destination, &r.Reference, &r.State, &r.Documents, &r.PackageSHA256,
		&r.Token, &r.ExpiresAt, &r.CreatedAt, &r.CreatedBy, &r.CreatedByName, &sent, &received, &r.Receipt, &r.Error)
	if sent.Valid {
		r.SentAt = &sent.Time
	}
	if received.Valid {
		r.ReceivedAt = &received.Time
	}
	return r, db.NotFound(err)
}

// remissionsOf lists an expediente's remissions, newest first.
func remissionsOf(ctx context.Context, q db.Queryer, entityID, fileID string) ([]Remission, error) {
	return db.Collect(ctx, q, scanRemission, `SELECT `+remissionColumns+` FROM casefile_remissions
		WHERE entity_id = $1 AND file_id = $2 ORDER BY created_at DESC`, entityID, fileID)
}

// remissionByID reads a remission of an expediente.
func remissionByID(ctx context.Context, q db.Queryer, entityID, fileID, id string) (Remission, error) {
	return scanRemission(q.QueryRowContext(ctx, `SELECT `+remissionColumns+` FROM casefile_remissions
		WHERE entity_id = $1 AND file_id = $2 AND id = $3`, entityID, fileID, id))
}

// remissionByToken reads the remission a court's link names.
func remissionByToken(ctx context.Context, q db.Queryer, token string) (Remission, error) {
	return scanRemission(q.QueryRowContext(ctx, `SELECT `+remissionColumns+` FROM casefile_remissions WHERE token = $1`, token))
}

// remissionPackage reads the package of a remission.
func remissionPackage(ctx context.Context, q db.Queryer, r Remission) ([]byte, error) {
	var b []byte
	err := q.QueryRowContext(ctx, `SELECT package FROM casefile_remissions WHERE entity_id = $1 AND id = $2`, r.EntityID, r.ID).Scan(&b)
	return b, err
}

// markSent records that the clerk sent the remission (its link or package)
// to the destination.
func (m *Module) markSent(ctx context.Context, a *auth.Actor, f File, remID string) error {
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		r, err := remissionByID(ctx, tx, f.EntityID, f.ID, remID)
		if err != nil {
			return err
		}
		if r.State != RemissionPrepared && r.State != RemissionError {
			return errs.New(errs.Conflict, "La remisión ya consta como "+r.StateLabel()+".")
		}
		now := m.kit.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE casefile_remissions SET state = 'enviada', sent_at = $1, error = ''
			WHERE entity_id = $2 AND id = $3`, now, r.EntityID, r.ID); err != nil {
			return err
		}
		r.State = RemissionSent
		return m.remissionEvent(ctx, tx, a, r, "remitir", "Remisión enviada a "+r.Destination+".")
	})
}

// markError records that the destination refused or could not take it.
func (m *Module) markError(ctx context.Context, a *auth.Actor, f File, remID, reason string) error {
	if err := validate.Text(reason, "El error", true, 1000); err != nil {
		return errs.Fields{{Field: "error", Message: err.Error()}}
	}
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		r, err := remissionByID(ctx, tx, f.EntityID, f.ID, remID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE casefile_remissions SET state = 'con_error', error = $1
			WHERE entity_id = $2 AND id = $3`, reason, r.EntityID, r.ID); err != nil {
			return err
		}
		r.State = RemissionError
		return m.remissionEvent(ctx, tx, a, r, "remitir", "Remisión a "+r.Destination+" con error: "+reason)
	})
}

// courtAccess records the destination's access through its link: the first
// one is the acuse de recibo. An expired link is refused.
func (m *Module) courtAccess(ctx context.Context, token, ip string) (Remission, error) {
	var r Remission
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if r, err = remissionByToken(ctx, tx, token); err != nil {
			return err
		}
		now := m.kit.Now()
		if now.After(r.ExpiresAt) {
			return errs.New(errs.Gone, "El enlace de esta remisión caducó el "+r.ExpiresAt.In(web.Madrid).Format("02/01/2006")+
				": pida al órgano que remitió el expediente un enlace nuevo.")
		}
		if r.ReceivedAt != nil {
			return nil
		}
		r.Receipt = "Primer acceso al expediente remitido el " + now.In(web.Madrid).Format("02/01/2006 a las 15:04:05") + " desde " + ip + "."
		r.ReceivedAt, r.State = &now, RemissionReceived
		if _, err := tx.ExecContext(ctx, `UPDATE casefile_remissions SET state = 'recibida', received_at = $1, receipt = $2,
			sent_at = COALESCE(sent_at, $1) WHERE entity_id = $3 AND id = $4`, now, r.Receipt, r.EntityID, r.ID); err != nil {
			return err
		}
		return m.remissionEvent(ctx, tx, nil, r, "remitir", "Remisión recibida por "+r.Destination+": "+r.Receipt)
	})
	return r, err
}
