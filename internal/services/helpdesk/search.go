package helpdesk

import (
	"strings"

	"concejo/internal/platform/db"
	"concejo/internal/refdata"
)

// ticketSearch is the full-text index of helpdesk_search (searchText: the
// ticket's number, subject, description and requester, folded).
var ticketSearch = db.SearchIndex{Name: "helpdesk_fts", Table: "helpdesk_search", Column: "search_text",
	Key: []string{"entity_id", "ticket_id"}}

// matchText adds to w the condition that the ticket (alias t) matches the
// text q typed in the list's search: a ticket number (INC-2026-004812)
// exactly; otherwise every word of q begins a word of the ticket's number,
// subject, description or requester's name, whatever the accents and case.
// A text with no letter nor digit ("%") is looked for as typed.
func matchText(w *db.Where, engine db.Engine, q string) {
	q = strings.TrimSpace(q)
	switch {
	case q == "":
	case strings.HasPrefix(strings.ToUpper(q), "INC-"):
		w.Add("t.number = ?", strings.ToUpper(q))
	case !ticketSearch.In(w, engine, []string{"t.entity_id", "t.id"}, db.SearchTerms(refdata.Fold(q))):
		w.Add("(t.entity_id, t.id) IN (SELECT x.entity_id, x.ticket_id FROM helpdesk_search x WHERE " +
			w.Contains("x.search_text", refdata.Fold(q)) + ")")
	}
}
