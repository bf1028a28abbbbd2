package directory

import "concejo/internal/platform/phrase"

// The entity's name in Spanish phrases (package phrase).

// The is the entity's name with its article: "el Ayuntamiento de Cáceres".
func (e Entity) The() string { return phrase.The(e.Name) }

// TheCap is The with a capital first letter, to start a sentence.
func (e Entity) TheCap() string { return phrase.TheCap(e.Name) }

// Of is "de" with the entity's name and its article: "del Ayuntamiento de
// Cáceres", "de la Mancomunidad Integral Sierra de Gata".
func (e Entity) Of() string { return phrase.Of(e.Name) }

// To is "a" with the entity's name and its article: "al Ayuntamiento de
// Cáceres", "a la Mancomunidad Integral Sierra de Gata".
func (e Entity) To() string { return phrase.To(e.Name) }
