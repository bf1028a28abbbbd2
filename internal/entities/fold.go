package entities

import (
	"strings"

	"concejo/internal/refdata"
)

// fold lower-cases s, removes accents and trims it, as search_text is filled
// and searched.
func fold(s string) string { return refdata.Fold(strings.TrimSpace(s)) }
