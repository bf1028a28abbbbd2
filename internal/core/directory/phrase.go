package directory

import "strings"

// The entity's name in Spanish phrases, with the article its name takes:
// masculine for an ayuntamiento ("el Ayuntamiento de Cáceres"), feminine for
// a mancomunidad, an entidad local menor or the Diputación, none for a name
// that starts otherwise.

// article is the definite article of the entity's name ("" = none).
func (e Entity) article() string {
	switch {
	case strings.HasPrefix(e.Name, "Ayuntamiento"):
		return "el"
	case strings.HasPrefix(e.Name, "Mancomunidad"), strings.HasPrefix(e.Name, "Entidad"), strings.HasPrefix(e.Name, "Diputación"):
		return "la"
	}
	return ""
}

// The is the entity's name with its article: "el Ayuntamiento de Cáceres".
func (e Entity) The() string {
	if a := e.article(); a != "" {
		return a + " " + e.Name
	}
	return e.Name
}

// TheCap is The with a capital first letter, to start a sentence.
func (e Entity) TheCap() string {
	t := e.The()
	if strings.HasPrefix(t, "el ") || strings.HasPrefix(t, "la ") {
		return strings.ToUpper(t[:1]) + t[1:]
	}
	return t
}

// Of is "de" with the entity's name and its article: "del Ayuntamiento de
// Cáceres", "de la Mancomunidad Integral Sierra de Gata".
func (e Entity) Of() string {
	if e.article() == "el" {
		return "del " + e.Name
	}
	return "de " + e.The()
}

// To is "a" with the entity's name and its article: "al Ayuntamiento de
// Cáceres", "a la Mancomunidad Integral Sierra de Gata".
func (e Entity) To() string {
	t := e.The()
	if strings.HasPrefix(t, "el ") {
		return "al " + t[3:]
	}
	return "a " + t
}
