package helpdesk

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
)

const ticketSelect = `SELECT t.entity_id, t.id, t.number, t.year, COALESCE(t.requester_id, ''), t.requester_name,
	t.requester_email, t.requester_phone, t.service_code, t.category, t.priority, t.channel, t.state, t.level,
	COALESCE(t.assignee_id, ''), t.assignee_name, t.subject, t.body, t.reply_token, t.sla_response_min,
	t.sla_resolution_min, t.response_due_at, t.resolution_due_at, t.paused_since, t.paused_work_min,
	t.first_response_at, t.resolved_at, t.closed_at, t.response_work_min, t.resolution_work_min,
	COALESCE(t.rating, 0), t.rating_comment, t.rated_at, t.created_at, t.created_by, t.updated_at
	FROM helpdesk_tickets t`

func scanTicket(sc db.Scanner) (Ticket, error) {
	var t Ticket
	var respDue, resDue, paused, first, resolved, closed, rated sql.NullTime
	var respWork, resWork sql.NullInt64
	err := sc.Scan(&t.EntityID, &t.ID, &t.Number, &t.Year, &t.RequesterID, &t.RequesterName,
		&t.RequesterEmail, &t.RequesterPhone, &t.ServiceCode, &t.Category, &t.Priority, &t.Channel, &t.State, &t.Level,
		&t.AssigneeID, &t.AssigneeName, &t.Subject, &t.Body, &t.ReplyToken, &t.SLAResponseMin,
		&t.SLAResolutionMin, &respDue, &resDue, &paused, &t.PausedWorkMin,
		&first, &resolved, &closed, &respWork, &resWork,
		&t.Rating, &t.RatingComment, &rated, &t.CreatedAt, &t.CreatedBy, &t.UpdatedAt)
	t.ResponseDue, t.ResolutionDue, t.PausedSince = nullTime(respDue), nullTime(resDue), nullTime(paused)
	t.FirstResponseAt, t.ResolvedAt, t.Closed, t.RatedAt = nullTime(first), nullTime(resolved), nullTime(closed), nullTime(rated)
	t.ResponseWorkMin, t.HasResponseWork = respWork.Int64, respWork.Valid
	t.ResolutionWorkMin, t.HasResolutionWork = resWork.Int64, resWork.Valid
	t.CreatedAt, t.UpdatedAt = t.CreatedAt.UTC(), t.UpdatedAt.UTC()
	return t, err
}

// ticketByNumber loads a ticket by its number, whatever its entity (the
// caller checks the viewer).
func ticketByNumber(ctx context.Context, q db.Queryer, number string) (Ticket, error) {
	t, err := scanTicket(q.QueryRowContext(ctx, ticketSelect+` WHERE t.number = $1`, number))
	if err := db.NotFound(err); err != nil {
		return t, fmt.Errorf("soporte: leer la petición %s: %w", number, err)
	}
	one := []Ticket{t}
	err = nameTickets(ctx, q, one)
	return one[0], err
}

// ticketByToken loads a ticket by its e-mail reply token.
func ticketByToken(ctx context.Context, q db.Queryer, token string) (Ticket, error) {
	t, err := scanTicket(q.QueryRowContext(ctx, ticketSelect+` WHERE t.reply_token = $1`, token))
	if err := db.NotFound(err); err != nil {
		return t, fmt.Errorf("soporte: buscar una petición por su enlace: %w", err)
	}
	one := []Ticket{t}
	err = nameTickets(ctx, q, one)
	return one[0], err
}

// listTickets returns a page of the tickets w selects, ordered by order.
func listTickets(ctx context.Context, q db.Queryer, w *db.Where, order string, limit, offset int) ([]Ticket, error) {
	ts, err := db.Collect(ctx, q, scanTicket, ticketSelect+w.SQL()+" ORDER BY "+order+
		fmt.Sprintf(" LIMIT %d OFFSET %d", limit, offset), w.Args...)
	if err != nil {
		return nil, fmt.Errorf("soporte: listar las peticiones: %w", err)
	}
	return ts, nameTickets(ctx, q, ts)
}

// listTicketsTotal returns a page of the tickets w selects and how many
// there are in all, in one pass (COUNT(*) OVER ()); past the last page it
// counts apart.
func listTicketsTotal(ctx context.Context, q db.Queryer, w *db.Where, order string, limit, offset int) ([]Ticket, int, error) {
	total := 0
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (Ticket, error) {
		return scanTicket(totalScanner{sc, &total})
	}, strings.Replace(ticketSelect, "SELECT ", "SELECT COUNT(*) OVER (), ", 1)+w.SQL()+" ORDER BY "+order+
		fmt.Sprintf(" LIMIT %d OFFSET %d", limit, offset), w.Args...)
	if err != nil {
		return rows, total, fmt.Errorf("soporte: listar las peticiones: %w", err)
	}
	if err := nameTickets(ctx, q, rows); err != nil {
		return nil, 0, err
	}
	if len(rows) > 0 || offset == 0 {
		return rows, total, nil
	}
	total, err = countTickets(ctx, q, w)
	return rows, total, err
}

// totalScanner reads the leading COUNT(*) OVER () into total.
type totalScanner struct {
	sc    db.Scanner
	total *int
}

func (t totalScanner) Scan(dest ...any) error {
	return t.sc.Scan(append([]any{t.total}, dest...)...)
}

func countTickets(ctx context.Context, q db.Queryer, w *db.Where) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM helpdesk_tickets t`+w.SQL(), w.Args...).Scan(&n)
	if err != nil {
		return n, fmt.Errorf("soporte: contar las peticiones: %w", err)
	}
	return n, nil
}

const ticketCols = `entity_id, id, number, year, requester_id, requester_name, requester_email, requester_phone,
	service_code, category, priority, channel, state, level, assignee_id, assignee_name, subject, body,
	reply_token, sla_response_min, sla_resolution_min, response_due_at, resolution_due_at, paused_since,
	paused_work_min, first_response_at, resolved_at, closed_at, response_work_min, resolution_work_min,
	rating, rating_comment, rated_at, created_at, created_by, updated_at`

// ticketArgs are the values of ticketCols for t.
func ticketArgs(t *Ticket) []any {
	respWork, resWork, rating := t.measured()
	return []any{t.EntityID, t.ID, t.Number, t.Year, db.NullString(t.RequesterID), t.RequesterName, t.RequesterEmail,
		t.RequesterPhone, t.ServiceCode, t.Category, t.Priority, t.Channel, t.State, t.Level, db.NullString(t.AssigneeID),
		t.AssigneeName, t.Subject, t.Body, t.ReplyToken, t.SLAResponseMin, t.SLAResolutionMin,
		nt(t.ResponseDue), nt(t.ResolutionDue), nt(t.PausedSince), t.PausedWorkMin, nt(t.FirstResponseAt),
		nt(t.ResolvedAt), nt(t.Closed), respWork, resWork, rating, t.RatingComment, nt(t.RatedAt),
		t.CreatedAt.UTC(), t.CreatedBy, t.UpdatedAt.UTC()}
}

func insertTicket(ctx context.Context, q db.Queryer, t *Ticket) error {
	args := ticketArgs(t)
	if _, err := q.ExecContext(ctx, `INSERT INTO helpdesk_tickets (`+ticketCols+`) VALUES (`+marks(1, len(args))+`)`, args...); err != nil {
		return fmt.Errorf("soporte: guardar la petición %s: %w", t.ID, err)
	}
	_, err := q.ExecContext(ctx, `INSERT INTO helpdesk_search (entity_id, ticket_id, search_text) VALUES ($1, $2, $3)`,
		t.EntityID, t.ID, searchText(t))
	if err != nil {
		return fmt.Errorf("soporte: guardar la petición %s: %w", t.ID, err)
	}
	return nil
}

// saveTicket writes every changeable column of t.
func saveTicket(ctx context.Context, q db.Queryer, t *Ticket) error {
	args := ticketArgs(t)
	_, err := q.ExecContext(ctx, `UPDATE helpdesk_tickets SET (`+ticketCols+`) = (`+marks(1, len(args))+`)
		WHERE entity_id = $1 AND id = $2`, args...)
	if err != nil {
		return fmt.Errorf("soporte: modificar la petición %s: %w", t.Number, err)
	}
	return nil
}

func marks(from, n int) string {
	s := ""
	for i := 0; i < n; i++ {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("$%d", from+i)
	}
	return s
}

// nextNumber returns the next ticket number of year (unique, readable:
// INC-2026-004812); call it inside the transaction that inserts the ticket.
func nextNumber(ctx context.Context, tx *sql.Tx, year int) (string, error) {
	if _, err := tx.ExecContext(ctx, `INSERT INTO helpdesk_counters (year, last) VALUES ($1, 0) ON CONFLICT (year) DO NOTHING`, year); err != nil {
		return "", fmt.Errorf("soporte: numerar una petición de %d: %w", year, err)
	}
	var n int64
	if err := tx.QueryRowContext(ctx, `UPDATE helpdesk_counters SET last = last + 1 WHERE year = $1 RETURNING last`, year).Scan(&n); err != nil {
		return "", fmt.Errorf("soporte: numerar una petición de %d: %w", year, err)
	}
	return formatNumber(year, n), nil
}

func formatNumber(year int, n int64) string { return fmt.Sprintf("INC-%d-%06d", year, n) }

func insertMessage(ctx context.Context, q db.Queryer, entityID, ticketID, id, kind, authorID, authorName string, fromSupport bool, body string, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO helpdesk_messages (entity_id, id, ticket_id, kind, author_id, author_name,
		from_support, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		entityID, id, ticketID, kind, db.NullString(authorID), authorName, fromSupport, body, at.UTC())
	if err != nil {
		return fmt.Errorf("soporte: guardar el mensaje de la petición %s: %w", ticketID, err)
	}
	return nil
}

func messagesOf(ctx context.Context, q db.Queryer, t *Ticket, withNotes bool) ([]Message, error) {
	query := `SELECT id, kind, author_name, from_support, body, created_at FROM helpdesk_messages
		WHERE entity_id = $1 AND ticket_id = $2`
	if !withNotes {
		query += ` AND kind <> 'nota'`
	}
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (Message, error) {
		var m Message
		err := sc.Scan(&m.ID, &m.Kind, &m.AuthorName, &m.FromSupport, &m.Body, &m.CreatedAt)
		return m, err
	}, query+` ORDER BY created_at, id`, t.EntityID, t.ID)
	if err != nil {
		return nil, fmt.Errorf("soporte: leer los mensajes de la petición %s: %w", t.Number, err)
	}
	return rows, nil
}

func insertHistory(ctx context.Context, q db.Queryer, entityID, ticketID, id, actor, what string, public bool, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO helpdesk_history (entity_id, id, ticket_id, at, actor_name, what, public)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, entityID, id, ticketID, at.UTC(), actor, what, public)
	if err != nil {
		return fmt.Errorf("soporte: anotar el historial de la petición %s: %w", ticketID, err)
	}
	return nil
}

func historyOf(ctx context.Context, q db.Queryer, t *Ticket, all bool) ([]HistoryLine, error) {
	query := `SELECT at, actor_name, what FROM helpdesk_history WHERE entity_id = $1 AND ticket_id = $2`
	if !all {
		query += ` AND public = TRUE`
	}
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (HistoryLine, error) {
		var h HistoryLine
		err := sc.Scan(&h.At, &h.ActorName, &h.What)
		return h, err
	}, query+` ORDER BY at, id`, t.EntityID, t.ID)
	if err != nil {
		return nil, fmt.Errorf("soporte: leer el historial de la petición %s: %w", t.Number, err)
	}
	return rows, nil
}

func insertAttachment(ctx context.Context, q db.Queryer, entityID, ticketID, id, messageID string, internal bool, a upload, by string, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO helpdesk_attachments (entity_id, id, ticket_id, message_id, internal, filename,
		content_type, size, sha256, content, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		entityID, id, ticketID, db.NullString(messageID), internal, a.Name, a.Type, int64(len(a.Data)), a.SHA256, a.Data, at.UTC(), by)
	if err != nil {
		return fmt.Errorf("soporte: guardar el adjunto de la petición %s: %w", ticketID, err)
	}
	return nil
}

func attachmentsOf(ctx context.Context, q db.Queryer, t *Ticket, withInternal bool) ([]Attachment, error) {
	query := `SELECT id, COALESCE(message_id, ''), filename, content_type, size, internal, created_at
		FROM helpdesk_attachments WHERE entity_id = $1 AND ticket_id = $2`
	if !withInternal {
		query += ` AND internal = FALSE`
	}
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (Attachment, error) {
		var a Attachment
		err := sc.Scan(&a.ID, &a.MessageID, &a.Filename, &a.ContentType, &a.Size, &a.Internal, &a.CreatedAt)
		return a, err
	}, query+` ORDER BY created_at, id`, t.EntityID, t.ID)
	if err != nil {
		return nil, fmt.Errorf("soporte: leer los adjuntos de la petición %s: %w", t.Number, err)
	}
	return rows, nil
}

func attachmentContent(ctx context.Context, q db.Queryer, t *Ticket, id string) (Attachment, []byte, error) {
	var a Attachment
	var data []byte
	err := q.QueryRowContext(ctx, `SELECT id, filename, content_type, size, internal, content FROM helpdesk_attachments
		WHERE entity_id = $1 AND ticket_id = $2 AND id = $3`, t.EntityID, t.ID, id).
		Scan(&a.ID, &a.Filename, &a.ContentType, &a.Size, &a.Internal, &data)
	if err := db.NotFound(err); err != nil {
		return a, data, fmt.Errorf("soporte: leer el adjunto %s de la petición %s: %w", id, t.Number, err)
	}
	return a, data, nil
}

const callSelect = `SELECT c.id, c.ticket_id, t.number, c.entity_id, c.caller_name, c.caller_phone, c.summary, c.duration_sec,
	c.taken_by_name, c.taken_at FROM helpdesk_calls c
	JOIN helpdesk_tickets t ON t.entity_id = c.entity_id AND t.id = c.ticket_id`

func scanCall(sc db.Scanner) (Call, error) {
	var c Call
	err := sc.Scan(&c.ID, &c.TicketID, &c.TicketNumber, &c.EntityID, &c.CallerName, &c.CallerPhone, &c.Summary,
		&c.DurationSec, &c.TakenByName, &c.TakenAt)
	return c, err
}

// listCalls returns the calls the query selects, with their entities' names.
func listCalls(ctx context.Context, q db.Queryer, query string, args ...any) ([]Call, error) {
	cs, err := db.Collect(ctx, q, scanCall, query, args...)
	if err != nil {
		return nil, fmt.Errorf("soporte: leer las llamadas: %w", err)
	}
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.EntityID
	}
	ents, err := entitiesByID(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	for i, c := range cs {
		cs[i].EntityName = ents[c.EntityID].Name
	}
	return cs, nil
}

func callsOf(ctx context.Context, q db.Queryer, t *Ticket) ([]Call, error) {
	return listCalls(ctx, q, callSelect+` WHERE c.entity_id = $1 AND c.ticket_id = $2 ORDER BY c.taken_at`, t.EntityID, t.ID)
}

func insertCall(ctx context.Context, q db.Queryer, entityID, id, ticketID string, c callInput, callerID, by, byName string, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO helpdesk_calls (entity_id, id, ticket_id, caller_name, caller_phone, caller_id,
		duration_sec, summary, taken_by, taken_by_name, taken_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		entityID, id, ticketID, c.CallerName, c.Phone, db.NullString(callerID), c.DurationSec, c.Summary, by, byName, at.UTC())
	if err != nil {
		return fmt.Errorf("soporte: guardar la llamada %s: %w", id, err)
	}
	return nil
}

// slaFor returns the service level of service and priority: its own, or
// the general one (”).
func slaFor(ctx context.Context, q db.Queryer, service, priority string) (resp, resol int, err error) {
	err = q.QueryRowContext(ctx, `SELECT response_minutes, resolution_minutes FROM helpdesk_sla
		WHERE priority = $1 AND service_code IN ($2, '') ORDER BY service_code DESC LIMIT 1`, priority, service).Scan(&resp, &resol)
	if errors.Is(err, sql.ErrNoRows) {
		d := defaultSLA[priority]
		return d[0], d[1], nil
	}
	if err != nil {
		return resp, resol, fmt.Errorf("soporte: leer el ANS de %s con prioridad %s: %w", service, priority, err)
	}
	return resp, resol, nil
}

// defaultSLA are the minutes (response, resolution) when nothing is configured.
var defaultSLA = map[string][2]int{"urgente": {60, 7 * 60}, "alta": {2 * 60, 14 * 60}, "normal": {7 * 60, 35 * 60}, "baja": {14 * 60, 70 * 60}}

// SLARow is one configured service level.
type SLARow struct {
	ServiceCode, ServiceName, Priority string
	ResponseMin, ResolutionMin         int
}

func (s SLARow) PriorityLabel() string { return label(priorities, s.Priority) }

func listSLA(ctx context.Context, q db.Queryer) ([]SLARow, error) {
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (SLARow, error) {
		var r SLARow
		err := sc.Scan(&r.ServiceCode, &r.ServiceName, &r.Priority, &r.ResponseMin, &r.ResolutionMin)
		return r, err
	}, `SELECT l.service_code, '', l.priority, l.response_minutes, l.resolution_minutes FROM helpdesk_sla l
		ORDER BY l.service_code, CASE l.priority WHEN 'urgente' THEN 1 WHEN 'alta' THEN 2 WHEN 'normal' THEN 3 ELSE 4 END`)
	if err != nil {
		return nil, fmt.Errorf("soporte: leer los ANS: %w", err)
	}
	cat, err := catalogue(ctx, q)
	if err != nil {
		return nil, err
	}
	for i, r := range rows {
		rows[i].ServiceName = cat[r.ServiceCode].Name
	}
	slices.SortStableFunc(rows, func(a, b SLARow) int {
		return serviceRank(cat, a.ServiceCode) - serviceRank(cat, b.ServiceCode)
	})
	return rows, nil
}

func upsertSLA(ctx context.Context, q db.Queryer, r SLARow, by string, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO helpdesk_sla (service_code, priority, response_minutes, resolution_minutes, updated_at, updated_by)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (service_code, priority) DO UPDATE SET
		response_minutes = $3, resolution_minutes = $4, updated_at = $5, updated_by = $6`,
		r.ServiceCode, r.Priority, r.ResponseMin, r.ResolutionMin, at.UTC(), by)
	if err != nil {
		return fmt.Errorf("soporte: guardar el ANS de %s con prioridad %s: %w", r.ServiceCode, r.Priority, err)
	}
	return nil
}

func teamServices(ctx context.Context, q db.Queryer, userID string) ([]string, error) {
	return db.Collect(ctx, q, func(sc db.Scanner) (string, error) {
		var s string
		return s, sc.Scan(&s)
	}, `SELECT service_code FROM helpdesk_team WHERE user_id = $1 ORDER BY service_code`, userID)
}

// teamMembers returns the ids of the technicians of service's team.
func teamMembers(ctx context.Context, q db.Queryer, service string) ([]string, error) {
	ids, err := db.Collect(ctx, q, func(sc db.Scanner) (string, error) {
		var s string
		return s, sc.Scan(&s)
	}, `SELECT user_id FROM helpdesk_team WHERE service_code = $1`, service)
	if err != nil {
		return nil, fmt.Errorf("soporte: leer el equipo de %s: %w", service, err)
	}
	return ids, nil
}

func managerEntities(ctx context.Context, q db.Queryer, userID string) ([]string, error) {
	return db.Collect(ctx, q, func(sc db.Scanner) (string, error) {
		var s string
		return s, sc.Scan(&s)
	}, `SELECT entity_id FROM helpdesk_managers WHERE user_id = $1`, userID)
}

// listServices lists the active services of the catalogue, in its order:
// those a ticket may concern.
func listServices(ctx context.Context, q db.Queryer) ([]directory.Service, error) {
	all, err := directory.Services(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("soporte: leer los servicios: %w", err)
	}
	var out []directory.Service
	for _, s := range all {
		if s.Active {
			out = append(out, s)
		}
	}
	return out, nil
}

func entityByID(ctx context.Context, q db.Queryer, id string) (directory.Entity, error) {
	e, err := directory.EntityByID(ctx, q, id)
	if err != nil {
		return directory.Entity{}, fmt.Errorf("soporte: leer la entidad %s: %w", id, err)
	}
	return e, nil
}

// ResponseHours and ResolutionHours write the limits in hours ("1,5").
func (s SLARow) ResponseHours() string   { return hoursNum(s.ResponseMin) }
func (s SLARow) ResolutionHours() string { return hoursNum(s.ResolutionMin) }

func hoursNum(min int) string {
	if min%60 == 0 {
		return strconv.Itoa(min / 60)
	}
	return strings.Replace(strconv.FormatFloat(float64(min)/60, 'f', 2, 64), ".", ",", 1)
}
