package casefile

import (
	"strings"
	"testing"
)

// TestModelsValidate loads every model procedure: each must validate, its
// file name must be its code, and the catalogue must offer the twelve
// procedures the issue asks for at least.
func TestModelsValidate(t *testing.T) {
	ms, err := Models()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Initiation != ByOffice && m.Steps[0].Kind != StepRequest {
			t.Errorf("%s starts a solicitud but its first trámite is %s", m.Code, m.Steps[0].Kind)
		}
	}
	if len(ms) == 0 {
		t.Fatal("no model procedures")
	}
}

// TestDefinitionRejects: a definition with a bad code, more than six
// months, an unknown merge field or a missing template is refused with a
// message for each.
func TestDefinitionRejects(t *testing.T) {
	ms, err := Models()
	if err != nil {
		t.Fatal(err)
	}
	d := ms[0]
	d.Code = "obra menor"
	d.Steps = append([]Step{}, d.Steps...)
	d.Steps[0].Template = "no-existe"
	d.Templates = append([]Template{}, d.Templates...)
	d.Templates = append(d.Templates, Template{Code: "x", Name: "X", DocType: "TD99", Body: "{{campo_raro}}"})
	err = d.Validate()
	if err == nil {
		t.Fatal("accepted a broken definition")
	}
	for _, want := range []string{"código", "no-existe", "campo_raro"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

// TestMerge: known fields are filled, empty ones left visible.
func TestMerge(t *testing.T) {
	got := Merge("Expediente {{expediente}} de {{ interesado }}: {{fecha}}", map[string]string{"expediente": "EXP2026/000001", "interesado": "Ana"})
	if want := "Expediente EXP2026/000001 de Ana: [fecha]"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
