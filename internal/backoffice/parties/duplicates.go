package parties

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
)

// parties.possible_duplicate marks each tercero in use that has a possible
// duplicate (pairedDuplicates), so that the page of possible duplicates
// reads only those instead of comparing the names of every tercero that
// shares a birth date with another. It is kept on every write of a
// tercero (markDuplicates). An entity whose terceros were loaded in bulk
// (InsertMany) or written before the column existed has no row in
// party_duplicate_checks: checkDuplicates compares all its terceros once
// (the page does it first, and a periodic task ahead of it).

// pairedDuplicates reports whether a and b, both in use, may be one person:
// the same document, or a similar name, the same birth date and no two
// different valid documents — the pairs the page of possible duplicates
// groups.
func pairedDuplicates(a, b Party) bool {
	if a.ID == b.ID {
		return false
	}
	if a.DocNumber != "" && a.DocNumber == b.DocNumber {
		return true
	}
	return a.BirthDate != nil && b.BirthDate != nil && a.BirthDate.Equal(*b.BirthDate) &&
		similarNames(a, b) && !distinctDocuments(a, b)
}

// markedParty is a tercero with its stored mark and search text.
type markedParty struct {
	Party
	mark       bool
	searchText string
}

const markedCols = `p.id, p.kind, p.doc_type, p.doc_number, p.name, p.surname1, p.surname2, p.birth_date,
	COALESCE(p.merged_into, ''), p.possible_duplicate, p.search_text`

func scanMarked(sc db.Scanner) (markedParty, error) {
	var m markedParty
	var birth sql.NullTime
	err := sc.Scan(&m.ID, &m.Kind, &m.DocType, &m.DocNumber, &m.Name, &m.Surname1, &m.Surname2, &birth,
		&m.MergedInto, &m.mark, &m.searchText)
	if birth.Valid {
		t := birth.Time.UTC()
		m.BirthDate = &t
	}
	return m, err
}

// neighbours returns the terceros in use of entityID that share p's
// document or birth date (p among them when in use): all those p may pair with.
func neighbours(ctx context.Context, q db.Queryer, entityID string, p Party) ([]markedParty, error) {
	var out []markedParty
	seen := map[string]bool{}
	add := func(cond string, arg any) error {
		list, err := db.Collect(ctx, q, scanMarked, `SELECT `+markedCols+` FROM parties p
			WHERE p.entity_id = $1 AND p.merged_into IS NULL AND `+cond, entityID, arg)
		if err != nil {
			return fmt.Errorf("terceros: buscar los posibles duplicados de %s: %w", p.ID, err)
		}
		for _, m := range list {
			if !seen[m.ID] {
				seen[m.ID] = true
				out = append(out, m)
			}
		}
		return nil
	}
	if p.DocNumber != "" {
		if err := add("p.doc_number = $2", p.DocNumber); err != nil {
			return nil, err
		}
	}
	if p.BirthDate != nil {
		if err := add("p.birth_date = $2", *p.BirthDate); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// setMark stores mark for the tercero id of entityID when it differs from was.
func setMark(ctx context.Context, q db.Queryer, entityID, id string, was, mark bool) error {
	if was == mark {
		return nil
	}
	_, err := q.ExecContext(ctx, `UPDATE parties SET possible_duplicate = $1 WHERE entity_id = $2 AND id = $3`, mark, entityID, id)
	if err != nil {
		return fmt.Errorf("terceros: marcar los posibles duplicados de %s: %w", id, err)
	}
	return nil
}

// markDuplicates updates the marks after the tercero now was written:
// inserted (before nil), changed or merged (before is how it was). Its own
// mark, that of the terceros it now pairs with, and that of those it paired
// with before (which may have lost their only pair) are brought up to date.
func markDuplicates(ctx context.Context, q db.Queryer, before *Party, now Party) error {
	inUse := !now.Merged()
	if inUse {
		around, err := neighbours(ctx, q, now.EntityID, now)
		if err != nil {
			return err
		}
		mine, was := false, false
		for _, o := range around {
			if o.ID == now.ID {
				was = o.mark
			} else if pairedDuplicates(now, o.Party) {
				mine = true
				if err := setMark(ctx, q, now.EntityID, o.ID, o.mark, true); err != nil {
					return err
				}
			}
		}
		if err := setMark(ctx, q, now.EntityID, now.ID, was, mine); err != nil {
			return err
		}
	} else if err := setMark(ctx, q, now.EntityID, now.ID, true, false); err != nil {
		return err
	}
	if before == nil || before.Merged() {
		return nil
	}
	around, err := neighbours(ctx, q, now.EntityID, *before)
	if err != nil {
		return err
	}
	for _, o := range around {
		if !o.mark || !pairedDuplicates(*before, o.Party) || inUse && pairedDuplicates(now, o.Party) {
			continue
		}
		// o paired with the tercero as it was, not as it is: has it another pair?
		others, err := neighbours(ctx, q, now.EntityID, o.Party)
		if err != nil {
			return err
		}
		mark := false
		for _, n := range others {
			mark = mark || pairedDuplicates(o.Party, n.Party)
		}
		if err := setMark(ctx, q, now.EntityID, o.ID, o.mark, mark); err != nil {
			return err
		}
	}
	return nil
}

// checkDuplicates compares, once, all the terceros of entityID that share
// a document or a birth date and stores their marks, unless the entity is
// already checked (party_duplicate_checks). It also rewrites the
// search_text that an older SearchText wrote.
func checkDuplicates(ctx context.Context, q db.Queryer, entityID string) error {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM party_duplicate_checks WHERE entity_id = $1`, entityID).Scan(&one)
	switch {
	case err == nil:
		return nil
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("terceros: comprobar los posibles duplicados: %w", err)
	}
	all, err := db.Collect(ctx, q, scanMarked, `SELECT `+markedCols+` FROM parties p WHERE p.entity_id = $1`, entityID)
	if err != nil {
		return fmt.Errorf("terceros: comprobar los posibles duplicados: %w", err)
	}
	byDoc, byDay := map[string][]int{}, map[int64][]int{}
	for i, p := range all {
		if text := p.SearchText(); text != p.searchText {
			if _, err := q.ExecContext(ctx, `UPDATE parties SET search_text = $1 WHERE entity_id = $2 AND id = $3`,
				text, entityID, p.ID); err != nil {
				return fmt.Errorf("terceros: guardar el texto de búsqueda de %s: %w", p.ID, err)
			}
		}
		if p.Merged() {
			continue
		}
		if p.DocNumber != "" {
			byDoc[p.DocNumber] = append(byDoc[p.DocNumber], i)
		}
		if p.BirthDate != nil {
			byDay[p.BirthDate.Unix()] = append(byDay[p.BirthDate.Unix()], i)
		}
	}
	marks := make([]bool, len(all))
	pairIn := func(group []int) {
		for x, i := range group {
			for _, j := range group[x+1:] {
				if (!marks[i] || !marks[j]) && pairedDuplicates(all[i].Party, all[j].Party) {
					marks[i], marks[j] = true, true
				}
			}
		}
	}
	for _, g := range byDoc {
		pairIn(g)
	}
	for _, g := range byDay {
		pairIn(g)
	}
	for i, p := range all {
		if err := setMark(ctx, q, entityID, p.ID, p.mark, marks[i]); err != nil {
			return err
		}
	}
	_, err = q.ExecContext(ctx, `INSERT INTO party_duplicate_checks (entity_id, checked_at) VALUES ($1, $2)
		ON CONFLICT (entity_id) DO NOTHING`, entityID, time.Now().UTC())
	if err != nil {
		return fmt.Errorf("terceros: comprobar los posibles duplicados: %w", err)
	}
	return nil
}

// uncheckDuplicates records that entityIDs have terceros written without
// their marks (a bulk load): checkDuplicates will compare them again.
func uncheckDuplicates(ctx context.Context, q db.Queryer, entityIDs []string) error {
	w := &db.Where{}
	w.In("entity_id", entityIDs)
	if _, err := q.ExecContext(ctx, `DELETE FROM party_duplicate_checks`+w.SQL(), w.Args...); err != nil {
		return fmt.Errorf("terceros: anotar los terceros por comprobar: %w", err)
	}
	return nil
}

// checkAllDuplicates runs checkDuplicates, each in its transaction, for
// every entity not yet checked (one with no terceros is checked at once):
// the periodic task that marks bulk loads before anyone opens their page.
// Once every entity is checked it costs two queries.
func checkAllDuplicates(ctx context.Context, d *db.DB) error {
	entities, err := directory.Entities(ctx, d)
	if err != nil {
		return fmt.Errorf("terceros: buscar las entidades por comprobar los duplicados: %w", err)
	}
	checked, err := db.Collect(ctx, d, func(sc db.Scanner) (id string, err error) {
		return id, sc.Scan(&id)
	}, `SELECT entity_id FROM party_duplicate_checks`)
	if err != nil {
		return fmt.Errorf("terceros: buscar las entidades por comprobar los duplicados: %w", err)
	}
	for _, e := range entities {
		if slices.Contains(checked, e.ID) {
			continue
		}
		if err := d.Tx(ctx, func(tx *sql.Tx) error { return checkDuplicates(ctx, tx, e.ID) }); err != nil {
			return err
		}
	}
	return nil
}
