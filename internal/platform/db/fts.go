package db

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// SearchIndex is a full-text index over one text column of a table, whose
// rows it returns by their key. A migration declares it with the statement
//
//	CREATE SEARCH INDEX helpdesk_fts ON helpdesk_search (search_text) KEY (entity_id, ticket_id);
//
// which Migrate turns into each engine's own objects (searchIndexDDL):
//
//   - SQLite: an FTS5 table named like the index, without a copy of the
//     text (contentless), and the table <name>_keys giving each indexed
//     row a stable integer, fts_doc (the FTS5 rowid); triggers on the table keep
//     both in step on INSERT, DELETE and UPDATE of the column, so every
//     writer (a store, a bulk load) is covered.
//   - PostgreSQL: a GIN index on the column's tsvector with the 'simple'
//     configuration (no stemming, no stop words), kept by PostgreSQL.
//
// Both engines see the same words: the column holds text folded by the
// module (refdata.Fold: lower case, no accents), and each run of letters
// and digits is a word (PostgreSQL reads the column through
// regexp_replace so that its parser does not treat e-mails, paths or
// hyphenated words apart). The key columns must never change.
type SearchIndex struct {
	// Name names the index (and, on SQLite, its tables and triggers).
	Name string
	// Table and Column are the indexed text; Key the table's columns that
	// identify a row, in order.
	Table, Column string
	Key           []string
}

// maxSearchTerms caps the words of a search, as the lists did with LIKE.
const maxSearchTerms = 8

// SearchTerms splits folded text (see SearchIndex) into the words an index
// matches: its runs of letters and digits, at most 8. A text with no letter
// nor digit (only "%" or "_") gives none: the caller then searches
// otherwise (e.g. Where.Contains).
func SearchTerms(folded string) []string {
	terms := strings.FieldsFunc(folded, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(terms) > maxSearchTerms {
		terms = terms[:maxSearchTerms]
	}
	return terms
}

// In adds to w the condition that cols (the outer query's columns holding
// the index's key, in key order) name a row whose text has, for every
// term, a word beginning with it; terms come from SearchTerms. lead, when
// given, are the values of the key's first columns (the entity's id): the
// search is restricted to them inside, so that the outer query need not
// restrict cols itself — on SQLite, an outer condition on the entity
// would lead the planner to read all the entity's rows instead of the
// matches. It adds nothing and returns false when there are no terms.
func (s SearchIndex) In(w *Where, engine Engine, cols []string, terms []string, lead ...any) bool {
	if len(terms) == 0 {
		return false
	}
	w.conds = append(w.conds, "("+strings.Join(cols, ", ")+") IN ("+s.matchSQL(w, engine, terms, lead)+")")
	return true
}

// matchSQL is a SELECT of the keys of the rows matching every term as a
// prefix (and lead), its arguments added to w.
func (s SearchIndex) matchSQL(w *Where, engine Engine, terms []string, lead []any) string {
	alias, q := "k.", make([]string, len(terms))
	var sql string
	if engine == Postgres {
		alias = "x."
		for i, t := range terms {
			q[i] = t + ":*" // terms are letters and digits only: nothing to quote
		}
		sql = "SELECT " + prefixed(alias, s.Key) + " FROM " + s.Table + " x WHERE " + s.vector(alias) +
			" @@ to_tsquery('simple', " + w.Arg(strings.Join(q, " & ")) + ")"
	} else {
		for i, t := range terms {
			q[i] = `"` + t + `"*`
		}
		sql = "SELECT " + prefixed(alias, s.Key) + " FROM " + s.Name + " JOIN " + s.Name + "_keys k ON k.fts_doc = " + s.Name +
			".rowid WHERE " + s.Name + " MATCH " + w.Arg(strings.Join(q, " "))
	}
	for i, v := range lead {
		sql += " AND " + alias + s.Key[i] + " = " + w.Arg(v)
	}
	return sql
}

// vector is PostgreSQL's tsvector of the column (alias: "x." or ""), the
// expression its GIN index is built on.
func (s SearchIndex) vector(alias string) string {
	return "to_tsvector('simple'::regconfig, regexp_replace(" + alias + s.Column + ", '[^[:alnum:]]+', ' ', 'g'))"
}

func prefixed(alias string, cols []string) string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = alias + c
	}
	return strings.Join(out, ", ")
}

// searchIndexStmt is the CREATE SEARCH INDEX statement of a migration.
var searchIndexStmt = regexp.MustCompile(`(?is)^CREATE\s+SEARCH\s+INDEX\s+(\w+)\s+ON\s+(\w+)\s*\(\s*(\w+)\s*\)\s*KEY\s*\(([\w\s,]+)\)\s*;?\s*$`)

// parseSearchIndex reads a CREATE SEARCH INDEX statement; ok is false for
// any other statement.
func parseSearchIndex(stmt string) (s SearchIndex, ok bool) {
	m := searchIndexStmt.FindStringSubmatch(strings.TrimSpace(stmt))
	if m == nil {
		return s, false
	}
	s = SearchIndex{Name: m[1], Table: m[2], Column: m[3]}
	for _, k := range strings.Split(m[4], ",") {
		s.Key = append(s.Key, strings.TrimSpace(k))
	}
	return s, true
}

// expandStatement returns the statements stmt stands for on engine: those
// of a CREATE SEARCH INDEX, or stmt itself.
func expandStatement(engine Engine, stmt string) []string {
	s, ok := parseSearchIndex(stmt)
	if !ok {
		return []string{stmt}
	}
	return s.ddl(engine)
}

// ddl creates the index on engine and fills it with the table's rows.
func (s SearchIndex) ddl(engine Engine) []string {
	if engine == Postgres {
		return []string{"CREATE INDEX " + s.Name + " ON " + s.Table + " USING gin (" + s.vector("") + ")"}
	}
	keys := s.Name + "_keys"
	cols := strings.Join(s.Key, ", ")
	var defs []string
	for _, k := range s.Key {
		defs = append(defs, k+" TEXT NOT NULL")
	}
	// match is the condition that a row of keys is the row of the trigger's rec ("new" or "old").
	match := func(rec string) string {
		conds := make([]string, len(s.Key))
		for i, k := range s.Key {
			conds[i] = keys + "." + k + " = " + rec + "." + k
		}
		return strings.Join(conds, " AND ")
	}
	join := make([]string, len(s.Key))
	for i, k := range s.Key {
		join[i] = "k." + k + " = t." + k
	}
	return []string{
		fmt.Sprintf("CREATE TABLE %s (fts_doc INTEGER PRIMARY KEY, %s, UNIQUE (%s))", keys, strings.Join(defs, ", "), cols),
		fmt.Sprintf("CREATE VIRTUAL TABLE %s USING fts5(%s, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')",
			s.Name, s.Column),
		fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s", keys, cols, cols, s.Table),
		fmt.Sprintf("INSERT INTO %s (rowid, %s) SELECT k.fts_doc, t.%s FROM %s t JOIN %s k ON %s",
			s.Name, s.Column, s.Column, s.Table, keys, strings.Join(join, " AND ")),
		fmt.Sprintf("CREATE TRIGGER %s_insert AFTER INSERT ON %s BEGIN INSERT INTO %s (%s) VALUES (%s); "+
			"INSERT INTO %s (rowid, %s) VALUES (last_insert_rowid(), new.%s); END",
			s.Name, s.Table, keys, cols, prefixed("new.", s.Key), s.Name, s.Column, s.Column),
		fmt.Sprintf("CREATE TRIGGER %s_delete AFTER DELETE ON %s BEGIN DELETE FROM %s WHERE rowid = (SELECT fts_doc FROM %s WHERE %s); "+
			"DELETE FROM %s WHERE %s; END",
			s.Name, s.Table, s.Name, keys, match("old"), keys, match("old")),
		fmt.Sprintf("CREATE TRIGGER %s_update AFTER UPDATE OF %s ON %s WHEN old.%s IS NOT new.%s BEGIN "+
			"DELETE FROM %s WHERE rowid = (SELECT fts_doc FROM %s WHERE %s); "+
			"INSERT INTO %s (rowid, %s) VALUES ((SELECT fts_doc FROM %s WHERE %s), new.%s); END",
			s.Name, s.Column, s.Table, s.Column, s.Column, s.Name, keys, match("old"), s.Name, s.Column, keys, match("new"), s.Column),
	}
}
