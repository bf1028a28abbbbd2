package auditlog

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"concejo/internal/platform/audit"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/web"
)

// PageSize is the number of rows per page of the log.
const PageSize = 50

// scope returns the entity whose rows the actor reads: every one (all =
// true) when he holds PermRead in every entity (the Diputación
// administrator), otherwise the one he works for now, where the router has
// checked that he holds it.
func (m *Module) scope(ctx context.Context, a *auth.Actor) (entityID string, all bool, err error) {
	sc, err := m.kit.Access.Scope(ctx, a, PermRead)
	if err != nil || sc.All {
		return "", sc.All, err
	}
	return a.Entity.ID, false, nil
}

// query is the list's filters as typed in the URL.
type query struct {
	Entity, Actor, Action, Type, Object, From, To string
	Before                                        int64
}

func parseQuery(v url.Values) query {
	clip := func(name string) string {
		s := strings.TrimSpace(v.Get(name))
		if len(s) > 100 {
			s = s[:100]
		}
		return s
	}
	q := query{Entity: clip("entidad"), Actor: clip("persona"), Action: clip("accion"), Type: clip("tipo"),
		Object: clip("objeto"), From: clip("desde"), To: clip("hasta")}
	q.Before, _ = strconv.ParseInt(v.Get("antes"), 10, 64)
	q.Before = max(q.Before, 0)
	return q
}

// values returns the filters as URL values (without the page).
func (q query) values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"entidad": q.Entity, "persona": q.Actor, "accion": q.Action,
		"tipo": q.Type, "objeto": q.Object, "desde": q.From, "hasta": q.To} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

// form returns the filters as the page's form values.
func (q query) form() map[string]string {
	out := map[string]string{}
	for k, v := range q.values() {
		out[k] = v[0]
	}
	return out
}

// actionOption is an entry of the action select: a family ("usuario.", every
// action on users) or one action.
type actionOption struct {
	Value, Label string
	Family       bool
}

// actionOptions groups the actions seen by family (the part before the first dot).
func actionOptions(actions []string) []actionOption {
	sort.Strings(actions)
	var out []actionOption
	family := ""
	for _, a := range actions {
		if i := strings.IndexByte(a, '.'); i > 0 && a[:i+1] != family {
			family = a[:i+1]
			out = append(out, actionOption{Value: family, Label: a[:i] + " (todas)", Family: true})
		}
		out = append(out, actionOption{Value: a, Label: a})
	}
	return out
}

// row is an audit record with the name of its entity.
type row struct {
	audit.Record
	EntityName string
}

// listData is what /auditoria shows.
type listData struct {
	All        bool
	EntityName string // the entity of an entity administrator
	Entities   []entityOption
	Actions    []actionOption
	Types      []string
	Q          query
	Filtered   bool
	Rows       []row
	// Candidates are the people matching the "persona" text when more than one does.
	Candidates []candidate
	NoActor    bool
	Older      string
	Newest     string
}

// candidate is a person offered when the "persona" text is ambiguous.
type candidate struct {
	actorOption
	Href string
}

// browse returns a page of the log the actor may read, filtered by q.
func (m *Module) browse(ctx context.Context, a *auth.Actor, q query) (*listData, error) {
	entityID, all, err := m.scope(ctx, a)
	if err != nil {
		return nil, err
	}
	d := &listData{All: all, Q: q}
	if q.Entity != "" {
		if !all && q.Entity != entityID {
			return nil, errs.ErrNotFound
		}
		entityID = q.Entity
	}
	f := audit.Filter{EntityID: entityID, Action: q.Action, ObjectType: q.Type, ObjectID: q.Object,
		BeforeSeq: q.Before, Limit: PageSize + 1}
	var fe errs.Fields
	if q.From != "" {
		if t, ok := web.ParseDay(q.From, web.Madrid); ok {
			f.From = t
		} else {
			fe.Add("desde", web.BadDay("la fecha «desde»"))
		}
	}
	if q.To != "" {
		if t, ok := web.ParseDay(q.To, web.Madrid); ok {
			f.To = t.AddDate(0, 0, 1) // the whole day "hasta" is included
		} else {
			fe.Add("hasta", web.BadDay("la fecha «hasta»"))
		}
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		fe.Add("hasta", "La fecha «hasta» no puede ser anterior a la fecha «desde».")
	}
	db := m.kit.DB
	if all {
		if d.Entities, err = loggedEntities(ctx, db); err != nil {
			return nil, err
		}
	} else {
		d.EntityName = a.Entity.Name
	}
	actions, types, err := audit.ActionsAndTypes(ctx, db, f.EntityID)
	if err != nil {
		return nil, err
	}
	d.Actions, d.Types = actionOptions(actions), types
	sort.Strings(d.Types)
	d.Filtered = len(q.values()) > 0
	if err := fe.Err(); err != nil {
		return d, err
	}
	if q.Actor != "" {
		actors, err := actorsInLog(ctx, db, f.EntityID)
		if err != nil {
			return nil, err
		}
		switch found := matchActors(actors, q.Actor); len(found) {
		case 0:
			d.NoActor = true
			return d, nil
		case 1:
			f.ActorID = found[0].ID
		default:
			for _, c := range found {
				v := q.values()
				v.Set("persona", cmpOr(c.Email, c.ID))
				d.Candidates = append(d.Candidates, candidate{c, "/auditoria?" + v.Encode()})
			}
			return d, nil
		}
	}
	recs, err := audit.List(ctx, db, f)
	if err != nil {
		return nil, err
	}
	if len(recs) > PageSize {
		recs = recs[:PageSize]
		v := q.values()
		v.Set("antes", strconv.FormatInt(recs[len(recs)-1].Seq, 10))
		d.Older = "/auditoria?" + v.Encode()
	}
	if q.Before > 0 {
		d.Newest = "/auditoria"
		if v := q.values(); len(v) > 0 {
			d.Newest += "?" + v.Encode()
		}
	}
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = r.EntityID
	}
	names, err := entityNames(ctx, db, ids)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		d.Rows = append(d.Rows, row{Record: r, EntityName: names[r.EntityID]})
	}
	return d, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// matchActors finds the people the "persona" text names: exactly by id or
// e-mail, otherwise everyone whose name or e-mail contains the text
// (ignoring case and accents).
func matchActors(actors []actorOption, text string) []actorOption {
	lower := strings.ToLower(text)
	seen := map[string]bool{}
	var exact, partial []actorOption
	folded := fold(text)
	for _, a := range actors {
		if seen[a.ID] {
			continue // the same person under a former name
		}
		switch {
		case a.ID == text || (a.Email != "" && strings.ToLower(a.Email) == lower):
			seen[a.ID] = true
			exact = append(exact, a)
		case strings.Contains(fold(a.Name), folded) || strings.Contains(strings.ToLower(a.Email), lower):
			seen[a.ID] = true
			partial = append(partial, a)
		}
	}
	if len(exact) > 0 {
		return exact[:1]
	}
	sort.Slice(partial, func(i, j int) bool { return partial[i].Name < partial[j].Name })
	return partial
}

// fold lower-cases s and removes Spanish accents.
func fold(s string) string {
	r := strings.NewReplacer("á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ü", "u", "à", "a", "è", "e", "ò", "o")
	return r.Replace(strings.ToLower(strings.TrimSpace(s)))
}

// change is one top-level field that differs between before and after.
type change struct{ Field, Before, After string }

// detailData is what /auditoria/{seq} shows.
type detailData struct {
	R          audit.Record
	EntityName string
	All        bool
	Before     string
	After      string
	Changes    []change
	HistoryURL string
}

// record returns row seq if the actor may read it; another entity's row is not found.
// A malformed number is not found either (after the permission check).
func (m *Module) record(ctx context.Context, a *auth.Actor, seqText string) (*detailData, error) {
	entityID, all, err := m.scope(ctx, a)
	if err != nil {
		return nil, err
	}
	seq, err := strconv.ParseInt(seqText, 10, 64)
	if err != nil || seq <= 0 {
		return nil, errs.ErrNotFound
	}
	recs, err := audit.List(ctx, m.kit.DB, audit.Filter{EntityID: entityID, BeforeSeq: seq + 1, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 || recs[0].Seq != seq {
		return nil, errs.ErrNotFound
	}
	r := recs[0]
	d := &detailData{R: r, All: all, Before: pretty(r.BeforeJSON), After: pretty(r.AfterJSON),
		Changes: changes(r.BeforeJSON, r.AfterJSON)}
	names, err := entityNames(ctx, m.kit.DB, []string{r.EntityID})
	if err != nil {
		return nil, err
	}
	d.EntityName = names[r.EntityID]
	if r.ObjectID != "" {
		d.HistoryURL = "/auditoria?" + url.Values{"tipo": {r.ObjectType}, "objeto": {r.ObjectID}}.Encode()
	}
	return d, nil
}

// pretty indents a JSON text; "" for null; anything unparsable stays as is.
func pretty(s string) string {
	if s == "null" || s == "" {
		return ""
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(s), "", "  "); err != nil {
		return s
	}
	return buf.String()
}

// changes lists the top-level fields whose value differs when before and
// after are both JSON objects (or one of them is null).
func changes(before, after string) []change {
	objects := func(s string) (map[string]json.RawMessage, bool) {
		m := map[string]json.RawMessage{}
		if s == "null" || s == "" {
			return m, true
		}
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			return nil, false
		}
		return m, true
	}
	b, ok1 := objects(before)
	a, ok2 := objects(after)
	if !ok1 || !ok2 {
		return nil
	}
	var keys []string
	for k := range b {
		keys = append(keys, k)
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var out []change
	for _, k := range keys {
		bv, av := compact(b[k]), compact(a[k])
		if bv != av {
			out = append(out, change{k, bv, av})
		}
	}
	return out
}

func compact(raw json.RawMessage) string {
	if raw == nil {
		return ""
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return string(raw)
	}
	return buf.String()
}

// MaxProblemsShown caps the problems listed on the verification page.
const MaxProblemsShown = 200

// verifyData is what /auditoria/verificar shows.
type verifyData struct {
	Checked  int64
	Problems []audit.Problem
	Total    int
	Head     *audit.Record
	Took     string
}

// verify walks the whole chain, as `concejo audit verify` does (the router
// has checked PermVerify).
func (m *Module) verify(ctx context.Context) (*verifyData, error) {
	start := time.Now()
	n, problems, err := audit.Verify(ctx, m.kit.DB)
	if err != nil {
		return nil, err
	}
	d := &verifyData{Checked: n, Total: len(problems), Problems: problems[:min(len(problems), MaxProblemsShown)],
		Took: strconv.FormatInt(time.Since(start).Milliseconds(), 10) + " ms"}
	head, err := audit.List(ctx, m.kit.DB, audit.Filter{Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(head) == 1 {
		d.Head = &head[0]
	}
	return d, nil
}
