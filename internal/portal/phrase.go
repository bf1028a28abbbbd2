package portal

import "concejo/internal/platform/phrase"

// The is the site's name with its article: "el Ayuntamiento de Cáceres".
func (s Site) The() string { return phrase.The(s.Name) }

// TheCap is The to start a sentence: "El Ayuntamiento de Cáceres".
func (s Site) TheCap() string { return phrase.TheCap(s.Name) }

// Of is "de" with the site's name: "del Ayuntamiento de Cáceres".
func (s Site) Of() string { return phrase.Of(s.Name) }

// To is "a" with the site's name: "al Ayuntamiento de Cáceres".
func (s Site) To() string { return phrase.To(s.Name) }
