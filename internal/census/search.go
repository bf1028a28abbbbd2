package census

import (
	"context"
	"strconv"
	"strings"

	"concejo/internal/platform/db"
	"concejo/internal/refdata"
)

// Filter selects inscriptions in a search. Empty fields do not filter.
type Filter struct {
	// Text: words of the name and surnames, or the document, in any order
	// and with or without accents; each word matches the beginning of one.
	Text string
	// Document: an exact document number (normalised).
	Document string
	// DwellingIDs restricts to these dwellings (an address search).
	DwellingIDs []string
	// State: "" (active), "baja" or "todas".
	State string
	// Sort: "" (surnames), "alta" (most recent first), "nacimiento".
	Sort   string
	Limit  int
	Offset int
}

// MaxCount is where a search stops counting its matches.
const MaxCount = 1000

// maxWords bounds the words of a search.
const maxWords = 6

// prefixEnd is the smallest string greater than every string starting with
// p (p is folded ASCII), or "" when there is none to compute simply.
func prefixEnd(p string) string {
	b := []byte(p)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 'z' {
			b[i]++
			return string(b[:i+1])
		}
	}
	return ""
}

// searchWhere builds the conditions of f over census_inscriptions i.
func searchWhere(entityID string, f Filter, candidates []string) *db.Where {
	w := &db.Where{}
	w.Add("i.entity_id = ?", entityID)
	switch f.State {
	case "baja":
		w.Add("NOT i.active")
	case "todas":
	default:
		w.Add("i.active")
	}
	words := strings.FieldsFunc(refdata.Fold(f.Text), isSeparator)
	if len(words) > maxWords {
		words = words[:maxWords]
	}
	// The longest word drives the search through the token index; the
	// others filter the rows it found on their folded text.
	drive := -1
	for k, word := range words {
		if drive < 0 || len(word) > len(words[drive]) {
			drive = k
		}
	}
	if candidates != nil {
		w.In("i.id", candidates)
		words = nil
	}
	for k, word := range words {
		if k != drive {
			w.Add("(' ' || i.search_text) LIKE ? ESCAPE '\\'", "% "+db.EscapeLike(word)+"%")
			continue
		}
		cond := "i.id IN (SELECT inscription_id FROM census_search WHERE entity_id = ? AND token >= ?"
		args := []any{entityID, word}
		if end := prefixEnd(word); end != "" {
			cond += " AND token < ?"
			args = append(args, end)
		}
		cond += " AND token LIKE ? ESCAPE '\\')"
		args = append(args, db.EscapeLike(word)+"%")
		w.Add(cond, args...)
	}
	if f.Document != "" {
		w.Add("i.doc_number = ?", normDoc(f.Document))
	}
	if f.DwellingIDs != nil {
		w.In("i.dwelling_id", f.DwellingIDs)
	}
	return w
}

func normDoc(s string) string {
	return strings.ToUpper(strings.NewReplacer(" ", "", "-", "", ".", "").Replace(strings.TrimSpace(s)))
}

var sortSQL = map[string]string{
	"":           "i.surname1, i.surname2, i.name, i.id",
	"alta":       "i.registered_on DESC, i.id DESC",
	"nacimiento": "i.birth_date, i.id",
}

// search returns a page of inscriptions matching f and how many match.
func search(ctx context.Context, q db.Queryer, entityID string, f Filter) ([]Inscription, int, error) {
	cands, err := candidates(ctx, q, entityID, f.Text)
	if err != nil {
		return nil, 0, err
	}
	w := searchWhere(entityID, f, cands)
	// The count stops at MaxCount: past it the list says "more than".
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM census_inscriptions i`+w.SQL()+
		` LIMIT `+strconv.Itoa(MaxCount+1)+`) x`, w.Args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	order, ok := sortSQL[f.Sort]
	if !ok {
		order = sortSQL[""]
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	list, err := db.Collect(ctx, q, scanInscription, `SELECT `+inscriptionCols+` FROM census_inscriptions i`+w.SQL()+
		` ORDER BY `+order+` LIMIT `+w.Arg(f.Limit)+` OFFSET `+w.Arg(f.Offset), w.Args...)
	return list, total, err
}

// Search returns a page of the inscriptions of entityID matching f and how
// many match. It checks no permission and logs nothing: callers do.
func Search(ctx context.Context, q db.Queryer, entityID string, f Filter) ([]Inscription, int, error) {
	return search(ctx, q, entityID, f)
}

// maxCandidates bounds the candidate list that candidates intersects in Go;
// beyond it the search runs as SQL subqueries.
const maxCandidates = 5000

// candidates intersects, word by word, the inscriptions whose tokens begin
// with each word (index-only range reads of census_search), and returns
// them; nil means "do it in SQL" (no words, or too many candidates).
func candidates(ctx context.Context, q db.Queryer, entityID, text string) ([]string, error) {
	words := strings.FieldsFunc(refdata.Fold(text), isSeparator)
	if len(words) == 0 {
		return nil, nil
	}
	if len(words) > maxWords {
		words = words[:maxWords]
	}
	var set map[string]bool
	for _, word := range words {
		w := &db.Where{}
		w.Add("entity_id = ?", entityID)
		w.Add("token >= ?", word)
		if end := prefixEnd(word); end != "" {
			w.Add("token < ?", end)
		}
		w.Add(`token LIKE ? ESCAPE '\'`, db.EscapeLike(word)+"%")
		rows, err := q.QueryContext(ctx, `SELECT inscription_id FROM census_search`+w.SQL(), w.Args...)
		if err != nil {
			return nil, err
		}
		next := map[string]bool{}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			if set == nil || set[id] {
				next[id] = true
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		set = next
		if len(set) == 0 {
			break
		}
	}
	if len(set) > maxCandidates {
		return nil, nil
	}
	out := make([]string, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	return out, nil
}
