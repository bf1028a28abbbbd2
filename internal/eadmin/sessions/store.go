package sessions

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"concejo/internal/platform/db"
)

// ---- órganos and members

const organColumns = `entity_id, id, kind, name, legal_members, updated_at, updated_by`

func scanOrgan(sc db.Scanner) (Organ, error) {
	var o Organ
	err := sc.Scan(&o.EntityID, &o.ID, &o.Kind, &o.Name, &o.LegalMembers, &o.UpdatedAt, &o.UpdatedBy)
	o.UpdatedAt = o.UpdatedAt.UTC()
	return o, err
}

func organsOf(ctx context.Context, q db.Queryer, entityID string) ([]Organ, error) {
	rows, err := db.Collect(ctx, q, scanOrgan, `SELECT `+organColumns+` FROM sessions_organs
		WHERE entity_id = $1 ORDER BY CASE kind WHEN 'pleno' THEN 0 ELSE 1 END`, entityID)
	if err != nil {
		return nil, fmt.Errorf("sesiones: leer los órganos de la entidad %s: %w", entityID, err)
	}
	return rows, nil
}

func organByID(ctx context.Context, q db.Queryer, entityID, id string) (Organ, error) {
	o, err := scanOrgan(q.QueryRowContext(ctx, `SELECT `+organColumns+` FROM sessions_organs
		WHERE entity_id = $1 AND id = $2`, entityID, id))
	if err := db.NotFound(err); err != nil {
		return o, fmt.Errorf("sesiones: leer el órgano %s: %w", id, err)
	}
	return o, nil
}

func insertOrgan(ctx context.Context, tx *sql.Tx, o Organ) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO sessions_organs (`+organColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		o.EntityID, o.ID, o.Kind, o.Name, o.LegalMembers, o.UpdatedAt, o.UpdatedBy)
	if err != nil {
		return fmt.Errorf("sesiones: crear el órgano %s: %w", o.Kind, err)
	}
	return nil
}

func updateOrgan(ctx context.Context, tx *sql.Tx, o Organ) error {
	err := db.Affected(tx.ExecContext(ctx, `UPDATE sessions_organs SET name = $3, legal_members = $4, updated_at = $5,
		updated_by = $6 WHERE entity_id = $1 AND id = $2`, o.EntityID, o.ID, o.Name, o.LegalMembers, o.UpdatedAt, o.UpdatedBy))
	if err != nil {
		return fmt.Errorf("sesiones: modificar el órgano %s: %w", o.ID, err)
	}
	return nil
}

const memberColumns = `entity_id, id, organ_id, pos, role, name, post, grp, email, active`

func scanMember(sc db.Scanner) (Member, error) {
	var m Member
	err := sc.Scan(&m.EntityID, &m.ID, &m.OrganID, &m.Pos, &m.Role, &m.Name, &m.Post, &m.Group, &m.Email, &m.Active)
	return m, err
}

// membersOf lists the members of an órgano by position (those who left
// too when all is set).
func membersOf(ctx context.Context, q db.Queryer, entityID, organID string, all bool) ([]Member, error) {
	query := `SELECT ` + memberColumns + ` FROM sessions_members WHERE entity_id = $1 AND organ_id = $2`
	if !all {
		query += ` AND active = TRUE`
	}
	rows, err := db.Collect(ctx, q, scanMember, query+` ORDER BY pos, id`, entityID, organID)
	if err != nil {
		return nil, fmt.Errorf("sesiones: leer los miembros del órgano %s: %w", organID, err)
	}
	return rows, nil
}

func memberByID(ctx context.Context, q db.Queryer, entityID, organID, id string) (Member, error) {
	m, err := scanMember(q.QueryRowContext(ctx, `SELECT `+memberColumns+` FROM sessions_members
		WHERE entity_id = $1 AND organ_id = $2 AND id = $3`, entityID, organID, id))
	if err := db.NotFound(err); err != nil {
		return m, fmt.Errorf("sesiones: leer el miembro %s: %w", id, err)
	}
	return m, nil
}

var memberInsert = []string{"entity_id", "id", "organ_id", "pos", "role", "name", "post", "grp", "email", "active"}

func memberArgs(m Member) []any {
	return []any{m.EntityID, m.ID, m.OrganID, m.Pos, m.Role, m.Name, m.Post, m.Group, m.Email, m.Active}
}

func insertMember(ctx context.Context, tx db.Queryer, m Member) error {
	if _, err := tx.ExecContext(ctx, db.InsertSQL("sessions_members", memberInsert, 1), memberArgs(m)...); err != nil {
		return fmt.Errorf("sesiones: añadir el miembro %s: %w", m.Name, err)
	}
	return nil
}

func updateMember(ctx context.Context, tx *sql.Tx, m Member) error {
	err := db.Affected(tx.ExecContext(ctx, `UPDATE sessions_members SET role = $3, name = $4, post = $5, grp = $6,
		email = $7, active = $8 WHERE entity_id = $1 AND id = $2`, m.EntityID, m.ID, m.Role, m.Name, m.Post, m.Group,
		m.Email, m.Active))
	if err != nil {
		return fmt.Errorf("sesiones: modificar el miembro %s: %w", m.ID, err)
	}
	return nil
}

func nextMemberPos(ctx context.Context, tx *sql.Tx, entityID, organID string) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(pos), 0) FROM sessions_members WHERE entity_id = $1 AND organ_id = $2`,
		entityID, organID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("sesiones: posición del nuevo miembro: %w", err)
	}
	return n + 1, nil
}

// ---- sessions

const sessionColumns = `s.entity_id, s.id, s.organ_id, s.year, s.kind, s.state, s.starts_at, s.place, s.convened_at,
	s.convened_by, s.convened_by_name, s.convocation_csv, s.opened_at, s.closed_at, s.acta, s.acta_csv, s.approved_at,
	s.approved_in, s.updated_at, o.name, o.kind`

const sessionFrom = ` FROM sessions_sessions s JOIN sessions_organs o ON o.entity_id = s.entity_id AND o.id = s.organ_id`

func scanSession(sc db.Scanner) (Session, error) {
	var s Session
	var opened, closed, approved sql.NullTime
	err := sc.Scan(&s.EntityID, &s.ID, &s.OrganID, &s.Year, &s.Kind, &s.State, &s.StartsAt, &s.Place, &s.ConvenedAt,
		&s.ConvenedBy, &s.ConvenedByName, &s.ConvocationCSV, &opened, &closed, &s.Acta, &s.ActaCSV, &approved,
		&s.ApprovedIn, &s.UpdatedAt, &s.OrganName, &s.OrganKind)
	s.StartsAt, s.ConvenedAt, s.UpdatedAt = s.StartsAt.UTC(), s.ConvenedAt.UTC(), s.UpdatedAt.UTC()
	s.OpenedAt, s.ClosedAt, s.ApprovedAt = utc(opened), utc(closed), utc(approved)
	return s, err
}

func utc(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

func sessionByID(ctx context.Context, q db.Queryer, entityID, id string) (Session, error) {
	s, err := scanSession(q.QueryRowContext(ctx, `SELECT `+sessionColumns+sessionFrom+`
		WHERE s.entity_id = $1 AND s.id = $2`, entityID, id))
	if err := db.NotFound(err); err != nil {
		return s, fmt.Errorf("sesiones: leer la sesión %s: %w", id, err)
	}
	return s, nil
}

// sessionsOf lists the sessions of an órgano in a year (all órganos when
// organID is empty), by date.
func sessionsOf(ctx context.Context, q db.Queryer, entityID, organID string, year int) ([]Session, error) {
	query, args := `SELECT `+sessionColumns+sessionFrom+` WHERE s.entity_id = $1 AND s.year = $2`, []any{entityID, year}
	if organID != "" {
		query, args = query+` AND s.organ_id = $3`, append(args, organID)
	}
	rows, err := db.Collect(ctx, q, scanSession, query+` ORDER BY s.starts_at, s.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("sesiones: leer las sesiones de %d: %w", year, err)
	}
	return rows, nil
}

// pendingActas lists the sessions of an órgano held whose acta is not yet
// approved, by date.
func pendingActas(ctx context.Context, q db.Queryer, entityID, organID string) ([]Session, error) {
	rows, err := db.Collect(ctx, q, scanSession, `SELECT `+sessionColumns+sessionFrom+`
		WHERE s.entity_id = $1 AND s.organ_id = $2 AND s.state = 'celebrada' ORDER BY s.starts_at, s.id`, entityID, organID)
	if err != nil {
		return nil, fmt.Errorf("sesiones: leer las actas pendientes de aprobación: %w", err)
	}
	return rows, nil
}

// sessionYears lists the years with sessions, newest first.
func sessionYears(ctx context.Context, q db.Queryer, entityID string) ([]int, error) {
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (int, error) {
		var y int
		return y, sc.Scan(&y)
	}, `SELECT DISTINCT year FROM sessions_sessions WHERE entity_id = $1 ORDER BY year DESC`, entityID)
	if err != nil {
		return nil, fmt.Errorf("sesiones: leer los años con sesiones: %w", err)
	}
	return rows, nil
}

var sessionInsert = []string{"entity_id", "id", "organ_id", "year", "kind", "state", "starts_at", "place", "convened_at",
	"convened_by", "convened_by_name", "convocation_csv", "opened_at", "closed_at", "acta", "acta_csv", "approved_at",
	"approved_in", "updated_at"}

func sessionArgs(s Session) []any {
	return []any{s.EntityID, s.ID, s.OrganID, s.Year, s.Kind, s.State, s.StartsAt, s.Place, s.ConvenedAt, s.ConvenedBy,
		s.ConvenedByName, s.ConvocationCSV, db.NullTime(s.OpenedAt), db.NullTime(s.ClosedAt), s.Acta, s.ActaCSV,
		db.NullTime(s.ApprovedAt), s.ApprovedIn, s.UpdatedAt}
}

func insertSession(ctx context.Context, tx db.Queryer, s Session) error {
	if _, err := tx.ExecContext(ctx, db.InsertSQL("sessions_sessions", sessionInsert, 1), sessionArgs(s)...); err != nil {
		return fmt.Errorf("sesiones: guardar la sesión %s: %w", s.ID, err)
	}
	return nil
}

// updateSession rewrites the mutable columns of a session that is still
// in state from (db.ErrNotFound when it is not any more).
func updateSession(ctx context.Context, tx *sql.Tx, s Session, from string) error {
	err := db.Affected(tx.ExecContext(ctx, `UPDATE sessions_sessions SET state = $3, opened_at = $4, closed_at = $5,
		acta = $6, acta_csv = $7, approved_at = $8, approved_in = $9, updated_at = $10
		WHERE entity_id = $1 AND id = $2 AND state = $11`, s.EntityID, s.ID, s.State, db.NullTime(s.OpenedAt),
		db.NullTime(s.ClosedAt), s.Acta, s.ActaCSV, db.NullTime(s.ApprovedAt), s.ApprovedIn, s.UpdatedAt, from))
	if err != nil {
		return fmt.Errorf("sesiones: modificar la sesión %s: %w", s.ID, err)
	}
	return nil
}

// claimSession locks the row of a session still convocada for the
// transaction (db.ErrNotFound when there is none).
func claimSession(ctx context.Context, tx *sql.Tx, entityID, id string) error {
	err := db.Affected(tx.ExecContext(ctx, `UPDATE sessions_sessions SET updated_at = updated_at
		WHERE entity_id = $1 AND id = $2 AND state = 'convocada'`, entityID, id))
	if err != nil {
		return fmt.Errorf("sesiones: tomar la sesión %s: %w", id, err)
	}
	return nil
}

// ---- items, attendance, votes

const itemColumns = `entity_id, id, session_id, pos, kind, title, file_id, file_number, acta_session_id, absolute,
	resolves, result, votes_for, votes_against, abstentions, agreement, certificate_csv, recorded`

func scanItem(sc db.Scanner) (Item, error) {
	var it Item
	err := sc.Scan(&it.EntityID, &it.ID, &it.SessionID, &it.Pos, &it.Kind, &it.Title, &it.FileID, &it.FileNumber,
		&it.ActaSessionID, &it.Absolute, &it.Resolves, &it.Result, &it.For, &it.Against, &it.Abstentions, &it.Agreement,
		&it.CertificateCSV, &it.Recorded)
	return it, err
}

func itemsOf(ctx context.Context, q db.Queryer, entityID, sessionID string) ([]Item, error) {
	rows, err := db.Collect(ctx, q, scanItem, `SELECT `+itemColumns+` FROM sessions_items
		WHERE entity_id = $1 AND session_id = $2 ORDER BY pos`, entityID, sessionID)
	if err != nil {
		return nil, fmt.Errorf("sesiones: leer el orden del día de la sesión %s: %w", sessionID, err)
	}
	return rows, nil
}

var itemInsert = []string{"entity_id", "id", "session_id", "pos", "kind", "title", "file_id", "file_number",
	"acta_session_id", "absolute", "resolves", "result", "votes_for", "votes_against", "abstentions", "agreement",
	"certificate_csv", "recorded"}

func itemArgs(it Item) []any {
	return []any{it.EntityID, it.ID, it.SessionID, it.Pos, it.Kind, it.Title, it.FileID, it.FileNumber, it.ActaSessionID,
		it.Absolute, it.Resolves, it.Result, it.For, it.Against, it.Abstentions, it.Agreement, it.CertificateCSV, it.Recorded}
}

func insertItems(ctx context.Context, tx db.Queryer, items []Item) error {
	if len(items) == 0 {
		return nil
	}
	args := make([]any, 0, len(items)*len(itemInsert))
	for _, it := range items {
		args = append(args, itemArgs(it)...)
	}
	if _, err := tx.ExecContext(ctx, db.InsertSQL("sessions_items", itemInsert, len(items)), args...); err != nil {
		return fmt.Errorf("sesiones: guardar el orden del día: %w", err)
	}
	return nil
}

// updateItemResult records the result of an item that has none yet
// (db.ErrNotFound when it already has one).
func updateItemResult(ctx context.Context, tx *sql.Tx, it Item) error {
	err := db.Affected(tx.ExecContext(ctx, `UPDATE sessions_items SET result = $3, votes_for = $4, votes_against = $5,
		abstentions = $6, agreement = $7, resolves = $8, absolute = $9 WHERE entity_id = $1 AND id = $2 AND result = ''`,
		it.EntityID, it.ID, it.Result, it.For, it.Against, it.Abstentions, it.Agreement, it.Resolves, it.Absolute))
	if err != nil {
		return fmt.Errorf("sesiones: registrar el resultado del punto %d: %w", it.Pos, err)
	}
	return nil
}

func setItemCertificate(ctx context.Context, tx *sql.Tx, entityID, itemID, csv string) error {
	_, err := tx.ExecContext(ctx, `UPDATE sessions_items SET certificate_csv = $3 WHERE entity_id = $1 AND id = $2`,
		entityID, itemID, csv)
	if err != nil {
		return fmt.Errorf("sesiones: código del certificado del punto %s: %w", itemID, err)
	}
	return nil
}

func markRecorded(ctx context.Context, q db.Queryer, entityID, itemID string) error {
	_, err := q.ExecContext(ctx, `UPDATE sessions_items SET recorded = TRUE WHERE entity_id = $1 AND id = $2`, entityID, itemID)
	if err != nil {
		return fmt.Errorf("sesiones: certificado incorporado del punto %s: %w", itemID, err)
	}
	return nil
}

func attendanceOf(ctx context.Context, q db.Queryer, entityID, sessionID string) (map[string]string, error) {
	type row struct{ member, status string }
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (row, error) {
		var r row
		return r, sc.Scan(&r.member, &r.status)
	}, `SELECT member_id, status FROM sessions_attendance WHERE entity_id = $1 AND session_id = $2`, entityID, sessionID)
	if err != nil {
		return nil, fmt.Errorf("sesiones: leer la asistencia a la sesión %s: %w", sessionID, err)
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.member] = r.status
	}
	return out, nil
}

// replaceAttendance stores the attendance of a session (member → status).
func replaceAttendance(ctx context.Context, tx db.Queryer, entityID, sessionID string, att map[string]string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions_attendance WHERE entity_id = $1 AND session_id = $2`,
		entityID, sessionID); err != nil {
		return fmt.Errorf("sesiones: borrar la asistencia anterior: %w", err)
	}
	if len(att) == 0 {
		return nil
	}
	args := make([]any, 0, 4*len(att))
	for member, status := range att {
		args = append(args, entityID, sessionID, member, status)
	}
	_, err := tx.ExecContext(ctx, db.InsertSQL("sessions_attendance", []string{"entity_id", "session_id", "member_id", "status"},
		len(att)), args...)
	if err != nil {
		return fmt.Errorf("sesiones: guardar la asistencia a la sesión %s: %w", sessionID, err)
	}
	return nil
}

// votesOf returns the votes by name on the items of a session: item →
// member → vote.
func votesOf(ctx context.Context, q db.Queryer, entityID, sessionID string) (map[string]map[string]string, error) {
	type row struct{ item, member, vote string }
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (row, error) {
		var r row
		return r, sc.Scan(&r.item, &r.member, &r.vote)
	}, `SELECT v.item_id, v.member_id, v.vote FROM sessions_votes v
		JOIN sessions_items i ON i.entity_id = v.entity_id AND i.id = v.item_id
		WHERE v.entity_id = $1 AND i.session_id = $2`, entityID, sessionID)
	if err != nil {
		return nil, fmt.Errorf("sesiones: leer las votaciones nominales de la sesión %s: %w", sessionID, err)
	}
	out := map[string]map[string]string{}
	for _, r := range rows {
		if out[r.item] == nil {
			out[r.item] = map[string]string{}
		}
		out[r.item][r.member] = r.vote
	}
	return out, nil
}

func insertVotes(ctx context.Context, tx *sql.Tx, entityID, itemID string, votes map[string]string) error {
	if len(votes) == 0 {
		return nil
	}
	args := make([]any, 0, 4*len(votes))
	for member, v := range votes {
		args = append(args, entityID, itemID, member, v)
	}
	_, err := tx.ExecContext(ctx, db.InsertSQL("sessions_votes", []string{"entity_id", "item_id", "member_id", "vote"},
		len(votes)), args...)
	if err != nil {
		return fmt.Errorf("sesiones: guardar la votación nominal del punto %s: %w", itemID, err)
	}
	return nil
}
