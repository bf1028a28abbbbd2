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

// In appends "col IN (ids)", or a condition no row meets when ids is empty.
func (w *Where) In(col string, ids []string) {
	if len(ids) == 0 {
		w.Add("1 = 0")
		return
	}
	w.Add(col + " IN (" + w.List(ids...) + ")")
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
