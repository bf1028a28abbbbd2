package signflow

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/validate"
	"concejo/internal/platform/web"
)

// Limits of a request.
const (
	maxTitle    = 250
	maxReason   = 2000
	maxSteps    = 8
	maxPerStep  = 10
	MaxDocument = 20 << 20
)

// StepSpec is one step of a circuit as its author asks it.
type StepSpec struct {
	Action, Mode string
	Users        []string
	// Substitutes maps a person of the step to who may act in his place.
	Substitutes map[string]string
}

// Submission is a document sent to a circuit.
type Submission struct {
	EntityID, Title, Kind string
	SourceType, SourceID  string
	FileName, ContentType string
	Content               []byte
	CSV                   string
	Steps                 []StepSpec
}

// errClosed is acting on a circuit that is over.
var errClosed = errs.New(errs.Conflict, "El circuito de firma de este documento ya terminó: no admite más firmas.")

// checkSubmission validates a submission and builds its circuit with the
// names and posts of its people, who must hold PermSign in the entity.
func (m *Module) checkSubmission(ctx context.Context, s *Submission) ([]Signer, error) {
	var fe errs.Fields
	s.Title = strings.TrimSpace(s.Title)
	fe.Check("titulo", validate.Text(s.Title, "El asunto", true, maxTitle))
	if !validKind(s.Kind) {
		fe.Add("tipo", "Elija el tipo de documento.")
	}
	switch {
	case len(s.Content) == 0:
		fe.Add("documento", "Adjunte el documento que se va a firmar.")
	case len(s.Content) > MaxDocument:
		fe.Add("documento", fmt.Sprintf("El documento ocupa más de %d MB, el máximo.", MaxDocument>>20))
	}
	if pdf.IsPDF(s.Content) {
		s.ContentType = "application/pdf"
	} else if s.ContentType == "" || s.ContentType == "application/pdf" {
		s.ContentType = http.DetectContentType(s.Content)
	}
	var out []Signer
	signs := false
	if len(s.Steps) == 0 {
		fe.Add("paso1", "El circuito necesita al menos un paso con una persona que firme.")
	}
	if len(s.Steps) > maxSteps {
		fe.Add("paso1", fmt.Sprintf("Un circuito tiene como mucho %d pasos.", maxSteps))
	}
	for i, st := range s.Steps {
		field := fmt.Sprintf("paso%d", i+1)
		if st.Action != ActionSign && st.Action != ActionApprove {
			fe.Add(field, fmt.Sprintf("Paso %d: elija si es de firma o de visto bueno.", i+1))
			continue
		}
		if st.Mode == "" {
			st.Mode = ModeAll
		}
		if st.Mode != ModeAll && st.Mode != ModeAny {
			fe.Add(field, fmt.Sprintf("Paso %d: elija si firman todos o basta uno.", i+1))
			continue
		}
		if len(st.Users) == 0 || len(st.Users) > maxPerStep {
			fe.Add(field, fmt.Sprintf("Paso %d: elija entre 1 y %d personas.", i+1, maxPerStep))
			continue
		}
		signs = signs || st.Action == ActionSign
		for j, u := range st.Users {
			mb, ok, err := m.signerMember(ctx, s.EntityID, u)
			if err != nil {
				return nil, err
			}
			if !ok {
				fe.Add(field, fmt.Sprintf("Paso %d: una de las personas no puede firmar en el portafirmas de la entidad.", i+1))
				break
			}
			sub := st.Substitutes[u]
			if sub != "" {
				if _, ok, err := m.signerMember(ctx, s.EntityID, sub); err != nil {
					return nil, err
				} else if !ok || sub == u {
					fe.Add(field, fmt.Sprintf("Paso %d: el suplente de %s no puede firmar en el portafirmas de la entidad.", i+1, mb.Name()))
					break
				}
			}
			out = append(out, Signer{Step: i + 1, Position: j + 1, Action: st.Action, Mode: st.Mode, UserID: u,
				UserName: mb.Name(), Post: mb.JobTitle, SubstituteID: sub, State: SignerPending})
		}
	}
	if len(s.Steps) > 0 && !signs && len(fe) == 0 {
		fe.Add("paso1", "El circuito necesita al menos un paso de firma: el visto bueno no firma el documento.")
	}
	return out, fe.Err()
}

func validKind(k string) bool {
	for _, x := range kinds {
		if x.Code == k {
			return true
		}
	}
	return false
}

// signerMember reads a member of the entity and whether he holds PermSign.
func (m *Module) signerMember(ctx context.Context, entityID, userID string) (directory.Member, bool, error) {
	mb, err := directory.MemberOf(ctx, m.kit.DB, entityID, userID)
	if errors.Is(err, db.ErrNotFound) {
		return mb, false, nil
	}
	if err != nil || !mb.Active() {
		return mb, false, err
	}
	roles, err := directory.ActiveRoles(ctx, m.kit.DB, entityID, userID, Service)
	return mb, len(roles) > 0, err
}

// submit creates a request and starts its circuit.
func (m *Module) submit(ctx context.Context, a *auth.Actor, s Submission) (Request, error) {
	signers, err := m.checkSubmission(ctx, &s)
	if err != nil {
		return Request{}, err
	}
	now := m.kit.Now()
	r := Request{EntityID: s.EntityID, ID: id.New(), Title: s.Title, Kind: s.Kind, SourceType: s.SourceType,
		SourceID: s.SourceID, State: StateCirculating, Version: 1, CurrentStep: 1, FileName: cleanName(s.FileName),
		ContentType: s.ContentType, Content: s.Content, AuthorID: a.UserID, AuthorName: a.Name, CreatedAt: now,
		UpdatedAt: now, Signers: signers, CSV: s.CSV}
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := insertRequest(ctx, tx, r); err != nil {
			return err
		}
		if err := m.event(ctx, tx, r, Event{At: now, ActorID: a.UserID, ActorName: a.Name, What: "Enviado a la firma",
			Detail: circuitSummary(signers)}); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, change(r, "portafirmas.enviar", nil, auditView(r)))
	})
	return r, err
}

// circuitSummary describes a circuit in one line.
func circuitSummary(signers []Signer) string {
	var b strings.Builder
	step := 0
	for _, s := range signers {
		if s.Step != step {
			if step != 0 {
				b.WriteString("; ")
			}
			step = s.Step
			fmt.Fprintf(&b, "%d. %s: ", s.Step, s.ActionLabel())
		} else if s.Mode == ModeAny {
			b.WriteString(" o ")
		} else {
			b.WriteString(" y ")
		}
		b.WriteString(s.UserName)
	}
	return b.String()
}

// cleanName keeps a safe download name.
func cleanName(name string) string {
	name = strings.TrimSpace(name[strings.LastIndexAny(name, `/\`)+1:])
	if name == "" {
		return "documento"
	}
	return name
}

// change is an audited change of a request.
func change(r Request, action string, before, after any) kit.Change {
	return kit.Change{EntityID: r.EntityID, Action: action, ObjectType: "peticion_firma", ObjectID: r.ID,
		Before: before, After: after}
}

// auditView is what the audit keeps of a request.
func auditView(r Request) map[string]any {
	return map[string]any{"asunto": r.Title, "estado": r.State, "version": r.Version, "paso": r.CurrentStep,
		"circuito": circuitSummary(r.Signers), "origen": r.SourceType + " " + r.SourceID}
}

// today is the civil day of t in Madrid, as YYYY-MM-DD.
func today(t time.Time) string {
	return t.In(web.Madrid).Format(time.DateOnly)
}
