package signflow

import (
	"context"
	"strings"

	"concejo/internal/platform/db"
)

// Row is a request in a list, with what waits in it.
type Row struct {
	Request
	// Waiting names who the current step waits for.
	Waiting string
	// OnBehalf is, in an inbox, the person whose place the reader takes
	// (a delegation or a substitution), "" when it is his own.
	OnBehalf string
	// Action is, in an inbox, what the reader is asked (firma, visto_bueno).
	Action string
}

// ActionLabel names what the reader is asked.
func (r Row) ActionLabel() string { return Signer{Action: r.Action}.ActionLabel() }

// delegatorsSQL selects the people whose documents userID ($2) may sign
// today ($3) by delegation in the entity ($1).
const delegatorsSQL = `SELECT from_user FROM signflow_delegations WHERE entity_id = $1 AND to_user = $2
	AND starts <= $3 AND ends >= $3 AND revoked_at IS NULL`

// inbox lists the requests of an entity whose current step waits for
// userID, his substitutes' or his delegators' action on day (YYYY-MM-DD).
func inbox(ctx context.Context, q db.Queryer, entityID, userID, day string) ([]Row, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+prefixed("r.", requestColumns)+`, s.action, s.user_id, s.user_name
		FROM signflow_requests r JOIN signflow_signers s ON s.entity_id = r.entity_id AND s.request_id = r.id
			AND s.step = r.current_step AND s.state = 'pendiente'
		WHERE r.entity_id = $1 AND r.state = 'en_circulacion'
			AND (s.user_id = $2 OR s.substitute_id = $2 OR s.user_id IN (`+delegatorsSQL+`))
		ORDER BY r.updated_at, r.id, s.user_id = $2 DESC`, entityID, userID, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Row
	seen := map[string]bool{}
	for rows.Next() {
		var row Row
		var holder, holderName string
		r, err := scanRequest(rows, &row.Action, &holder, &holderName)
		if err != nil {
			return nil, err
		}
		row.Request = r
		if seen[row.ID] {
			continue
		}
		seen[row.ID] = true
		if holder != userID {
			row.OnBehalf = holderName
		}
		out = append(out, row)
	}
	return out, rows.Err()
}

// Filter selects the requests of the "sent" and "all" lists.
type Filter struct {
	EntityID string
	// Author keeps one author's requests ("" everyone's).
	Author string
	// State keeps one state ("" every state).
	State string
	Limit int
}

// requests lists the requests of a filter, newest first, with whom each
// waits for.
func requests(ctx context.Context, q db.Queryer, f Filter) ([]Row, error) {
	query := `SELECT ` + requestColumns + ` FROM signflow_requests WHERE entity_id = $1`
	args := []any{f.EntityID}
	if f.Author != "" {
		args = append(args, f.Author)
		query += ` AND author_id = $2`
	}
	if f.State != "" {
		args = append(args, f.State)
		query += ` AND state = $` + itoa(len(args))
	}
	args = append(args, max(f.Limit, 1))
	query += ` ORDER BY updated_at DESC, id LIMIT $` + itoa(len(args))
	rs, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	var out []Row
	for rs.Next() {
		r, err := scanRequest(rs)
		if err != nil {
			rs.Close()
			return nil, err
		}
		out = append(out, Row{Request: r})
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return nil, err
	}
	// Who each listed open request waits for, in one query.
	var open []string
	for _, r := range out {
		if r.Open() {
			open = append(open, r.ID)
		}
	}
	if len(open) == 0 {
		return out, nil
	}
	var w db.Where
	w.Add("s.entity_id = ?", f.EntityID)
	w.Add("s.state = 'pendiente'")
	w.In("s.request_id", open)
	waiting, err := db.Collect(ctx, q, func(sc db.Scanner) (w [2]string, err error) {
		err = sc.Scan(&w[0], &w[1])
		return w, err
	}, `SELECT s.request_id, s.user_name FROM signflow_signers s JOIN signflow_requests r
		ON r.entity_id = s.entity_id AND r.id = s.request_id AND s.step = r.current_step`+w.SQL()+` ORDER BY s.request_id, s.position`, w.Args...)
	if err != nil {
		return nil, err
	}
	names := map[string][]string{}
	for _, w := range waiting {
		names[w[0]] = append(names[w[0]], w[1])
	}
	for i := range out {
		out[i].Waiting = strings.Join(names[out[i].ID], ", ")
	}
	return out, nil
}

// waitingFor names the pending people of a step.
func waitingFor(signers []Signer, step int) string {
	var names string
	for _, s := range signers {
		if s.Step == step && s.State == SignerPending {
			if names != "" {
				names += ", "
			}
			names += s.UserName
		}
	}
	return names
}
