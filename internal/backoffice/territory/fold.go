package territory

import (
	"strings"

	"concejo/internal/refdata"
)

// fold is the search form of a name: refdata.Fold with inner spaces collapsed.
func fold(s string) string { return strings.Join(strings.Fields(refdata.Fold(s)), " ") }

// words splits a search into folded words.
func words(s string) []string {
	f := strings.Fields(refdata.Fold(s))
	if len(f) > 8 {
		f = f[:8]
	}
	return f
}

// streetSearch is a street's search_text: its type and name folded
// ("plaza de espana"), so both "plaza españa" and "españa" find it.
func streetSearch(typeCode, name string) string { return fold(TypeName(typeCode) + " " + name) }
