package db

import (
	"strconv"
	"strings"
)

// Where builds the conditions of a WHERE clause with numbered placeholders
// ($1, $2...), which both engines take; Args holds their values in order.
type Where struct {
	conds []string
	Args  []any
}

// Arg adds v to the arguments and returns its placeholder.
func (w *Where) Arg(v any) string {
	w.Args = append(w.Args, v)
	return "$" + strconv.Itoa(len(w.Args))
}

// List adds every value of vs to the arguments and returns their
// placeholders separated by commas, as IN (...) takes them.
func (w *Where) List(vs ...string) string {
	marks := make([]string, len(vs))
	for i, v := range vs {
		marks[i] = w.Arg(v)
	}
	return strings.Join(marks, ", ")
}

// Add appends cond, whose "?" marks stand, one by one, for vs.
func (w *Where) Add(cond string, vs ...any) {
	for _, v := range vs {
		cond = strings.Replace(cond, "?", w.Arg(v), 1)
	}
	w.conds = append(w.conds, cond)
}

// Contains returns the condition that col contains text taken literally,
// adding its pattern to the arguments: the LIKE wildcards % and _ typed by
// a user match only themselves. The ESCAPE clause is needed on both
// engines: SQLite has no default escape character.
func (w *Where) Contains(col, text string) string {
	return col + " LIKE " + w.Arg("%"+EscapeLike(text)+"%") + ` ESCAPE '\'`
}

// HasPrefix returns the condition that col begins with prefix taken
// literally, adding its pattern to the arguments (see Contains).
func (w *Where) HasPrefix(col, prefix string) string {
	return col + " LIKE " + w.Arg(EscapeLike(prefix)+"%") + ` ESCAPE '\'`
}

// In appends "col IN (ids)", or a condition no row meets when ids is empty.
// A long list of plain identifiers is written into the statement as quoted
// literals instead of placeholders: SQLite resolves each $N by a linear
// search of the statement's parameters, so parsing thousands of them costs
// more than running the query.
func (w *Where) In(col string, ids []string) {
	switch {
	case len(ids) == 0:
		w.Add("1 = 0")
	case len(ids) > inlineFrom && plainIDs(ids):
		w.conds = append(w.conds, col+" IN ('"+strings.Join(ids, "', '")+"')")
	default:
		w.Add(col + " IN (" + w.List(ids...) + ")")
	}
}

// inlineFrom is the length from which In writes plain ids as literals.
const inlineFrom = 64

// plainIDs reports whether every id is 1 to 64 letters, digits, '-' or '_'
// (ULIDs, UUIDs, codes): text that cannot close a quoted literal.
func plainIDs(ids []string) bool {
	for _, id := range ids {
		if len(id) == 0 || len(id) > 64 {
			return false
		}
		for i := 0; i < len(id); i++ {
			c := id[i]
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// InScope restricts col, an entity id, to the scope.
func (w *Where) InScope(col string, s Scope) {
	if !s.All {
		w.In(col, s.IDs)
	}
}

// SQL returns " WHERE " and the conditions joined by AND, or "" without any.
func (w *Where) SQL() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// Scope is the set of entities a query may reach: every one (All) or those
// of IDs.
type Scope struct {
	All bool
	IDs []string
}
