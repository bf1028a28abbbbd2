package census

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"concejo/internal/platform/db"
)

// A variation keeps, of the inscription, only what it changed: before_data
// and after_data are JSON objects with the snapshot fields (see snapshot)
// that the variation changed, with their values before and after it (null:
// the field was absent). An alta keeps nothing: the inscription's row is its
// current state, and the state at any variation is rebuilt by undoing, from
// that row, the variations recorded after it (statesOf). Variations written
// before this form hold whole snapshots (they have "numero"), which are
// read as they are.

// isWhole reports whether a stored before/after is a whole snapshot.
func isWhole(data string) bool { return strings.Contains(data, `"numero":`) }

// fieldsOf is a snapshot as a map of its JSON fields.
func fieldsOf(s snapshot) map[string]any {
	b, _ := json.Marshal(s)
	m := map[string]any{}
	json.Unmarshal(b, &m)
	return m
}

// diffJSON returns what a variation from before to after stores: the
// fields that changed, before and after ("" and "" for an alta, whose
// before is nil, or when nothing changed).
func diffJSON(before *Inscription, after Inscription) (string, string) {
	if before == nil {
		return "", ""
	}
	bm, am := fieldsOf(snap(*before)), fieldsOf(snap(after))
	was, now := map[string]any{}, map[string]any{}
	for k, v := range am {
		if bm[k] != v {
			was[k], now[k] = bm[k], v
		}
	}
	for k, v := range bm {
		if _, ok := am[k]; !ok {
			was[k], now[k] = v, nil
		}
	}
	return changeJSON(was), changeJSON(now)
}

// changeJSON writes changed fields ("" when none).
func changeJSON(m map[string]any) string {
	if len(m) == 0 {
		return ""
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// undo sets in state the values that change held before the variation.
func undo(state map[string]any, change string) error {
	if change == "" {
		return nil
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(change), &m); err != nil {
		return err
	}
	for k, v := range m {
		if v == nil {
			delete(state, k)
		} else {
			state[k] = v
		}
	}
	return nil
}

// statesOf returns vs with Before and After as whole snapshots (JSON; Before
// "" for an alta), rebuilt from the current inscriptions and their later
// variations.
func statesOf(ctx context.Context, q db.Queryer, entityID string, vs []Variation) ([]Variation, error) {
	seen := map[string]bool{}
	var ids []string
	for _, v := range vs {
		if !isWhole(v.After) && !seen[v.InscriptionID] {
			seen[v.InscriptionID] = true
			ids = append(ids, v.InscriptionID)
		}
	}
	if len(ids) == 0 {
		return vs, nil
	}
	w := &db.Where{}
	w.Add("i.entity_id = ?", entityID)
	w.In("i.id", ids)
	current, err := db.Collect(ctx, q, scanInscription, `SELECT `+inscriptionCols+` FROM census_inscriptions i`+w.SQL(), w.Args...)
	if err != nil {
		return nil, fmt.Errorf("padrón: leer %d inscripciones para rehacer su historia: %w", len(ids), err)
	}
	w = &db.Where{}
	w.Add("entity_id = ?", entityID)
	w.In("inscription_id", ids)
	history, err := db.Collect(ctx, q, scanVariation, `SELECT `+variationCols+` FROM census_variations`+w.SQL()+
		` ORDER BY inscription_id, recorded_at DESC, id DESC`, w.Args...)
	if err != nil {
		return nil, fmt.Errorf("padrón: leer la historia de %d inscripciones: %w", len(ids), err)
	}
	state := map[string]map[string]any{}
	for _, i := range current {
		state[i.ID] = fieldsOf(snap(i))
	}
	whole := map[string][2]string{}
	for _, v := range history { // newest first: each undoes its change
		s := state[v.InscriptionID]
		if s == nil {
			continue
		}
		if isWhole(v.After) {
			whole[v.ID] = [2]string{v.Before, v.After}
			prev := v.Before
			if prev == "" {
				prev = v.After
			}
			clear(s)
			if err := json.Unmarshal([]byte(prev), &s); err != nil {
				return nil, fmt.Errorf("padrón: variación %s: %w", v.ID, err)
			}
			continue
		}
		after := changeJSON(s)
		if err := undo(s, v.Before); err != nil {
			return nil, fmt.Errorf("padrón: variación %s: %w", v.ID, err)
		}
		before := ""
		if v.Kind != "A" {
			before = changeJSON(s)
		}
		whole[v.ID] = [2]string{before, after}
	}
	out := make([]Variation, len(vs))
	for k, v := range vs {
		if s, ok := whole[v.ID]; ok && !isWhole(v.After) {
			v.Before, v.After = s[0], s[1]
		}
		out[k] = v
	}
	return out, nil
}
