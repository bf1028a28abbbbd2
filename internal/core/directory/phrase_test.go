package directory_test

import (
	"testing"

	"concejo/internal/core/directory"
)

// TestPhrases: the entity's name takes its article in Spanish phrases.
func TestPhrases(t *testing.T) {
	for _, c := range []struct{ name, the, theCap, of, to string }{
		{"Ayuntamiento de Cáceres", "el Ayuntamiento de Cáceres", "El Ayuntamiento de Cáceres",
			"del Ayuntamiento de Cáceres", "al Ayuntamiento de Cáceres"},
		{"Mancomunidad Integral Sierra de Gata", "la Mancomunidad Integral Sierra de Gata", "La Mancomunidad Integral Sierra de Gata",
			"de la Mancomunidad Integral Sierra de Gata", "a la Mancomunidad Integral Sierra de Gata"},
		{"Diputación Provincial de Cáceres", "la Diputación Provincial de Cáceres", "La Diputación Provincial de Cáceres",
			"de la Diputación Provincial de Cáceres", "a la Diputación Provincial de Cáceres"},
		{"Pizarro", "Pizarro", "Pizarro", "de Pizarro", "a Pizarro"},
	} {
		e := directory.Entity{Name: c.name}
		if e.The() != c.the || e.TheCap() != c.theCap || e.Of() != c.of || e.To() != c.to {
			t.Errorf("%s: %q %q %q %q", c.name, e.The(), e.TheCap(), e.Of(), e.To())
		}
	}
}
