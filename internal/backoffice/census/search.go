package census

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
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
	// Surname1: the beginning of the first surname (accents and case do not
	// matter; more words go on into the second surname). It is a range of
	// the sort_key index, so it stays fast on the largest padrón.
	Surname1 string
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

// searchWhere builds the conditions of f over census_inscriptions i, given
// the plan of its words (see plan).
func searchWhere(entityID string, f Filter, p wordPlan) *db.Where {
	w := &db.Where{}
	w.Add("i.entity_id = ?", entityID)
	switch f.State {
	case "baja":
		w.Add("NOT i.active")
	case "todas":
	default:
		w.Add("i.active")
	}
	if p.ids != nil {
		w.In("i.id", p.ids)
	}
	for _, word := range p.filters {
		w.Add(w.Contains("(' ' || i.search_text)", " "+word))
	}
	if f.Document != "" {
		w.Add("i.doc_number = ?", normDoc(f.Document))
	}
	if s := surnameKey(f.Surname1); s != "" {
		prefixRange(w, "i.sort_key", s)
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
	"":           "i.sort_key, i.id",
	"alta":       "i.registered_on DESC, i.id DESC",
	"nacimiento": "i.birth_date, i.id",
}

// search returns a page of inscriptions matching f and how many match
// (counting stops past MaxCount: the list then says "more than").
func search(ctx context.Context, d *db.DB, entityID string, f Filter) ([]Inscription, int, error) {
	p, err := plan(ctx, d, entityID, f.Text)
	if err != nil || p.none {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	w := searchWhere(entityID, f, p)
	if p.ids != nil {
		return searchCandidates(ctx, d, entityID, f, w)
	}
	var total int
	if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM census_inscriptions i`+w.SQL()+
		` LIMIT `+strconv.Itoa(MaxCount+1)+`) x`, w.Args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	order, ok := sortSQL[f.Sort]
	if !ok {
		order = sortSQL[""]
	}
	ids, err := db.Collect(ctx, d, scanID, `SELECT i.id FROM census_inscriptions i`+w.SQL()+
		` ORDER BY `+order+` LIMIT `+w.Arg(f.Limit)+` OFFSET `+w.Arg(f.Offset), w.Args...)
	if err != nil {
		return nil, 0, err
	}
	list, err := pageRows(ctx, d, entityID, ids)
	return list, total, err
}

func scanID(s db.Scanner) (string, error) {
	var id string
	return id, s.Scan(&id)
}

// listCols are the columns of an inscription that a list shows; the
// covering index census_inscriptions_listing holds them all.
const listCols = `i.entity_id, i.id, i.dwelling_id, i.active, i.name, i.surname1, i.surname2, i.doc_type, i.doc_number,
	i.birth_date, i.registered_on, i.left_on`

func scanListed(s db.Scanner) (Inscription, error) {
	var i Inscription
	var left sql.NullTime
	err := s.Scan(&i.EntityID, &i.ID, &i.DwellingID, &i.Active, &i.Name, &i.Surname1, &i.Surname2, &i.DocType, &i.DocNumber,
		&i.BirthDate, &i.RegisteredOn, &left)
	i.BirthDate, i.RegisteredOn, i.LeftOn = i.BirthDate.UTC(), i.RegisteredOn.UTC(), nullTime(left)
	return i, err
}

// pageRows returns the inscriptions ids of entityID, in that order, with
// the fields a list shows, from one read of the covering index
// census_inscriptions_listing (no row of the table is read).
func pageRows(ctx context.Context, q db.Queryer, entityID string, ids []string) ([]Inscription, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	w := &db.Where{}
	w.Add("i.entity_id = ?", entityID)
	w.In("i.id", ids)
	rows, err := db.Collect(ctx, q, scanListed, `SELECT `+listCols+` FROM census_inscriptions i`+w.SQL(), w.Args...)
	if err != nil {
		return nil, fmt.Errorf("padrón: leer %d inscripciones de una lista: %w", len(ids), err)
	}
	pos := make(map[string]int, len(ids))
	for k, id := range ids {
		pos[id] = k
	}
	page := make([]Inscription, len(ids))
	for _, i := range rows {
		page[pos[i.ID]] = i
	}
	return page, nil
}

// listed is a candidate as the listing index holds it: its id and the
// value it is ordered by, as text (a sort key, or a date that the driver
// writes in one fixed format).
type listed struct{ id, key string }

// listOrders gives, for each order of sortSQL, the column of the listing
// index that decides it and whether it goes from the highest; the id breaks
// ties the same way. Reading only that column keeps the driver from
// decoding dates the order does not need.
var listOrders = map[string]struct {
	col  string
	desc bool
}{
	"":           {"i.sort_key", false},
	"alta":       {"i.registered_on", true},
	"nacimiento": {"i.birth_date", false},
}

// searchCandidates serves a search whose words gave a short candidate
// list (in w): one read of the listing index filters, counts and orders
// them, and the page's rows come from the same index (pageRows).
func searchCandidates(ctx context.Context, q db.Queryer, entityID string, f Filter, w *db.Where) ([]Inscription, int, error) {
	order, ok := listOrders[f.Sort]
	if !ok {
		order = listOrders[""]
	}
	all, err := db.Collect(ctx, q, func(sc db.Scanner) (listed, error) {
		var l listed
		return l, sc.Scan(&l.id, &l.key)
	}, `SELECT i.id, `+order.col+` FROM census_inscriptions i`+w.SQL(), w.Args...)
	if err != nil {
		return nil, 0, err
	}
	slices.SortFunc(all, func(a, b listed) int {
		c := cmp.Or(strings.Compare(a.key, b.key), strings.Compare(a.id, b.id))
		if order.desc {
			return -c
		}
		return c
	})
	from, to := min(f.Offset, len(all)), min(f.Offset+f.Limit, len(all))
	ids := make([]string, 0, to-from)
	for _, l := range all[from:to] {
		ids = append(ids, l.id)
	}
	page, err := pageRows(ctx, q, entityID, ids)
	return page, min(len(all), MaxCount+1), err
}

// Search returns a page of the inscriptions of entityID matching f, with
// the fields a list shows, and how many match. It checks no permission and logs nothing: callers do.
func Search(ctx context.Context, d *db.DB, entityID string, f Filter) ([]Inscription, int, error) {
	return search(ctx, d, entityID, f)
}

// tokenCap: a word that begins more tokens than this is too common to
// narrow the search (a single letter, say) and only filters its rows. A
// variable so that tests can take that path on a small padrón.
var tokenCap = 20000

// maxCandidates bounds the candidate list handed to SQL; with more, the
// matches are dense and walking the rows in list order finds a page sooner
// than the list would.
const maxCandidates = 5000

// wordPlan is how a search applies its words.
type wordPlan struct {
	// ids are the candidate inscriptions (nil: no candidate list).
	ids []string
	// filters are the words left to match on the folded text of each row.
	filters []string
	// none: some word matches nobody, so the search finds nothing.
	none bool
}

// plan intersects, word by word (longest first), the inscriptions with a
// token that begins with the word: index-only range reads of census_search,
// far cheaper per candidate than reading rows. A word too common to read (a
// single letter, say), or every word when the candidates are too many,
// filters the rows instead.
func plan(ctx context.Context, d *db.DB, entityID, text string) (wordPlan, error) {
	words := strings.FieldsFunc(refdata.Fold(text), isSeparator)
	if len(words) > maxWords {
		words = words[:maxWords]
	}
	sort.SliceStable(words, func(a, b int) bool { return len(words[a]) > len(words[b]) })
	var p wordPlan
	var set map[string]bool
	for _, word := range words {
		ids, ok, err := tokenIDs(ctx, d, entityID, word)
		if err != nil {
			return p, err
		}
		if !ok {
			p.filters = append(p.filters, word)
			continue
		}
		next := map[string]bool{}
		for _, id := range ids {
			if set == nil || set[id] {
				next[id] = true
			}
		}
		if set = next; len(set) == 0 {
			p.none = true
			return p, nil
		}
	}
	if set == nil || len(set) > maxCandidates {
		p.filters = words // dense matches: every word filters the rows
		return p, nil
	}
	p.ids = make([]string, 0, len(set))
	for id := range set {
		p.ids = append(p.ids, id)
	}
	return p, nil
}

// tokenIDs returns the inscriptions with a token that begins with word, or
// ok false when there are more than tokenCap such tokens. A word with
// digits is the beginning of a document: it is read from the index
// census_inscriptions_doc instead. The database joins the ids into one
// string: one value crosses to Go instead of a row per token, which is most
// of the cost of a common word.
func tokenIDs(ctx context.Context, d *db.DB, entityID, word string) (ids []string, ok bool, err error) {
	from, col, key := "census_search s", "s.token", "s.inscription_id"
	if hasDigit(word) {
		from, col, key, word = "census_inscriptions s", "s.doc_number", "s.id", strings.ToUpper(word)
	}
	w := &db.Where{}
	w.Add("s.entity_id = ?", entityID)
	prefixRange(w, col, word)
	agg := "group_concat(x.inscription_id, ',')"
	if d.Engine == db.Postgres {
		agg = "string_agg(x.inscription_id, ',')"
	}
	var n int
	var joined string
	if err := d.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(`+agg+`, '') FROM (SELECT `+key+` AS inscription_id FROM `+from+
		w.SQL()+` LIMIT `+strconv.Itoa(tokenCap+1)+`) x`, w.Args...).Scan(&n, &joined); err != nil || n > tokenCap {
		return nil, false, err
	}
	if joined == "" {
		return nil, true, nil
	}
	return strings.Split(joined, ","), true, nil
}

// prefixRange adds to w the condition that the indexed column begins with
// word. The index range alone is exact when prefixEnd only raised the last
// byte; when it dropped trailing 'z's (or gave up), a prefix test removes
// what the wider range lets in.
func prefixRange(w *db.Where, column, word string) {
	w.Add(column+" >= ?", word)
	end := prefixEnd(word)
	if end != "" {
		w.Add(column+" < ?", end)
	}
	if len(end) != len(word) {
		w.Add(w.HasPrefix(column, word))
	}
}

// surnameKey is a first-surname search as the beginning of a sort_key:
// folded, with single spaces.
func surnameKey(s string) string {
	return strings.Join(strings.Fields(refdata.Fold(s)), " ")
}
