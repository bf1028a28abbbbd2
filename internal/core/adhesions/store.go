package adhesions

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
)

// Service is one entry of the catalogue.
type Service struct {
	Code, Name, Description, Category, AppURL, UnitLabel string
	SortOrder                                            int
	Active                                               bool
}

// Conditions is one version of a service's conditions of access.
type Conditions struct {
	Version   int
	ValidFrom time.Time
	Body      string
	CreatedBy string
}

// Role is a role the service's application offers inside an entity.
type Role struct{ Code, Name, Description string }

const serviceCols = `code, name, description, category, app_url, unit_label, sort_order, active`

func scanService(sc db.Scanner) (Service, error) {
	var s Service
	err := sc.Scan(&s.Code, &s.Name, &s.Description, &s.Category, &s.AppURL, &s.UnitLabel, &s.SortOrder, &s.Active)
	return s, err
}

func loadService(ctx context.Context, q db.Queryer, code string) (Service, error) {
	s, err := scanService(q.QueryRowContext(ctx, `SELECT `+serviceCols+` FROM services WHERE code = $1`, code))
	if err := db.NotFound(err); err != nil {
		return s, fmt.Errorf("adhesiones: leer el servicio %s: %w", code, err)
	}
	return s, nil
}

func listServices(ctx context.Context, q db.Queryer) ([]Service, error) {
	return db.Collect(ctx, q, scanService, `SELECT `+serviceCols+` FROM services ORDER BY sort_order, name`)
}

// rulesOf loads the eligibility rules of one service, or of all when code is "".
func rulesOf(ctx context.Context, q db.Queryer, code string) (map[string][]Rule, error) {
	query := `SELECT service_code, entity_kind, min_population, max_population FROM service_eligibility`
	var args []any
	if code != "" {
		query += ` WHERE service_code = $1`
		args = append(args, code)
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("adhesiones: leer las reglas del servicio %s: %w", code, err)
	}
	defer rows.Close()
	out := map[string][]Rule{}
	for rows.Next() {
		var svc string
		var r Rule
		var lo, hi sql.NullInt64
		if err := rows.Scan(&svc, &r.Kind, &lo, &hi); err != nil {
			return nil, fmt.Errorf("adhesiones: leer las reglas del servicio %s: %w", code, err)
		}
		if lo.Valid {
			r.Min = &lo.Int64
		}
		if hi.Valid {
			r.Max = &hi.Int64
		}
		out[svc] = append(out[svc], r)
	}
	for _, rs := range out {
		sortRules(rs)
	}
	return out, rows.Err()
}

func sortRules(rs []Rule) {
	slices.SortStableFunc(rs, func(a, b Rule) int { return kindRank(a.Kind) - kindRank(b.Kind) })
}

func loadRules(ctx context.Context, q db.Queryer, code string) ([]Rule, error) {
	m, err := rulesOf(ctx, q, code)
	if err != nil {
		return m[code], fmt.Errorf("adhesiones: leer las reglas del servicio %s: %w", code, err)
	}
	return m[code], nil
}

func replaceRules(ctx context.Context, q db.Queryer, code string, rules []Rule) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM service_eligibility WHERE service_code = $1`, code); err != nil {
		return fmt.Errorf("adhesiones: sustituir las reglas del servicio %s: %w", code, err)
	}
	for _, r := range rules {
		if _, err := q.ExecContext(ctx, `INSERT INTO service_eligibility (service_code, entity_kind, min_population, max_population)
			VALUES ($1, $2, $3, $4)`, code, r.Kind, db.NullInt64(r.Min), db.NullInt64(r.Max)); err != nil {
			return fmt.Errorf("adhesiones: sustituir las reglas del servicio %s: %w", code, err)
		}
	}
	return nil
}

// conditionsOf lists a service's conditions, newest version first.
const conditionsSelect = `SELECT version, valid_from, body, created_by FROM service_conditions`

func scanConditions(sc db.Scanner) (Conditions, error) {
	var c Conditions
	err := sc.Scan(&c.Version, &c.ValidFrom, &c.Body, &c.CreatedBy)
	return c, err
}

func conditionsOf(ctx context.Context, q db.Queryer, code string) ([]Conditions, error) {
	return db.Collect(ctx, q, scanConditions, conditionsSelect+`
		WHERE service_code = $1 ORDER BY version DESC`, code)
}

func conditionsVersion(ctx context.Context, q db.Queryer, code string, version int) (Conditions, error) {
	c, err := scanConditions(q.QueryRowContext(ctx, conditionsSelect+`
		WHERE service_code = $1 AND version = $2`, code, version))
	if err := db.NotFound(err); err != nil {
		return c, fmt.Errorf("adhesiones: leer la versión %d de las condiciones del servicio %s: %w", version, code, err)
	}
	return c, nil
}

// latestConditions returns the version in force; db.ErrNotFound when the service has none.
func latestConditions(ctx context.Context, q db.Queryer, code string) (Conditions, error) {
	c, err := scanConditions(q.QueryRowContext(ctx, conditionsSelect+`
		WHERE service_code = $1 ORDER BY version DESC LIMIT 1`, code))
	if err := db.NotFound(err); err != nil {
		return c, fmt.Errorf("adhesiones: leer las últimas condiciones del servicio %s: %w", code, err)
	}
	return c, nil
}

func insertConditions(ctx context.Context, q db.Queryer, code string, c Conditions) error {
	_, err := q.ExecContext(ctx, `INSERT INTO service_conditions (service_code, version, valid_from, body, created_by)
		VALUES ($1, $2, $3, $4, $5)`, code, c.Version, c.ValidFrom, c.Body, c.CreatedBy)
	if err != nil {
		return fmt.Errorf("adhesiones: guardar las condiciones del servicio %s: %w", code, err)
	}
	return nil
}

func rolesOf(ctx context.Context, q db.Queryer, code string) ([]Role, error) {
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (Role, error) {
		var r Role
		err := sc.Scan(&r.Code, &r.Name, &r.Description)
		return r, err
	}, `SELECT role_code, name, description FROM service_roles
		WHERE service_code = $1 ORDER BY name`, code)
	if err != nil {
		return nil, fmt.Errorf("adhesiones: leer los roles del servicio %s: %w", code, err)
	}
	return rows, nil
}

// adheredCounts returns, per service, how many entities have an active
// adhesion (CountByService, by code).
func adheredCounts(ctx context.Context, q db.Queryer) (map[string]int, error) {
	all, err := CountByService(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int, len(all))
	for _, s := range all {
		out[s.Code] = int(s.Entities)
	}
	return out, nil
}

// loadEntity reads the entity whose eligibility or documents are at stake.
func loadEntity(ctx context.Context, q db.Queryer, entityID string) (directory.Entity, error) {
	e, err := directory.EntityByID(ctx, q, entityID)
	if err != nil {
		return e, fmt.Errorf("adhesiones: leer la entidad %s: %w", entityID, err)
	}
	return e, nil
}

// openAdhesion is an entity's live adhesion to a service.
type openAdhesion struct{ ID, Number, State string }

// openAdhesions returns the entity's adhesions that are pending or active, by service.
func openAdhesions(ctx context.Context, q db.Queryer, entityID string) (map[string]openAdhesion, error) {
	rows, err := q.QueryContext(ctx, `SELECT service_code, id, number, state FROM adhesions
		WHERE entity_id = $1 AND state IN ('solicitada', 'firmada', 'activa') ORDER BY requested_at`, entityID)
	if err != nil {
		return nil, fmt.Errorf("adhesiones: leer las adhesiones abiertas de la entidad %s: %w", entityID, err)
	}
	defer rows.Close()
	out := map[string]openAdhesion{}
	for rows.Next() {
		var code string
		var o openAdhesion
		if err := rows.Scan(&code, &o.ID, &o.Number, &o.State); err != nil {
			return nil, fmt.Errorf("adhesiones: leer las adhesiones abiertas de la entidad %s: %w", entityID, err)
		}
		if prev, ok := out[code]; !ok || prev.State != "activa" {
			out[code] = o
		}
	}
	return out, rows.Err()
}

// numberLock is the PostgreSQL advisory lock that serialises adhesion numbering.
const numberLock = 7283002

// nextNumber returns the next gapless number of year, ADH-2026-000001; call
// it inside the transaction that inserts the adhesion.
func nextNumber(ctx context.Context, tx *sql.Tx, engine db.Engine, year int) (string, error) {
	if engine == db.Postgres {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, numberLock); err != nil {
			return "", fmt.Errorf("adhesiones: numerar una adhesión de %d: %w", year, err)
		}
	}
	prefix := fmt.Sprintf("ADH-%d-", year)
	var last string
	err := tx.QueryRowContext(ctx, `SELECT number FROM adhesions WHERE number LIKE $1 ORDER BY number DESC LIMIT 1`,
		prefix+"%").Scan(&last)
	n := 0
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return "", fmt.Errorf("adhesiones: numerar una adhesión de %d: %w", year, err)
	default:
		if n, err = strconv.Atoi(strings.TrimPrefix(last, prefix)); err != nil {
			return "", fmt.Errorf("número de adhesión ilegible %q: %w", last, err)
		}
	}
	return fmt.Sprintf("%s%06d", prefix, n+1), nil
}

// Adhesion is an adhesion with the names of its entity, service and actors.
type Adhesion struct {
	EntityID, ID, Number, ServiceCode, State, CSV string
	ConditionsVersion, Quantity                   int
	RequestedAt                                   time.Time
	RequestedBy                                   string
	SignedAt, DecidedAt, EndedAt                  time.Time
	SignedBy, DecidedBy, EndedBy                  string
	SignerName, SignerNIF, SignatureDetail        string
	// SignatureValid: the signature was fully validated at upload (see
	// pdf.Verification.Valid); only then may the adhesion be approved.
	SignatureValid            bool
	DecisionReason, EndReason string

	EntityName, EntityKind, ServiceName, UnitLabel            string
	RequestedByName, SignedByName, DecidedByName, EndedByName string
}

var adhesionSelect = `SELECT a.entity_id, a.id, a.number, a.service_code, a.state, a.csv, a.conditions_version,
	a.quantity, a.requested_at, a.requested_by, a.signed_at, a.decided_at, a.ended_at,
	COALESCE(a.signed_by, ''), COALESCE(a.decided_by, ''), COALESCE(a.ended_by, ''),
	a.signer_name, a.signer_nif, a.signature_detail, a.signature_valid, a.decision_reason, a.end_reason,
	e.name, e.kind, s.name, s.unit_label
	FROM adhesions a` + adhesionJoins

// adhesionJoins join an adhesion's entity (e), whose name and kind its
// lists show, filter and sort by, and its service (s).
var adhesionJoins = directory.JoinEntity("e", "a.entity_id") + `
	JOIN services s ON s.code = a.service_code`

func scanAdhesion(sc db.Scanner) (Adhesion, error) {
	var a Adhesion
	var signed, decided, ended sql.NullTime
	err := sc.Scan(&a.EntityID, &a.ID, &a.Number, &a.ServiceCode, &a.State, &a.CSV, &a.ConditionsVersion,
		&a.Quantity, &a.RequestedAt, &a.RequestedBy, &signed, &decided, &ended,
		&a.SignedBy, &a.DecidedBy, &a.EndedBy,
		&a.SignerName, &a.SignerNIF, &a.SignatureDetail, &a.SignatureValid, &a.DecisionReason, &a.EndReason,
		&a.EntityName, &a.EntityKind, &a.ServiceName, &a.UnitLabel)
	a.SignedAt, a.DecidedAt, a.EndedAt = signed.Time, decided.Time, ended.Time
	return a, err
}

// nameActors fills in the names (given name and first surname) of who
// requested, signed, decided and ended each adhesion, in one look-up.
func nameActors(ctx context.Context, q db.Queryer, ads []Adhesion) error {
	var ids []string
	for _, a := range ads {
		ids = append(ids, a.RequestedBy, a.SignedBy, a.DecidedBy, a.EndedBy)
	}
	people, err := directory.PeopleByIDs(ctx, q, ids)
	if err != nil {
		return fmt.Errorf("adhesiones: leer los nombres de quienes tramitaron %d adhesiones: %w", len(ads), err)
	}
	name := func(id string) string { return people[id].ShortName() }
	for i, a := range ads {
		ads[i].RequestedByName, ads[i].SignedByName = name(a.RequestedBy), name(a.SignedBy)
		ads[i].DecidedByName, ads[i].EndedByName = name(a.DecidedBy), name(a.EndedBy)
	}
	return nil
}

// getAdhesion loads adhesion id when its entity is inside sc.
func getAdhesion(ctx context.Context, q db.Queryer, sc db.Scope, id string) (Adhesion, error) {
	var w db.Where
	w.Add("a.id = ?", id)
	w.InScope("a.entity_id", sc)
	a, err := scanAdhesion(q.QueryRowContext(ctx, adhesionSelect+w.SQL(), w.Args...))
	if err := db.NotFound(err); err != nil {
		return a, fmt.Errorf("adhesiones: leer la adhesión %s: %w", id, err)
	}
	one := []Adhesion{a}
	if err := nameActors(ctx, q, one); err != nil {
		return a, err
	}
	return one[0], nil
}

// Filter selects adhesions in the list.
type Filter struct {
	Service, State, Kind, Text, EntityID, Sort string
	Page                                       int
}

// PageSize is the number of rows per list page.
const PageSize = 50

var sortOrders = map[string]string{
	"":         "a.requested_at DESC, a.number DESC",
	"fecha":    "a.requested_at DESC, a.number DESC",
	"numero":   "a.number",
	"entidad":  "e.name, a.number DESC",
	"servicio": "s.name, e.name",
	"estado":   "a.state, a.number DESC",
}

// listAdhesions returns one page (limit 0 = all) of the adhesions matching f inside sc, and the total.
func listAdhesions(ctx context.Context, q db.Queryer, sc db.Scope, f Filter, limit int) ([]Adhesion, int, error) {
	var w db.Where
	w.InScope("a.entity_id", sc)
	if f.EntityID != "" {
		w.Add("a.entity_id = ?", f.EntityID)
	}
	if f.Service != "" {
		w.Add("a.service_code = ?", f.Service)
	}
	if f.State != "" {
		w.Add("a.state = ?", f.State)
	}
	if f.Kind != "" {
		w.Add("e.kind = ?", f.Kind)
	}
	if f.Text != "" {
		w.Add(w.Contains("e.search_text", f.Text))
	}
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM adhesions a`+adhesionJoins+w.SQL(), w.Args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("adhesiones: listar las adhesiones: %w", err)
	}
	order, ok := sortOrders[f.Sort]
	if !ok {
		order = sortOrders[""]
	}
	query := adhesionSelect + w.SQL() + " ORDER BY " + order
	if limit > 0 {
		page := max(f.Page, 1)
		query += fmt.Sprintf(" LIMIT %d OFFSET %d", limit, (page-1)*limit)
	}
	out, err := db.Collect(ctx, q, scanAdhesion, query, w.Args...)
	if err != nil {
		return out, total, fmt.Errorf("adhesiones: listar las adhesiones: %w", err)
	}
	if err := nameActors(ctx, q, out); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

func insertAdhesion(ctx context.Context, q db.Queryer, a Adhesion) error {
	_, err := q.ExecContext(ctx, `INSERT INTO adhesions (entity_id, id, number, service_code, conditions_version,
		state, quantity, requested_at, requested_by, csv) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		a.EntityID, a.ID, a.Number, a.ServiceCode, a.ConditionsVersion, a.State, a.Quantity, a.RequestedAt,
		a.RequestedBy, a.CSV)
	if err != nil {
		return fmt.Errorf("adhesiones: guardar la adhesión %s: %w", a.ID, err)
	}
	return nil
}

// document is a stored PDF of an adhesion.
type document struct {
	Kind, Filename, SHA256 string
	Size                   int64
	Content                []byte
	CreatedAt              time.Time
	CreatedBy              string
}

func insertDocument(ctx context.Context, q db.Queryer, entityID, adhesionID string, d document) error {
	_, err := q.ExecContext(ctx, `INSERT INTO adhesion_documents (entity_id, adhesion_id, kind, filename, sha256,
		size, content, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		entityID, adhesionID, d.Kind, d.Filename, d.SHA256, d.Size, d.Content, d.CreatedAt, d.CreatedBy)
	if err != nil {
		return fmt.Errorf("adhesiones: guardar el documento de la adhesión %s: %w", adhesionID, err)
	}
	return nil
}

// loadDocument returns a document with its content.
func loadDocument(ctx context.Context, q db.Queryer, entityID, adhesionID, kind string) (document, error) {
	d := document{Kind: kind}
	err := q.QueryRowContext(ctx, `SELECT filename, sha256, size, content, created_at, created_by FROM adhesion_documents
		WHERE entity_id = $1 AND adhesion_id = $2 AND kind = $3`, entityID, adhesionID, kind).
		Scan(&d.Filename, &d.SHA256, &d.Size, &d.Content, &d.CreatedAt, &d.CreatedBy)
	if err := db.NotFound(err); err != nil {
		return d, fmt.Errorf("adhesiones: leer el documento %s de la adhesión %s: %w", kind, adhesionID, err)
	}
	return d, nil
}

// documentKinds lists which documents an adhesion has, without their content.
func documentKinds(ctx context.Context, q db.Queryer, entityID, adhesionID string) (map[string]document, error) {
	rows, err := q.QueryContext(ctx, `SELECT kind, filename, sha256, size, created_at, created_by FROM adhesion_documents
		WHERE entity_id = $1 AND adhesion_id = $2`, entityID, adhesionID)
	if err != nil {
		return nil, fmt.Errorf("adhesiones: leer los documentos de la adhesión %s: %w", adhesionID, err)
	}
	defer rows.Close()
	out := map[string]document{}
	for rows.Next() {
		var d document
		if err := rows.Scan(&d.Kind, &d.Filename, &d.SHA256, &d.Size, &d.CreatedAt, &d.CreatedBy); err != nil {
			return nil, fmt.Errorf("adhesiones: leer los documentos de la adhesión %s: %w", adhesionID, err)
		}
		out[d.Kind] = d
	}
	return out, rows.Err()
}

// setState moves an adhesion from one of from to state, setting cols (column
// = value pairs); it reports false when the adhesion was no longer in from.
func setState(ctx context.Context, q db.Queryer, entityID, id, state string, from []string, cols map[string]any) (bool, error) {
	var w db.Where
	sets := []string{"state = " + w.Arg(state)}
	for _, c := range slices.Sorted(maps.Keys(cols)) {
		sets = append(sets, c+" = "+w.Arg(cols[c]))
	}
	w.Add("entity_id = ?", entityID)
	w.Add("id = ?", id)
	w.Add("state IN (" + w.List(from...) + ")")
	res, err := q.ExecContext(ctx, "UPDATE adhesions SET "+strings.Join(sets, ", ")+w.SQL(), w.Args...)
	if err != nil {
		return false, fmt.Errorf("adhesiones: pasar la adhesión %s a %s: %w", id, state, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return n == 1, fmt.Errorf("adhesiones: pasar la adhesión %s a %s: %w", id, state, err)
	}
	return n == 1, nil
}
