package casefile

import (
	"encoding/json"
	"fmt"
	"time"

	"concejo/internal/platform/plazo"
	"concejo/internal/platform/web"
)

// State is the state of an expediente.
type State string

// The states of an expediente.
const (
	Started   State = "iniciado"
	Running   State = "tramitacion"
	Suspended State = "suspendido"
	Concluded State = "concluso"
	Resolved  State = "resuelto"
	Archived  State = "archivado"
)

// States lists the states in their order, with their Spanish names.
var States = []struct {
	State State
	Label string
}{
	{Started, "Iniciado"}, {Running, "En tramitación"}, {Suspended, "Suspendido"},
	{Concluded, "Concluso"}, {Resolved, "Resuelto"}, {Archived, "Archivado"},
}

// Label is the state's Spanish name.
func (s State) Label() string {
	for _, x := range States {
		if x.State == s {
			return x.Label
		}
	}
	return string(s)
}

// Open reports whether the expediente is still being processed (its plazo
// máximo runs or is suspended).
func (s State) Open() bool { return s == Started || s == Running || s == Suspended || s == Concluded }

// File is an expediente.
type File struct {
	EntityID, ID  string
	Year          int
	Seq           int64
	Number        string
	ProcedureID   string
	ProcedureName string
	Design        Definition
	Subject       string
	Initiation    Initiation
	State         State
	// StartedAt is the dies a quo of the plazo máximo: the entry of the
	// solicitud in the registro, or the acuerdo de iniciación.
	StartedAt   time.Time
	EntryID     string
	EntryNumber string
	MaxTerm     plazo.Term
	// Extended is the ampliación of the plazo máximo (art. 23), in the
	// unit of MaxTerm.
	Extended int
	Silence  Silence
	Urgent   bool
	// DueAt is the end of the plazo máximo with the suspensions lifted so
	// far; zero while a suspension is open.
	DueAt      time.Time
	AssigneeID string
	Unit       string
	FirstParty string
	CreatedBy  string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	ClosedAt   time.Time
}

// Party is an interesado or representante of an expediente.
type Party struct {
	Pos        int
	PartyID    string // the tercero, when linked
	DocNumber  string
	Name       string
	Role       string // "interesado" or "representante"
	Represents int    // pos of the interesado a representante acts for
	Channel    string // "electronica" or "papel"
	Obliged    bool   // obliged to electronic means (art. 14.2)
	Email      string
	Address    string
	AddedAt    time.Time
}

// ChannelLabel is the notification channel in Spanish.
func (p Party) ChannelLabel() string {
	if p.Channel == "papel" {
		return "Papel (no obligado a relacionarse electrónicamente)"
	}
	if p.Obliged {
		return "Electrónica (obligado, art. 14.2)"
	}
	return "Electrónica (elegida)"
}

// Task is a trámite of an expediente.
type Task struct {
	EntityID, ID, FileID string
	StepCode             string
	Name                 string
	Phase                Phase
	Kind                 StepKind
	Who                  Actor
	Required             bool
	State                string // pendiente, en_curso, hecho, descartado
	AssigneeID           string
	Term                 plazo.Term // N == 0 when the trámite has no plazo
	StartedAt, DueAt     time.Time
	DoneAt               time.Time
	DoneBy               string
	Note                 string
	Pos                  int
}

// StateLabel is the trámite's state in Spanish.
func (t Task) StateLabel() string {
	return map[string]string{"pendiente": "Pendiente", "en_curso": "En curso", "hecho": "Hecho",
		"descartado": "No procede"}[t.State]
}

// KindLabel is the trámite's kind in Spanish.
func (t Task) KindLabel() string { return KindLabel(t.Kind) }

// HasTerm reports whether the trámite has a plazo.
func (t Task) HasTerm() bool { return t.Term.N > 0 }

// Suspension is a suspension of the plazo máximo (art. 22).
type Suspension struct {
	Pos      int
	Cause    string
	Basis    string
	From     time.Time
	LiftedAt time.Time // zero while it lasts
	ByID     string
}

// Event is one line of the expediente's history.
type Event struct {
	Pos       int
	At        time.Time
	ActorID   string
	ActorName string
	Kind      string
	Text      string
}

// designJSON is a definition as stored with an expediente or procedure.
func designJSON(d Definition) (string, error) {
	b, err := json.Marshal(d)
	if err != nil {
		return "", fmt.Errorf("expedientes: guardar el diseño %s: %w", d.Code, err)
	}
	return string(b), nil
}

// readDesign is the inverse of designJSON.
func readDesign(s string) (Definition, error) {
	var d Definition
	if err := json.Unmarshal([]byte(s), &d); err != nil {
		return d, fmt.Errorf("expedientes: leer el diseño: %w", err)
	}
	return d, nil
}

// Term is the plazo máximo with its ampliación.
func (f File) Term() plazo.Term { return plazo.Term{N: f.MaxTerm.N + f.Extended, Unit: f.MaxTerm.Unit} }

// number formats an expediente's number: EXP2026/000123.
func number(year int, seq int64) string { return fmt.Sprintf("EXP%d/%06d", year, seq) }

// DueLabel is how the plazo máximo stands, for the expediente's page.
func (f File) DueLabel() string {
	switch {
	case !f.State.Open():
		return "Terminado"
	case f.DueAt.IsZero():
		return "Suspendido"
	}
	return "Vence el " + f.DueAt.In(web.Madrid).Format("02/01/2006")
}

// earliest is the first instant an act of the expediente may bear: its
// legal start, or its opening when that came first (a solicitud filed on a
// holiday starts its plazo the next día hábil, but is processed at once).
func (f File) earliest() time.Time {
	if f.CreatedAt.Before(f.StartedAt) {
		return f.CreatedAt
	}
	return f.StartedAt
}
