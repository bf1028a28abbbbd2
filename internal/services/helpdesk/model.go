package helpdesk

import (
	"database/sql"
	"fmt"
	"time"
)

// option is one choice of a select.
type option struct{ Value, Label string }

// Ticket states.
const (
	StateNew      = "nueva"
	StateAssigned = "asignada"
	StateWorking  = "en_curso"
	StateWaiting  = "pendiente"
	StateResolved = "resuelta"
	StateClosed   = "cerrada"
	StateReopened = "reabierta"
)

var states = []option{{StateNew, "Nueva"}, {StateAssigned, "Asignada"}, {StateWorking, "En curso"},
	{StateWaiting, "Pendiente del usuario"}, {StateResolved, "Resuelta"}, {StateClosed, "Cerrada"},
	{StateReopened, "Reabierta"}}

var categories = []option{{"consulta", "Consulta"}, {"error", "Error"}, {"peticion", "Petición"}}

var priorities = []option{{"baja", "Baja"}, {"normal", "Normal"}, {"alta", "Alta"}, {"urgente", "Urgente"}}

var channels = []option{{"web", "Web"}, {"telefono", "Teléfono"}, {"correo", "Correo electrónico"}, {"operador", "Operador TIC"}}

func label(opts []option, v string) string {
	for _, o := range opts {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}

func valid(opts []option, v string) bool {
	for _, o := range opts {
		if o.Value == v {
			return true
		}
	}
	return false
}

// open reports whether a ticket in state s still needs work.
func open(s string) bool { return s != StateResolved && s != StateClosed }

// Ticket is a support request.
type Ticket struct {
	EntityID, ID, Number                string
	Year                                int
	RequesterID                         string
	RequesterName, RequesterEmail       string
	RequesterPhone                      string
	ServiceCode, Category, Priority     string
	Channel, State                      string
	Level                               int
	AssigneeID, AssigneeName            string
	Subject, Body, ReplyToken           string
	SLAResponseMin, SLAResolutionMin    int
	ResponseDue, ResolutionDue          time.Time
	PausedSince                         time.Time
	PausedWorkMin                       int64
	FirstResponseAt, ResolvedAt, Closed time.Time
	ResponseWorkMin, ResolutionWorkMin  int64
	HasResponseWork, HasResolutionWork  bool
	Rating                              int
	RatingComment                       string
	RatedAt, CreatedAt, UpdatedAt       time.Time
	CreatedBy                           string
	EntityName, EntityINE, ServiceName  string
}

func (t Ticket) StateLabel() string    { return label(states, t.State) }
func (t Ticket) CategoryLabel() string { return label(categories, t.Category) }
func (t Ticket) PriorityLabel() string { return label(priorities, t.Priority) }
func (t Ticket) ChannelLabel() string  { return label(channels, t.Channel) }

// Open reports whether the ticket still needs work.
func (t Ticket) Open() bool { return open(t.State) }

// LevelLabel names the support level.
func (t Ticket) LevelLabel() string {
	if t.Level >= 2 {
		return "Segundo nivel (Diputación)"
	}
	return "Primer nivel"
}

// ServiceLabel is the service's name or "Otros".
func (t Ticket) ServiceLabel() string {
	if t.ServiceName != "" {
		return t.ServiceName
	}
	return "Otras consultas"
}

// measured returns the working minutes to the first response and to the
// resolution, and the rating, each nil while it is not recorded.
func (t Ticket) measured() (responseMin, resolutionMin, rating any) {
	if t.HasResponseWork {
		responseMin = t.ResponseWorkMin
	}
	if t.HasResolutionWork {
		resolutionMin = t.ResolutionWorkMin
	}
	if t.Rating > 0 {
		rating = t.Rating
	}
	return responseMin, resolutionMin, rating
}

// SLA states of a ticket, shown as text (and an icon-like mark), not only colour.
const (
	slaOK      = "en_plazo"
	slaNear    = "proxima"
	slaLate    = "vencida"
	slaPaused  = "en_pausa"
	slaMet     = "cumplido"
	slaMissed  = "incumplido"
	slaNoLimit = ""
)

// SLAState says how the ticket stands against its limits at now: the
// worst of its running limits (Standings), or how its resolution went once
// closed, or paused while waiting for the user.
func (t Ticket) SLAState(now time.Time) string {
	if !t.Open() {
		if t.HasResolutionWork && t.ResolutionWorkMin <= int64(t.SLAResolutionMin) {
			return slaMet
		}
		if t.HasResolutionWork {
			return slaMissed
		}
		return slaNoLimit
	}
	st := t.Standings(now)
	if len(st) == 0 {
		return slaPaused
	}
	worst := slaOK
	for _, s := range st {
		if s.State == slaLate || s.State == slaNear && worst == slaOK {
			worst = s.State
		}
	}
	return worst
}

// SLALabel is the Spanish text of SLAState.
func (t Ticket) SLALabel(now time.Time) string {
	switch t.SLAState(now) {
	case slaOK:
		return "En plazo"
	case slaNear:
		return "⚠ Vence pronto"
	case slaLate:
		return "‼ Vencida"
	case slaPaused:
		return "En pausa (esperando al usuario)"
	case slaMet:
		return "Resuelta en plazo"
	case slaMissed:
		return "Resuelta fuera de plazo"
	}
	return ""
}

// Message is a public reply or internal note.
type Message struct {
	ID, Kind, AuthorName, Body string
	FromSupport                bool
	CreatedAt                  time.Time
	Attachments                []Attachment
}

// Internal reports whether the message is an internal note.
func (m Message) Internal() bool { return m.Kind == "nota" }

// Attachment is a file of a ticket.
type Attachment struct {
	ID, MessageID, Filename, ContentType string
	Size                                 int64
	Internal                             bool
	CreatedAt                            time.Time
}

// Call is a logged phone call.
type Call struct {
	ID, TicketID, TicketNumber, EntityID string
	EntityName                           string
	CallerName, CallerPhone, Summary     string
	DurationSec                          int
	TakenByName                          string
	TakenAt                              time.Time
}

// Duration is the call's length as m:ss.
func (c Call) Duration() string { return callLength(c.DurationSec) }

// callLength writes seconds as m:ss ("4:30").
func callLength(sec int) string { return fmt.Sprintf("%d:%02d", sec/60, sec%60) }

// HistoryLine is one line of a ticket's history.
type HistoryLine struct {
	At        time.Time
	ActorName string
	What      string
}

// nullTime converts a nullable timestamp.
func nullTime(n sql.NullTime) time.Time {
	if n.Valid {
		return n.Time.UTC()
	}
	return time.Time{}
}

// nt is t as a query argument: NULL when zero.
func nt(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}
