package auth

import "concejo/internal/platform/phrase"

// The is the entity's name with its article: "el Ayuntamiento de Cáceres".
func (e EntityRef) The() string { return phrase.The(e.Name) }

// Of is "de" with the entity's name and its article: "del Ayuntamiento de
// Cáceres".
func (e EntityRef) Of() string { return phrase.Of(e.Name) }

// To is "a" with the entity's name and its article: "al Ayuntamiento de
// Cáceres".
func (e EntityRef) To() string { return phrase.To(e.Name) }
