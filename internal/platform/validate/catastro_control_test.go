package validate

import "testing"

func TestCadastralControl(t *testing.T) {
	for _, ref := range []string{"9872023VH5797S0001WX", "5225043DE7052N0001PQ"} {
		if got := CadastralControl(ref[:18]); got != ref[18:] {
			t.Errorf("CadastralControl(%s) = %s, want %s", ref[:18], got, ref[18:])
		}
	}
	if CadastralControl("short") != "" {
		t.Error("a short input must give no letters")
	}
}
