package signflow

import (
	"time"
)

// States of a request.
const (
	StateCirculating = "en_circulacion"
	StateSigned      = "firmada"
	StateRejected    = "rechazada"
	StateWithdrawn   = "retirada"
)

// Actions of a step.
const (
	ActionSign    = "firma"
	ActionApprove = "visto_bueno"
)

// Modes of a step with several people.
const (
	ModeAll = "todos" // each of them, in any order
	ModeAny = "uno"   // any one of them
)

// States of a person in a step.
const (
	SignerPending  = "pendiente"
	SignerSigned   = "firmado"
	SignerApproved = "visto"
	SignerRejected = "rechazado"
	SignerSkipped  = "omitido"
)

// How a signature was made.
const (
	HowCentral   = "centralizada"
	HowAutoFirma = "autofirma"
)

// Request is a document sent to a signing circuit.
type Request struct {
	EntityID, ID          string
	Title, Kind           string
	SourceType, SourceID  string
	State                 string
	Version, CurrentStep  int
	FileName, ContentType string
	Content               []byte
	AuthorID, AuthorName  string
	CreatedAt, UpdatedAt  time.Time
	FinishedAt            *time.Time
	RejectReason          string
	RejectedBy            string
	// CSV is the código seguro de verificación printed on the document
	// before the circuit (empty when the document has none).
	CSV     string
	Signers []Signer
	Steps   int
}

// Signer is one person of a step.
type Signer struct {
	Step, Position         int
	Action, Mode           string
	UserID, UserName, Post string
	SubstituteID           string
	State                  string
	ActedAt                *time.Time
	ActedBy, ActedByName   string
	OnBehalf               string
}

// Event is one line of a request's history.
type Event struct {
	Seq                int
	At                 time.Time
	ActorID, ActorName string
	What, Detail       string
}

// Delegation lets To sign From's documents between two days.
type Delegation struct {
	EntityID, ID       string
	FromUser, FromName string
	ToUser, ToName     string
	Starts, Ends       time.Time
	Reason             string
	CreatedAt          time.Time
	Revoked            bool
}

// kinds are the sorts of document, with their labels.
var kinds = []struct{ Code, Label string }{
	{"resolucion", "Resolución o decreto"},
	{"certificado", "Certificado"},
	{"acta", "Acta"},
	{"contrato", "Contrato o convenio"},
	{"informe", "Informe"},
	{"otro", "Otro documento"},
}

// KindLabel names the request's kind.
func (r Request) KindLabel() string {
	for _, k := range kinds {
		if k.Code == r.Kind {
			return k.Label
		}
	}
	return r.Kind
}

// StateLabel names the request's state.
func (r Request) StateLabel() string {
	switch r.State {
	case StateCirculating:
		return "En circulación"
	case StateSigned:
		return "Firmado"
	case StateRejected:
		return "Rechazado"
	case StateWithdrawn:
		return "Retirado"
	}
	return r.State
}

// Open reports whether the circuit still runs.
func (r Request) Open() bool { return r.State == StateCirculating }

// IsPDF reports whether the document is a PDF (signed in PAdES).
func (r Request) IsPDF() bool { return r.ContentType == "application/pdf" }

// StepList groups the signers by step, in order.
func (r Request) StepList() [][]Signer {
	var out [][]Signer
	for _, s := range r.Signers {
		if len(out) < s.Step {
			out = append(out, nil)
		}
		out[s.Step-1] = append(out[s.Step-1], s)
	}
	return out
}

// ActionLabel names the step's action.
func (s Signer) ActionLabel() string {
	if s.Action == ActionApprove {
		return "Visto bueno"
	}
	return "Firma"
}

// ModeLabel explains a step of several people.
func (s Signer) ModeLabel() string {
	if s.Mode == ModeAny {
		return "basta uno de ellos"
	}
	return "todos ellos"
}

// StateLabel names the person's state in the step.
func (s Signer) StateLabel() string {
	switch s.State {
	case SignerPending:
		return "Pendiente"
	case SignerSigned:
		return "Firmado"
	case SignerApproved:
		return "Visto bueno dado"
	case SignerRejected:
		return "Rechazado"
	case SignerSkipped:
		return "No hizo falta"
	}
	return s.State
}

// done reports whether the signer has acted (or needs not).
func (s Signer) done() bool { return s.State != SignerPending }
