package parties

import (
	"sort"
	"strings"

	"concejo/internal/platform/errs"
	"concejo/internal/platform/validate"
	"concejo/internal/refdata"
)

// normDoc normalises a document number for look-ups.
func normDoc(s string) string {
	n := validate.NormalizeID(s)
	if len(n) == 10 && n[0] == 'X' && n[1] == '0' {
		n = "X" + n[2:] // legacy NIE with 8 digits
	}
	return n
}

// searchWords splits a search into folded words (at most 8).
func searchWords(s string) []string {
	f := strings.Fields(SearchForm(s))
	if len(f) > 8 {
		f = f[:8]
	}
	return f
}

// punctuation is dropped (".-'") or read as a space (",;:()/") in names
// and documents, both in search_text and in what users type.
var punctuation = strings.NewReplacer(".", "", "-", "", "'", "", "’", "", ",", " ", ";", " ", ":", " ", "(", " ", ")", " ", "/", " ")

// SearchForm is s folded, without punctuation, with single spaces: the
// form of parties.search_text, for modules that search it themselves
// (split the typed text with strings.Fields(SearchForm(text)) and require
// every word with search_text LIKE '%word%').
func SearchForm(s string) string {
	return strings.Join(strings.Fields(punctuation.Replace(refdata.Fold(s))), " ")
}

// nameKey is the folded words of a party's names, sorted: the same person
// written "García López, Juan" or "Juan Garcia Lopez" gives the same key.
func nameKey(p Party) string {
	w := strings.Fields(fold(join(" ", p.Name, p.Surname1, p.Surname2)))
	sort.Strings(w)
	return strings.Join(w, " ")
}

// similarNames reports whether a and b may name the same person: the same
// words in any order, one name's words all in the other (a surname
// missing), or a few typing differences.
func similarNames(a, b Party) bool {
	ka, kb := nameKey(a), nameKey(b)
	if ka == "" || kb == "" {
		return false
	}
	if ka == kb {
		return true
	}
	wa, wb := strings.Fields(ka), strings.Fields(kb)
	if len(wa) >= 2 && len(wb) >= 2 && (subset(wa, wb) || subset(wb, wa)) {
		return true
	}
	limit := 2
	if l := max(len(ka), len(kb)); l > 24 {
		limit = 3
	}
	return levenshtein(ka, kb, limit) <= limit
}

func subset(a, b []string) bool {
	set := map[string]bool{}
	for _, w := range b {
		set[w] = true
	}
	for _, w := range a {
		if !set[w] {
			return false
		}
	}
	return true
}

// levenshtein is the edit distance between a and b, or limit+1 when it is
// greater than limit.
func levenshtein(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// fieldError is a one-field errs.Fields.
func fieldError(field, msg string) error {
	var fe errs.Fields
	fe.Add(field, msg)
	return fe
}
