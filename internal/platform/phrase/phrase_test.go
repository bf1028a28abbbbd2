package phrase

import "testing"

func TestPhrases(t *testing.T) {
	for _, c := range []struct{ name, the, theCap, of, to string }{
		{"Ayuntamiento de Cáceres", "el Ayuntamiento de Cáceres", "El Ayuntamiento de Cáceres", "del Ayuntamiento de Cáceres", "al Ayuntamiento de Cáceres"},
		{"Mancomunidad Integral Sierra de Gata", "la Mancomunidad Integral Sierra de Gata", "La Mancomunidad Integral Sierra de Gata",
			"de la Mancomunidad Integral Sierra de Gata", "a la Mancomunidad Integral Sierra de Gata"},
		{"Diputación Provincial de Cáceres", "la Diputación Provincial de Cáceres", "La Diputación Provincial de Cáceres",
			"de la Diputación Provincial de Cáceres", "a la Diputación Provincial de Cáceres"},
		{"Entidad Local Menor de Pizarro", "la Entidad Local Menor de Pizarro", "La Entidad Local Menor de Pizarro",
			"de la Entidad Local Menor de Pizarro", "a la Entidad Local Menor de Pizarro"},
		{"Pleno", "el Pleno", "El Pleno", "del Pleno", "al Pleno"},
		{"Junta de Gobierno Local", "la Junta de Gobierno Local", "La Junta de Gobierno Local",
			"de la Junta de Gobierno Local", "a la Junta de Gobierno Local"},
		{"Cáceres", "Cáceres", "Cáceres", "de Cáceres", "a Cáceres"},
	} {
		if got := The(c.name); got != c.the {
			t.Errorf("The(%q) = %q", c.name, got)
		}
		if got := TheCap(c.name); got != c.theCap {
			t.Errorf("TheCap(%q) = %q", c.name, got)
		}
		if got := Of(c.name); got != c.of {
			t.Errorf("Of(%q) = %q", c.name, got)
		}
		if got := To(c.name); got != c.to {
			t.Errorf("To(%q) = %q", c.name, got)
		}
	}
}
