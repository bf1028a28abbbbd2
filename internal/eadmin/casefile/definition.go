package casefile

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"concejo/internal/platform/eni"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/plazo"
)

// Phase is a phase of the procedure (Ley 39/2015, Título IV).
type Phase string

// The phases, in the order a procedure goes through them.
const (
	PhaseStart   Phase = "iniciacion"   // arts. 54–69
	PhaseOrder   Phase = "ordenacion"   // arts. 70–74
	PhaseInquiry Phase = "instruccion"  // arts. 75–83
	PhaseEnd     Phase = "finalizacion" // arts. 84–95
)

// Phases lists the phases in order.
var Phases = []Phase{PhaseStart, PhaseOrder, PhaseInquiry, PhaseEnd}

// Label is the phase's name in Spanish.
func (p Phase) Label() string {
	return map[Phase]string{PhaseStart: "Iniciación", PhaseOrder: "Ordenación", PhaseInquiry: "Instrucción",
		PhaseEnd: "Finalización"}[p]
}

// Silence is what the expiry of the maximum plazo without a notified
// resolution means (arts. 24 and 25).
type Silence string

// The effects of silence.
const (
	SilenceGrant   Silence = "estimatorio"    // art. 24.1: the rule for solicitudes
	SilenceDeny    Silence = "desestimatorio" // art. 24.1 exceptions, art. 25.1.a
	SilenceExpires Silence = "caducidad"      // art. 25.1.b: sancionador, intervención
)

// Label is the effect in Spanish, as the expediente shows it.
func (s Silence) Label() string {
	return map[Silence]string{SilenceGrant: "Estimatorio", SilenceDeny: "Desestimatorio",
		SilenceExpires: "Caducidad del procedimiento"}[s]
}

// Initiation is how an expediente of a procedure may start (arts. 54–69).
type Initiation string

// The ways of initiation.
const (
	ByRequest Initiation = "solicitud" // a solicitud del interesado
	ByOffice  Initiation = "oficio"    // de oficio
	EitherWay Initiation = "ambas"
)

// StepKind is what a trámite does; it decides what the expediente offers
// at that step (a requerimiento starts a suspension, a resolución goes to
// the libro de resoluciones, a notificación is sent to the interesados).
type StepKind string

// The kinds of trámite.
const (
	StepRequest      StepKind = "solicitud"           // the solicitud and its documents come in
	StepRemedy       StepKind = "subsanacion"         // requerimiento de subsanación (art. 68)
	StepReport       StepKind = "informe"             // informe técnico o jurídico (art. 80)
	StepHearing      StepKind = "audiencia"           // trámite de audiencia (art. 82)
	StepPublicInfo   StepKind = "informacion_publica" // información pública (art. 83)
	StepProposal     StepKind = "propuesta"           // propuesta de resolución (art. 88)
	StepResolution   StepKind = "resolucion"          // resolución (decreto) o acuerdo
	StepNotification StepKind = "notificacion"        // notificación de un acto (arts. 40–46)
	StepPayment      StepKind = "pago"                // liquidación o pago de tasas
	StepPublication  StepKind = "publicacion"         // tablón, boletín, perfil del contratante
	StepOther        StepKind = "otro"
)

// StepKinds lists the kinds with their Spanish names, in the order a form
// offers them.
var StepKinds = []struct {
	Kind  StepKind
	Label string
}{
	{StepRequest, "Solicitud"}, {StepRemedy, "Requerimiento de subsanación"}, {StepReport, "Informe"},
	{StepHearing, "Audiencia a los interesados"}, {StepPublicInfo, "Información pública"},
	{StepProposal, "Propuesta de resolución"}, {StepResolution, "Resolución"},
	{StepNotification, "Notificación"}, {StepPayment, "Liquidación o pago"},
	{StepPublication, "Publicación"}, {StepOther, "Otro trámite"},
}

// Actor is who carries out a trámite.
type Actor string

// The actors of a trámite.
const (
	ByClerk     Actor = "tramitador" // the person the expediente is assigned to
	ByManager   Actor = "gestor"     // the manager of the procedure (starts, assigns, proposes)
	ByCitizen   Actor = "interesado" // the interesado (answers a requerimiento, alegaciones)
	ByTechnical Actor = "tecnico"    // a technician's report
	ByOrgan     Actor = "organo"     // the competent organ (Alcaldía, Junta de Gobierno, Pleno)
)

// Step is a trámite of a procedure's design.
type Step struct {
	// Code identifies the step within its procedure (lower case, digits
	// and hyphens).
	Code  string   `json:"code"`
	Name  string   `json:"name"`
	Phase Phase    `json:"phase"`
	Kind  StepKind `json:"kind"`
	Who   Actor    `json:"who"`
	// Term is the plazo of the trámite (nil when the law sets none).
	Term *plazo.Term `json:"term,omitempty"`
	// Required steps must be done (or dropped with a reason) before the
	// expediente is resolved.
	Required bool `json:"required"`
	// Template is the code of the document template the step issues.
	Template string `json:"template,omitempty"`
	// Basis is the legal basis of the step ("art. 68 Ley 39/2015").
	Basis string `json:"basis,omitempty"`
}

// Template is a document template with merge fields: {{campo}} is replaced
// by the expediente's data (see MergeFields) when a document is generated,
// and the clerk may edit the text before issuing it.
type Template struct {
	Code string `json:"code"`
	Name string `json:"name"`
	// DocType is the ENI tipo documental (TD01…TD99).
	DocType string `json:"doc_type"`
	Body    string `json:"body"`
}

// Definition is a procedure's design: a model of the Diputación, or an
// entity's procedure adopted from one (and adapted) or made from scratch.
type Definition struct {
	// Code identifies the procedure in its catalogue (upper case letters,
	// digits and hyphens, e.g. "OBRA-MENOR").
	Code    string `json:"code"`
	Name    string `json:"name"`
	Summary string `json:"summary"`
	// Area is the municipal area that handles it (Urbanismo, Secretaría…).
	Area       string     `json:"area"`
	Initiation Initiation `json:"initiation"`
	// MaxTerm is the plazo máximo para resolver y notificar (art. 21).
	MaxTerm plazo.Term `json:"max_term"`
	Silence Silence    `json:"silence"`
	// Basis is the procedure's legal basis (laws, ordenanzas).
	Basis string `json:"basis"`
	// Requirements are the documents a solicitante attaches.
	Requirements []string `json:"requirements,omitempty"`
	// Sede says whether the sede electrónica offers it to citizens.
	Sede      bool       `json:"sede"`
	Steps     []Step     `json:"steps"`
	Templates []Template `json:"templates,omitempty"`
}

// MergeFields are the fields a template may use, with what each becomes.
var MergeFields = map[string]string{
	"entidad":              "Nombre de la entidad",
	"municipio":            "Municipio de la entidad",
	"organo":               "Órgano competente (Alcaldía-Presidencia)",
	"alcalde":              "Nombre del alcalde o presidente",
	"expediente":           "Número del expediente",
	"asunto":               "Asunto del expediente",
	"procedimiento":        "Nombre del procedimiento",
	"fecha_inicio":         "Fecha de iniciación (entrada de la solicitud o acuerdo)",
	"registro":             "Número del asiento de entrada de la solicitud",
	"interesado":           "Nombre del interesado principal",
	"interesado_documento": "NIF, NIE o CIF del interesado principal",
	"interesado_direccion": "Domicilio del interesado principal",
	"representante":        "Nombre del representante, si lo hay",
	"plazo_maximo":         "Plazo máximo para resolver y notificar",
	"fecha_vencimiento":    "Fecha en que vence el plazo máximo",
	"silencio":             "Efecto del silencio administrativo",
	"fecha":                "Fecha del día en que se genera el documento",
	"plazo_tramite":        "Plazo del trámite que genera el documento",
}

var (
	codeRE     = regexp.MustCompile(`^[A-Z0-9][A-Z0-9-]{1,29}$`)
	stepCodeRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)
	fieldRE    = regexp.MustCompile(`\{\{\s*([^{}]*?)\s*\}\}`)
)

// Validate checks a definition: codes, names, the plazo máximo (a
// countable term, not in hours), the effect of
// silence, every step's phase, kind, actor and term, and that each template
// a step names exists and uses only known merge fields. Its error is an
// errs.Fields with Spanish messages.
func (d Definition) Validate() error {
	fe := errs.Fields{}
	if !codeRE.MatchString(d.Code) {
		fe.Add("codigo", "El código ha de tener de 2 a 30 letras mayúsculas, cifras o guiones (p. ej. OBRA-MENOR).")
	}
	if n := len([]rune(strings.TrimSpace(d.Name))); n < 3 || n > 200 {
		fe.Add("nombre", "El nombre ha de tener entre 3 y 200 caracteres.")
	}
	if !slices.Contains([]Initiation{ByRequest, ByOffice, EitherWay}, d.Initiation) {
		fe.Add("iniciacion", "Indique si se inicia a solicitud del interesado, de oficio o de ambas formas.")
	}
	if err := d.MaxTerm.Validate(); err != nil {
		fe.Check("plazo_maximo", err)
	} else if d.MaxTerm.Unit == plazo.Hours {
		fe.Add("plazo_maximo", "El plazo máximo para resolver no se expresa en horas.")
	}
	if d.Silence.Label() == "" {
		fe.Add("silencio", "Indique el efecto del silencio: estimatorio, desestimatorio o caducidad.")
	}
	if len(d.Steps) == 0 {
		fe.Add("tramites", "El procedimiento ha de tener al menos un trámite.")
	}
	templates := map[string]bool{}
	for i, t := range d.Templates {
		key := fmt.Sprintf("plantilla_%d", i+1)
		switch {
		case !stepCodeRE.MatchString(t.Code) || templates[t.Code]:
			fe.Add(key, fmt.Sprintf("La plantilla %d ha de tener un código único en minúsculas, cifras o guiones.", i+1))
		case strings.TrimSpace(t.Name) == "" || strings.TrimSpace(t.Body) == "":
			fe.Add(key, fmt.Sprintf("La plantilla %s ha de tener nombre y texto.", t.Code))
		case !eni.ValidDocType(t.DocType):
			fe.Add(key, fmt.Sprintf("El tipo documental de la plantilla %s no es un tipo ENI (TD01…TD20 o TD99).", t.Code))
		}
		if bad := UnknownFields(t.Body); len(bad) > 0 {
			fe.Add(key, fmt.Sprintf("La plantilla %s usa campos que no existen: %s.", t.Code, strings.Join(bad, ", ")))
		}
		templates[t.Code] = true
	}
	seen := map[string]bool{}
	for i, s := range d.Steps {
		key := fmt.Sprintf("tramite_%d", i+1)
		if msg := s.problem(seen, templates); msg != "" {
			fe.Add(key, fmt.Sprintf("Trámite %d: %s", i+1, msg))
		}
		seen[s.Code] = true
	}
	return fe.Err()
}

// problem is what is wrong with a step, in Spanish, or "".
func (s Step) problem(seen, templates map[string]bool) string {
	switch {
	case !stepCodeRE.MatchString(s.Code):
		return "el código ha de tener minúsculas, cifras o guiones."
	case seen[s.Code]:
		return "el código " + s.Code + " está repetido."
	case strings.TrimSpace(s.Name) == "":
		return "falta el nombre."
	case s.Phase.Label() == "":
		return "la fase ha de ser iniciación, ordenación, instrucción o finalización."
	case KindLabel(s.Kind) == "":
		return "el tipo de trámite no es válido."
	case !slices.Contains([]Actor{ByClerk, ByManager, ByCitizen, ByTechnical, ByOrgan}, s.Who):
		return "indique quién lo hace: tramitador, gestor, interesado, técnico u órgano."
	case s.Template != "" && !templates[s.Template]:
		return "la plantilla " + s.Template + " no existe."
	}
	if s.Term != nil {
		if err := s.Term.Validate(); err != nil {
			return err.Error()
		}
	}
	return ""
}

// KindLabel is the Spanish name of a kind of trámite, or "" when unknown.
func KindLabel(k StepKind) string {
	for _, x := range StepKinds {
		if x.Kind == k {
			return x.Label
		}
	}
	return ""
}

// UnknownFields lists the {{campos}} of body that are not merge fields.
func UnknownFields(body string) []string {
	var bad []string
	for _, m := range fieldRE.FindAllStringSubmatch(body, -1) {
		if _, ok := MergeFields[m[1]]; !ok && !slices.Contains(bad, m[1]) {
			bad = append(bad, m[1])
		}
	}
	return bad
}

// Merge replaces each {{campo}} of body by its value in values; a field
// without a value is left visible as "[campo]" so the clerk sees what to
// fill in before issuing.
func Merge(body string, values map[string]string) string {
	return fieldRE.ReplaceAllStringFunc(body, func(m string) string {
		name := fieldRE.FindStringSubmatch(m)[1]
		if v := values[name]; v != "" {
			return v
		}
		return "[" + name + "]"
	})
}

// parseDefinition reads and validates one definition in JSON.
func parseDefinition(data []byte) (Definition, error) {
	var d Definition
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return d, errs.New(errs.Invalid, "El procedimiento no es un JSON válido: "+jsonProblem(err)+". Corríjalo y vuelva a subirlo.")
	}
	return d, d.Validate()
}

// KindLabel is the step's kind in Spanish.
func (s Step) KindLabel() string { return KindLabel(s.Kind) }

// WhoLabel is who carries the step out, in Spanish.
func (s Step) WhoLabel() string {
	return map[Actor]string{ByClerk: "Tramitador", ByManager: "Gestor del procedimiento", ByCitizen: "Interesado",
		ByTechnical: "Técnico", ByOrgan: "Órgano competente"}[s.Who]
}

// jsonProblem says in Spanish what is wrong in a definition that does not
// decode (the decoder's own errors are English).
func jsonProblem(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return "el fichero está vacío"
	case errors.As(err, &syntax):
		return fmt.Sprintf("hay un error de sintaxis cerca del carácter %d", syntax.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("el valor de «%s» no es del tipo esperado", typ.Field)
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return "el campo " + strings.Trim(f, `"`) + " no existe"
	}
	return "no se puede leer"
}
