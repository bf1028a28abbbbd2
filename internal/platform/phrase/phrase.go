// Package phrase puts the name of an entity, or of one of its collegiate
// bodies, into a Spanish sentence with the article it takes: masculine for
// an ayuntamiento ("el Ayuntamiento de Cáceres") and the Pleno, feminine for
// a mancomunidad, an entidad local menor, the Diputación and the Junta de
// Gobierno Local, none for a name that starts otherwise ("Cáceres"). The
// prepositions contract as Spanish requires: "del", "al".
package phrase

import "strings"

// article is the definite article of name ("" = none).
func article(name string) string {
	switch {
	case strings.HasPrefix(name, "Ayuntamiento"), strings.HasPrefix(name, "Pleno"):
		return "el"
	case strings.HasPrefix(name, "Mancomunidad"), strings.HasPrefix(name, "Entidad"), strings.HasPrefix(name, "Diputación"),
		strings.HasPrefix(name, "Junta"):
		return "la"
	}
	return ""
}

// The is name with its article: "el Ayuntamiento de Cáceres" (after "en",
// "para", "por"…).
func The(name string) string {
	if a := article(name); a != "" {
		return a + " " + name
	}
	return name
}

// TheCap is The with a capital first letter, to start a sentence.
func TheCap(name string) string {
	t := The(name)
	if strings.HasPrefix(t, "el ") || strings.HasPrefix(t, "la ") {
		return strings.ToUpper(t[:1]) + t[1:]
	}
	return t
}

// Of is "de" with name and its article: "del Ayuntamiento de Cáceres",
// "de la Mancomunidad Integral Sierra de Gata", "de Cáceres".
func Of(name string) string {
	if article(name) == "el" {
		return "del " + name
	}
	return "de " + The(name)
}

// To is "a" with name and its article: "al Ayuntamiento de Cáceres",
// "a la Mancomunidad Integral Sierra de Gata".
func To(name string) string {
	if article(name) == "el" {
		return "al " + name
	}
	return "a " + The(name)
}
