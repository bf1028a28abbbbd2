package sessions

import (
	"fmt"
	"time"

	"concejo/internal/platform/errs"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/phrase"
	"concejo/internal/platform/validate"
	"concejo/internal/platform/web"
)

// Kinds of órgano.
const (
	OrganPleno = "pleno"
	OrganJunta = "junta"
)

// Roles of a member in an órgano.
const (
	RolePresident = "presidente"
	RoleMember    = "miembro"
	RoleSecretary = "secretario"
)

// Kinds of session (ROF arts. 77-79).
const (
	KindOrdinary      = "ordinaria"
	KindExtraordinary = "extraordinaria"
	KindUrgent        = "urgente"
)

// States of a session.
const (
	StateConvened = "convocada"
	StateHeld     = "celebrada"
	StateApproved = "acta_aprobada"
)

// Attendance of a member.
const (
	Present = "presente"
	Excused = "excusado"
	Absent  = "ausente"
)

// Kinds of item of the orden del día.
const (
	ItemFile    = "expediente"
	ItemActa    = "acta"
	ItemMotion  = "asunto"
	ItemInfo    = "informativo"
	ItemUrgency = "urgencia"
)

// Results of an item.
const (
	Approved  = "aprobado"
	Rejected  = "rechazado"
	Withdrawn = "retirado"
	Tabled    = "sobre la mesa"
	Noted     = "enterado"
)

// Limits of the fields.
const (
	maxShort = 200
	maxTitle = 500
	maxText  = 200_000
)

// Organ is a collegiate body of an entity.
type Organ struct {
	EntityID, ID, Kind, Name string
	// LegalMembers is the número legal de miembros: the base of the quórum
	// and of the mayoría absoluta.
	LegalMembers int
	UpdatedAt    time.Time
	UpdatedBy    string
}

// KindLabel names the kind of órgano.
func (o Organ) KindLabel() string {
	if o.Kind == OrganJunta {
		return "Junta de Gobierno Local"
	}
	return "Pleno"
}

// Quorum is how many of the legal members must be present for the órgano
// to meet and vote, the Presidente among them (the Secretario besides).
// Pleno: one third of the legal number, never fewer than 3 (LBRL art.
// 46.2.c, ROF art. 90). Junta de Gobierno Local: more than half of its
// members — UNVERIFIED: ROF art. 113 is read so here until a secretary
// confirms it; change it in this one place.
func (o Organ) Quorum() int {
	if o.Kind == OrganJunta {
		return o.LegalMembers/2 + 1
	}
	return max(3, (o.LegalMembers+2)/3)
}

// Absolute is the mayoría absoluta: more than half of the legal number.
func (o Organ) Absolute() int { return o.LegalMembers/2 + 1 }

// Member is a member of an órgano (or its Secretario).
type Member struct {
	EntityID, ID, OrganID string
	Pos                   int
	Role                  string
	Name, Post, Group     string
	Email                 string
	Active                bool
}

// Label is the member as an acta names him: name, post and group.
func (m Member) Label() string {
	s := m.Name + " (" + m.Post
	if m.Group != "" {
		s += ", " + m.Group
	}
	return s + ")"
}

// Votes reports whether the member is one of the legal members (the
// Secretario is not).
func (m Member) Votes() bool { return m.Role != RoleSecretary }

// RoleLabel names the role.
func (m Member) RoleLabel() string {
	switch m.Role {
	case RolePresident:
		return "Presidente"
	case RoleSecretary:
		return "Secretario"
	}
	return "Miembro"
}

// Session is a session of an órgano.
type Session struct {
	EntityID, ID, OrganID string
	Year                  int
	Kind, State           string
	StartsAt              time.Time
	Place                 string
	ConvenedAt            time.Time
	ConvenedBy            string
	ConvenedByName        string
	// ConvocationCSV is the code of the convocatoria's PDF.
	ConvocationCSV string
	// OpenedAt and ClosedAt are when the session began and was closed
	// (zero until the attendance, and until it is closed).
	OpenedAt, ClosedAt time.Time
	// Acta is the text of the acta (draft until approved) and ActaCSV the
	// code of its PDF once approved.
	Acta, ActaCSV string
	ApprovedAt    time.Time
	// ApprovedIn is the session that approved the acta.
	ApprovedIn string
	UpdatedAt  time.Time
	// OrganName and OrganKind are read with the session.
	OrganName, OrganKind string
}

// KindLabel is the kind of session in Spanish.
func (s Session) KindLabel() string { return kindLabel(s.Kind) }

func kindLabel(k string) string {
	switch k {
	case KindExtraordinary:
		return "extraordinaria"
	case KindUrgent:
		return "extraordinaria y urgente"
	}
	return "ordinaria"
}

// StateLabel is the state in Spanish.
func (s Session) StateLabel() string {
	switch s.State {
	case StateHeld:
		return "Celebrada (acta en borrador)"
	case StateApproved:
		return "Acta aprobada"
	}
	return "Convocada"
}

// Title is "Sesión ordinaria del Pleno de 26 de noviembre de 2026".
func (s Session) Title() string {
	return fmt.Sprintf("Sesión %s %s de %s", s.KindLabel(), phrase.Of(organOf(s.OrganKind, s.OrganName)), pdf.SpanishDate(s.StartsAt))
}

// organOf is how a title names the órgano: "Pleno", or its name.
func organOf(kind, name string) string {
	if name == "" {
		if kind == OrganJunta {
			return "Junta de Gobierno Local"
		}
		return "Pleno"
	}
	return name
}

// When is the date and time, dd/mm/aaaa a las hh:mm (Madrid).
func (s Session) When() string {
	t := s.StartsAt.In(web.Madrid)
	return t.Format("02/01/2006") + " a las " + t.Format("15:04")
}

// Held reports whether the session was closed (celebrada).
func (s Session) Held() bool { return s.State != StateConvened }

// Item is a point of the orden del día.
type Item struct {
	EntityID, ID, SessionID string
	Pos                     int
	Kind, Title             string
	FileID, FileNumber      string
	ActaSessionID           string
	// Absolute says the acuerdo needs the mayoría absoluta; Resolves that
	// the acuerdo resolves its expediente.
	Absolute, Resolves bool
	Result             string
	For, Against       int
	Abstentions        int
	// Agreement is the parte dispositiva of the acuerdo.
	Agreement string
	// CertificateCSV is the code of the certificado del acuerdo, and
	// Recorded says it reached the expediente.
	CertificateCSV string
	Recorded       bool
}

// Voted reports whether the item is voted (not a dación de cuenta).
func (it Item) Voted() bool { return it.Kind != ItemInfo }

// Done reports whether the item has a result.
func (it Item) Done() bool { return it.Result != "" }

// Adopted reports whether a vote adopted an acuerdo (approved or rejected).
func (it Item) Adopted() bool { return it.Result == Approved || it.Result == Rejected }

// ResultLabel is the result in Spanish.
func (it Item) ResultLabel() string {
	switch it.Result {
	case "":
		return "Pendiente"
	case Approved:
		return "Aprobado"
	case Rejected:
		return "Rechazado"
	case Withdrawn:
		return "Retirado"
	case Tabled:
		return "Queda sobre la mesa"
	}
	return "Se da cuenta"
}

// VotesLabel is "9 votos a favor, 4 en contra y 2 abstenciones".
func (it Item) VotesLabel() string {
	if !it.Adopted() {
		return ""
	}
	return fmt.Sprintf("%s a favor, %d en contra y %s", plural(it.For, "voto", "votos"), it.Against,
		plural(it.Abstentions, "abstención", "abstenciones"))
}

// MajorityLabel is the majority the item needs.
func (it Item) MajorityLabel() string {
	if it.Absolute {
		return "mayoría absoluta"
	}
	return "mayoría simple"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// decide is the result of a vote: the mayoría simple (more votes for than
// against) or, when the item needs it, the mayoría absoluta (more votes
// for than half of the legal number). A tie rejects: the Presidente's
// voto de calidad (ROF art. 100.2) is recorded by counting it.
func decide(o Organ, it Item, favor, against int) string {
	if it.Absolute {
		if favor >= o.Absolute() {
			return Approved
		}
		return Rejected
	}
	if favor > against {
		return Approved
	}
	return Rejected
}

// checkText adds to fe, under field, the problems validate.Text finds.
func checkText(fe *errs.Fields, field, v, label string, required bool, max int) {
	fe.Check(field, validate.Text(v, label, required, max))
}

// legalMembers is the number of concejales of a municipality by its
// population (LOREG art. 179.1): the default número legal of its Pleno.
func legalMembers(population int64) int {
	switch {
	case population <= 100:
		return 3
	case population <= 250:
		return 5
	case population <= 1000:
		return 7
	case population <= 2000:
		return 9
	case population <= 5000:
		return 11
	case population <= 10000:
		return 13
	case population <= 20000:
		return 17
	case population <= 50000:
		return 21
	case population <= 100000:
		return 25
	}
	n := 25 + int((population-100000+99999)/100000)
	if n%2 == 0 {
		n++
	}
	return n
}

// Opened reports whether the attendance was recorded (the session began).
func (s Session) Opened() bool { return !s.OpenedAt.IsZero() }

// ActaParagraphs are the paragraphs of the acta.
func (s Session) ActaParagraphs() []string { return paragraphs(s.Acta) }
