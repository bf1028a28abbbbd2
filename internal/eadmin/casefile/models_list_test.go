package casefile

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"concejo/internal/platform/plazo"
)

// wantModels is the Diputación's catalogue of model procedures: adding or
// removing a file in models/ must be done here too.
var wantModels = []string{
	"ACCESO-INFORMACION",
	"ANIMALES-PELIGROSOS",
	"BAJA-VADO",
	"CEMENTERIO",
	"CERTIFICADO-URBANISTICO",
	"COMUNICACION-AMBIENTAL",
	"CONTRATO-MENOR",
	"DECLARACION-RESPONSABLE-OBRA",
	"LICENCIA-OBRA-MAYOR",
	"OBRA-MENOR",
	"OCUPACION-VIA-PUBLICA",
	"QUEJA-SUGERENCIA",
	"RECURSO-REPOSICION",
	"RESPONSABILIDAD-PATRIMONIAL",
	"SANCIONADOR",
	"SOLICITUD-GENERAL",
	"SUBVENCION",
}

func modelsByCode(t *testing.T) map[string]Definition {
	t.Helper()
	ms, err := Models()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]Definition{}
	for _, m := range ms {
		if _, dup := out[m.Code]; dup {
			t.Fatalf("model %s appears twice", m.Code)
		}
		out[m.Code] = m
	}
	return out
}

// TestModelCodes: the catalogue holds exactly the expected procedures, so a
// removed or stray file fails.
func TestModelCodes(t *testing.T) {
	byCode := modelsByCode(t)
	var got []string
	for c := range byCode {
		got = append(got, c)
	}
	slices.Sort(got)
	want := slices.Clone(wantModels)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("model codes:\n got  %v\n want %v", got, want)
	}
}

// TestModelLegalFigures: the plazos máximos, silence effects and ways of
// initiation that the law fixes.
func TestModelLegalFigures(t *testing.T) {
	byCode := modelsByCode(t)
	cases := []struct {
		code       string
		term       plazo.Term
		silence    Silence
		initiation Initiation
		basis      string // must be cited in the definition's basis
	}{
		// art. 91.3 Ley 39/2015
		{"RESPONSABILIDAD-PATRIMONIAL", plazo.Term{N: 6, Unit: plazo.Months}, SilenceDeny, EitherWay, "91"},
		// arts. 20.1 and 20.4 Ley 19/2013
		{"ACCESO-INFORMACION", plazo.Term{N: 1, Unit: plazo.Months}, SilenceDeny, ByRequest, "Ley 19/2013"},
		// art. 124.2 and art. 24.1 Ley 39/2015
		{"RECURSO-REPOSICION", plazo.Term{N: 1, Unit: plazo.Months}, SilenceDeny, ByRequest, "124"},
		// arts. 21.3 and 25.1.b Ley 39/2015
		{"SANCIONADOR", plazo.Term{N: 3, Unit: plazo.Months}, SilenceExpires, ByOffice, "25.1.b"},
		// arts. 21.3 and 24.1 Ley 39/2015
		{"SOLICITUD-GENERAL", plazo.Term{N: 3, Unit: plazo.Months}, SilenceGrant, ByRequest, "21"},
		// arts. 23.1, 25.4 and 25.5 Ley 38/2003
		{"SUBVENCION", plazo.Term{N: 6, Unit: plazo.Months}, SilenceDeny, ByOffice, "25.4"},
		// art. 11.4 TRLSRU: obras de nueva planta, acto expreso
		{"LICENCIA-OBRA-MAYOR", plazo.Term{N: 3, Unit: plazo.Months}, SilenceDeny, ByRequest, "11.4"},
		// art. 24.1 Ley 39/2015: facultades relativas al dominio público
		{"OCUPACION-VIA-PUBLICA", plazo.Term{N: 3, Unit: plazo.Months}, SilenceDeny, ByRequest, "24.1"},
		{"CEMENTERIO", plazo.Term{N: 3, Unit: plazo.Months}, SilenceDeny, ByRequest, "24.1"},
	}
	for _, c := range cases {
		m, ok := byCode[c.code]
		if !ok {
			t.Errorf("%s: missing", c.code)
			continue
		}
		if m.MaxTerm != c.term {
			t.Errorf("%s: plazo máximo %s, want %s", c.code, m.MaxTerm, c.term)
		}
		if m.Silence != c.silence {
			t.Errorf("%s: silencio %s, want %s", c.code, m.Silence, c.silence)
		}
		if m.Initiation != c.initiation {
			t.Errorf("%s: iniciación %s, want %s", c.code, m.Initiation, c.initiation)
		}
		if !strings.Contains(m.Basis, c.basis) {
			t.Errorf("%s: basis does not cite %q", c.code, c.basis)
		}
	}
	for _, code := range []string{"SANCIONADOR", "CONTRATO-MENOR"} {
		if m := byCode[code]; m.Sede || m.Initiation != ByOffice {
			t.Errorf("%s: de oficio and not in the sede, got initiation %s, sede %v", code, m.Initiation, m.Sede)
		}
	}
}

// emittedDocType are the ENI tipos documentales that may be emitted
// (TD01–TD20 and TD99; TD51–TD69 are an InSide-only extension).
var emittedDocType = regexp.MustCompile(`^TD(0[1-9]|1[0-9]|20|99)$`)

// TestModelShape: every model has a name, a summary, a basis and an area;
// a procedure a solicitud may start begins with the solicitud, offers a
// subsanación that is not required and ends with the resolución and its
// notificación; steps follow the order of the phases; templates use only
// the tipos documentales that may be emitted; each resolución template
// tells the recursos.
func TestModelShape(t *testing.T) {
	for code, m := range modelsByCode(t) {
		if m.Summary == "" || m.Basis == "" || m.Area == "" {
			t.Errorf("%s: summary, basis and area are required", code)
		}
		last := 0
		for _, s := range m.Steps {
			i := slices.Index(Phases, s.Phase)
			if i < last {
				t.Errorf("%s: step %s (%s) comes after a later phase", code, s.Code, s.Phase)
			}
			last = i
		}
		if m.Initiation != ByOffice {
			n := len(m.Steps)
			if m.Steps[0].Kind != StepRequest || !m.Steps[0].Required {
				t.Errorf("%s: the first step must be the required solicitud", code)
			}
			i := slices.IndexFunc(m.Steps, func(s Step) bool { return s.Kind == StepRemedy })
			if i < 0 || m.Steps[i].Required {
				t.Errorf("%s: needs a subsanación step that is not required", code)
			}
			if n < 2 || m.Steps[n-2].Kind != StepResolution || m.Steps[n-1].Kind != StepNotification ||
				!m.Steps[n-2].Required || !m.Steps[n-1].Required {
				t.Errorf("%s: must end with a required resolución and notificación", code)
			}
		}
		if !slices.ContainsFunc(m.Steps, func(s Step) bool { return s.Kind == StepResolution && s.Required }) {
			t.Errorf("%s: has no required resolución", code)
		}
		for _, tp := range m.Templates {
			if !emittedDocType.MatchString(tp.DocType) {
				t.Errorf("%s: template %s has tipo documental %s, not one that may be emitted", code, tp.Code, tp.DocType)
			}
			if tp.DocType == "TD01" && !strings.Contains(tp.Body, "recurso") {
				t.Errorf("%s: resolución %s does not tell the recursos", code, tp.Code)
			}
			if strings.Contains(tp.Body, "{{") && len(UnknownFields(tp.Body)) > 0 {
				t.Errorf("%s: template %s uses unknown fields %v", code, tp.Code, UnknownFields(tp.Body))
			}
		}
	}
}
