package casefile

import (
	"strings"
	"testing"
)

// TestDefinitionJSONErrors: a definition that does not decode is refused
// with a Spanish sentence that says where, never the decoder's English.
func TestDefinitionJSONErrors(t *testing.T) {
	for in, want := range map[string]string{
		``:                   "el fichero está vacío",
		`{"code": }`:         "error de sintaxis cerca del carácter 10",
		`{"name": 3}`:        "el valor de «name» no es del tipo esperado",
		`{"no_existe": "x"}`: "el campo no_existe no existe",
	} {
		_, err := parseDefinition([]byte(in))
		if err == nil || !strings.Contains(err.Error(), want) || !strings.HasSuffix(err.Error(), "Corríjalo y vuelva a subirlo.") {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
}
