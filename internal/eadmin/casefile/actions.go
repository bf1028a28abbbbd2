package casefile

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/plazo"
	"concejo/internal/platform/web"
	"concejo/internal/platform/workcal"
)

// change runs fn on an open expediente in a transaction: fn changes f and
// returns the sentence for the history. A first action moves an iniciado
// expediente to tramitación; the plazo máximo is recomputed from the
// suspensions; the change is recorded.
func (m *Module) change(ctx context.Context, a *auth.Actor, entityID, fileID string, fn func(tx *sql.Tx, f *File) (string, error)) error {
	return m.changeWhile(ctx, a, entityID, fileID, State.Open, fn)
}

// changeWhile is change for an expediente in a state allowed accepts.
func (m *Module) changeWhile(ctx context.Context, a *auth.Actor, entityID, fileID string, allowed func(State) bool,
	fn func(tx *sql.Tx, f *File) (string, error)) error {
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		f, err := fileByID(ctx, tx, entityID, fileID)
		if err != nil {
			return err
		}
		if !allowed(f.State) {
			return errs.New(errs.Conflict, "El expediente "+f.Number+" está "+strings.ToLower(f.State.Label())+": ya no se tramita.")
		}
		text, err := fn(tx, &f)
		if err != nil {
			return err
		}
		if f.State == Started {
			f.State = Running
		}
		if err := m.settle(ctx, tx, &f); err != nil {
			return err
		}
		f.UpdatedAt = m.kit.Now()
		if err := updateFile(ctx, tx, f); err != nil {
			return err
		}
		return m.record(ctx, tx, a, f, "tramitar", text, map[string]string{"numero": f.Number, "accion": text})
	})
}

// settle recomputes the end of the plazo máximo from the suspensions: an
// open one suspends the expediente (no end while it lasts); lifting the
// last one returns it to tramitación.
func (m *Module) settle(ctx context.Context, tx *sql.Tx, f *File) error {
	sus, err := suspensionsOf(ctx, tx, f.EntityID, f.ID)
	if err != nil {
		return err
	}
	var lifted []workcal.Interval
	open := false
	for _, s := range sus {
		if s.LiftedAt.IsZero() {
			open = true
			continue
		}
		lifted = append(lifted, workcal.Interval{From: s.From, To: s.LiftedAt})
	}
	switch {
	case open && f.State.Open():
		f.State, f.DueAt = Suspended, time.Time{}
		return nil
	case f.State == Suspended:
		f.State = Running
	}
	cal, err := calendar(ctx, tx, f.EntityID)
	if err != nil {
		return err
	}
	f.DueAt, err = plazo.End(cal, f.StartedAt, f.Term(), lifted...)
	return err
}

// Suspend stops the plazo máximo from the given day for a cause of art. 22
// (from today when from is zero).
func (m *Module) Suspend(ctx context.Context, a *auth.Actor, entityID, fileID, cause string, from time.Time) error {
	basis, ok := suspensionCauses[cause]
	if !ok {
		return fieldErr("causa", "Elija la causa de la suspensión (art. 22 de la Ley 39/2015).")
	}
	return m.change(ctx, a, entityID, fileID, func(tx *sql.Tx, f *File) (string, error) {
		if from.IsZero() {
			from = m.kit.Now()
		}
		if err := m.openSuspension(ctx, tx, a, *f, cause, basis, from); err != nil {
			return "", err
		}
		return "Plazo máximo suspendido desde el " + day(from) + ": " + cause + " (" + basis + ").", nil
	})
}

// openSuspension records a suspension unless one is open already.
func (m *Module) openSuspension(ctx context.Context, tx *sql.Tx, a *auth.Actor, f File, cause, basis string, from time.Time) error {
	sus, err := suspensionsOf(ctx, tx, f.EntityID, f.ID)
	if err != nil {
		return err
	}
	for _, s := range sus {
		if s.LiftedAt.IsZero() {
			return errs.New(errs.Conflict, "El plazo ya está suspendido desde el "+day(s.From)+" ("+s.Cause+"): levante esa suspensión primero.")
		}
	}
	if from.Before(f.earliest()) || from.After(m.kit.Now().Add(time.Minute)) {
		return fieldErr("desde", "La suspensión ha de empezar entre la iniciación del expediente y hoy.")
	}
	pos, err := nextPos(ctx, tx, "casefile_suspensions", f.EntityID, f.ID)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO casefile_suspensions (entity_id, file_id, pos, cause, basis, from_at, by_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, f.EntityID, f.ID, pos, cause, basis, from.UTC(), a.UserID)
	if err != nil {
		return fmt.Errorf("expedientes: suspender el plazo de %s: %w", f.Number, err)
	}
	return nil
}

// Lift ends the open suspension on the given day (today when zero).
func (m *Module) Lift(ctx context.Context, a *auth.Actor, entityID, fileID string, at time.Time) error {
	return m.change(ctx, a, entityID, fileID, func(tx *sql.Tx, f *File) (string, error) {
		if at.IsZero() {
			at = m.kit.Now()
		}
		s, err := m.liftSuspension(ctx, tx, *f, at)
		if err != nil {
			return "", err
		}
		return "Suspensión levantada el " + day(at) + " (" + s.Cause + ").", nil
	})
}

// liftSuspension closes the open suspension of f at at.
func (m *Module) liftSuspension(ctx context.Context, tx *sql.Tx, f File, at time.Time) (Suspension, error) {
	sus, err := suspensionsOf(ctx, tx, f.EntityID, f.ID)
	if err != nil {
		return Suspension{}, err
	}
	for _, s := range sus {
		if !s.LiftedAt.IsZero() {
			continue
		}
		if at.Before(s.From) {
			return s, fieldErr("fecha", "La suspensión no puede levantarse antes del "+day(s.From)+", cuando empezó.")
		}
		_, err := tx.ExecContext(ctx, `UPDATE casefile_suspensions SET lifted_at = $4
			WHERE entity_id = $1 AND file_id = $2 AND pos = $3`, f.EntityID, f.ID, s.Pos, at.UTC())
		if err != nil {
			return s, fmt.Errorf("expedientes: levantar la suspensión de %s: %w", f.Number, err)
		}
		return s, nil
	}
	return Suspension{}, errs.New(errs.Conflict, "El plazo del expediente no está suspendido.")
}

// suspensionCauses are the causes of art. 22.1 a clerk records by hand,
// with their basis (the requerimiento de subsanación is recorded by its
// trámite).
var suspensionCauses = map[string]string{
	"Requerimiento al interesado para subsanar o aportar documentos":      "art. 22.1.a Ley 39/2015",
	"Petición de informe preceptivo a otro órgano":                        "art. 22.1.d Ley 39/2015",
	"Pronunciamiento previo de un órgano de la Unión Europea":             "art. 22.1.b Ley 39/2015",
	"Procedimiento no finalizado en el ámbito de la Unión Europea":        "art. 22.1.c Ley 39/2015",
	"Pruebas técnicas o análisis contradictorios":                         "art. 22.1.e Ley 39/2015",
	"Negociaciones para un acuerdo o convenio (terminación convencional)": "art. 22.1.f Ley 39/2015",
	"Pronunciamiento previo de un órgano jurisdiccional":                  "art. 22.1.g Ley 39/2015",
}

// SuspensionCauses lists the causes a form offers.
func SuspensionCauses() []string {
	return []string{
		"Requerimiento al interesado para subsanar o aportar documentos",
		"Petición de informe preceptivo a otro órgano",
		"Pruebas técnicas o análisis contradictorios",
		"Negociaciones para un acuerdo o convenio (terminación convencional)",
		"Pronunciamiento previo de un órgano jurisdiccional",
		"Pronunciamiento previo de un órgano de la Unión Europea",
		"Procedimiento no finalizado en el ámbito de la Unión Europea",
	}
}

// remedyCause is the suspension a requerimiento de subsanación starts.
const remedyCause = "Requerimiento al interesado para subsanar o aportar documentos"

// StartTask starts a trámite on the given day (the notification of a
// requerimiento, the request of a report): its plazo runs from then. A
// requerimiento de subsanación suspends the plazo máximo (art. 22.1.a).
func (m *Module) StartTask(ctx context.Context, a *auth.Actor, entityID, fileID, taskID string, at time.Time) error {
	return m.change(ctx, a, entityID, fileID, func(tx *sql.Tx, f *File) (string, error) {
		t, err := taskByID(ctx, tx, entityID, fileID, taskID)
		if err != nil {
			return "", err
		}
		if t.State != "pendiente" {
			return "", errs.New(errs.Conflict, "El trámite «"+t.Name+"» ya está "+strings.ToLower(t.StateLabel())+".")
		}
		if at.IsZero() {
			at = m.kit.Now()
		}
		if at.Before(f.earliest()) || at.After(m.kit.Now().Add(time.Minute)) {
			return "", fieldErr("fecha", "El trámite ha de empezar entre la iniciación del expediente y hoy.")
		}
		t.State, t.StartedAt = "en_curso", at
		text := "Trámite iniciado: " + t.Name
		if t.HasTerm() {
			if t.DueAt, err = m.taskEnd(ctx, tx, *f, t); err != nil {
				return "", err
			}
			text += "; plazo de " + t.Term.String() + " hasta el " + day(t.DueAt)
		}
		if t.AssigneeID == "" && t.Who != ByCitizen {
			t.AssigneeID = a.UserID
		}
		if t.Kind == StepRemedy {
			if err := m.openSuspension(ctx, tx, a, *f, remedyCause, "art. 22.1.a Ley 39/2015", at); err != nil {
				return "", err
			}
			text += "; el plazo máximo queda suspendido"
		}
		return text + ".", updateTask(ctx, tx, t)
	})
}

// taskEnd is the end of a trámite's plazo from its start, halved when the
// expediente is urgent (art. 33; never for solicitudes and recursos).
func (m *Module) taskEnd(ctx context.Context, tx *sql.Tx, f File, t Task) (time.Time, error) {
	cal, err := calendar(ctx, tx, f.EntityID)
	if err != nil {
		return time.Time{}, err
	}
	term := t.Term
	if f.Urgent && t.Kind != StepRequest {
		if term, err = plazo.Urgent(term); err != nil {
			return time.Time{}, err
		}
	}
	return plazo.End(cal, t.StartedAt, term)
}

// FinishTask marks a trámite done (or, with drop, as not applicable, which
// needs a reason). Answering a requerimiento lifts the suspension it
// started: on the day of the answer, or on the last day of its plazo when
// it came later or never (art. 22.1.a).
func (m *Module) FinishTask(ctx context.Context, a *auth.Actor, entityID, fileID, taskID, note string, drop bool, at time.Time) error {
	note = strings.TrimSpace(note)
	if drop && note == "" {
		return fieldErr("nota", "Diga por qué no procede el trámite.")
	}
	return m.change(ctx, a, entityID, fileID, func(tx *sql.Tx, f *File) (string, error) {
		t, err := taskByID(ctx, tx, entityID, fileID, taskID)
		if err != nil {
			return "", err
		}
		if t.State == "hecho" || t.State == "descartado" {
			return "", errs.New(errs.Conflict, "El trámite «"+t.Name+"» ya está cerrado.")
		}
		if at.IsZero() {
			at = m.kit.Now()
		}
		if !t.StartedAt.IsZero() && at.Before(t.StartedAt) {
			return "", fieldErr("fecha", "El trámite no puede terminar antes de empezar ("+day(t.StartedAt)+").")
		}
		t.State, t.DoneAt, t.DoneBy, t.Note = "hecho", at, a.Name, note
		text := "Trámite hecho: " + t.Name
		if drop {
			t.State, text = "descartado", "Trámite que no procede: "+t.Name+" ("+note+")"
		}
		if t.Kind == StepRemedy && !t.StartedAt.IsZero() {
			lift := at
			if !t.DueAt.IsZero() && t.DueAt.Before(at) {
				lift = t.DueAt
			}
			if _, err := m.liftSuspension(ctx, tx, *f, lift); err != nil && errs.KindOf(err) != errs.Conflict {
				return "", err
			}
			text += "; se levanta la suspensión del plazo máximo el " + day(lift)
		}
		return text + ".", updateTask(ctx, tx, t)
	})
}

// AssignTask gives a trámite to a person with a role in the tramitador.
func (m *Module) AssignTask(ctx context.Context, a *auth.Actor, entityID, fileID, taskID, userID string) error {
	who, err := m.clerkName(ctx, entityID, userID)
	if err != nil {
		return err
	}
	return m.change(ctx, a, entityID, fileID, func(tx *sql.Tx, f *File) (string, error) {
		t, err := taskByID(ctx, tx, entityID, fileID, taskID)
		if err != nil {
			return "", err
		}
		t.AssigneeID = userID
		return "Trámite «" + t.Name + "» asignado a " + who + ".", updateTask(ctx, tx, t)
	})
}

// Assign gives the expediente to a person with a role in the tramitador.
func (m *Module) Assign(ctx context.Context, a *auth.Actor, entityID, fileID, userID string) error {
	who, err := m.clerkName(ctx, entityID, userID)
	if err != nil {
		return err
	}
	return m.change(ctx, a, entityID, fileID, func(tx *sql.Tx, f *File) (string, error) {
		f.AssigneeID = userID
		return "Expediente asignado a " + who + ".", nil
	})
}

// clerkName checks that userID holds a role of the tramitador in the
// entity and returns the name to show.
func (m *Module) clerkName(ctx context.Context, entityID, userID string) (string, error) {
	holders, err := directory.RoleHolders(ctx, m.kit.DB, entityID, Service)
	if err != nil {
		return "", err
	}
	if len(holders[userID]) == 0 {
		return "", fieldErr("usuario", "Elija a una persona con un perfil en el gestor de expedientes de la entidad.")
	}
	p, err := directory.PersonByID(ctx, m.kit.DB, userID)
	if err != nil {
		return "", err
	}
	return p.Name(), nil
}

// Conclude ends the instrucción: the expediente is ready to be resolved
// (or to go to a session of a collegiate body). Every required trámite
// before the resolution must be done or dropped.
func (m *Module) Conclude(ctx context.Context, a *auth.Actor, entityID, fileID string) error {
	return m.change(ctx, a, entityID, fileID, func(tx *sql.Tx, f *File) (string, error) {
		if f.State == Suspended {
			return "", errs.New(errs.Conflict, "El plazo está suspendido: levante la suspensión antes de concluir la instrucción.")
		}
		tasks, err := tasksOf(ctx, tx, entityID, fileID)
		if err != nil {
			return "", err
		}
		var missing []string
		for _, t := range tasks {
			if t.Required && t.Phase != PhaseEnd && (t.State == "pendiente" || t.State == "en_curso") {
				missing = append(missing, "«"+t.Name+"»")
			}
		}
		if len(missing) > 0 {
			return "", errs.New(errs.Conflict, "Faltan trámites obligatorios: "+strings.Join(missing, ", ")+".")
		}
		f.State = Concluded
		return "Instrucción concluida: el expediente queda listo para resolver.", nil
	})
}

// Reopen returns a concluded expediente to tramitación.
func (m *Module) Reopen(ctx context.Context, a *auth.Actor, entityID, fileID string) error {
	return m.change(ctx, a, entityID, fileID, func(tx *sql.Tx, f *File) (string, error) {
		if f.State != Concluded {
			return "", errs.New(errs.Conflict, "Solo se reabre la instrucción de un expediente concluso.")
		}
		f.State = Running
		return "Se reabre la instrucción.", nil
	})
}

// day is a date for the history, in Madrid.
func day(t time.Time) string { return t.In(web.Madrid).Format("02/01/2006") }

// Extend records the ampliación of the plazo máximo (art. 23 Ley 39/2015):
// exceptional and motivated, decided before the plazo ends, and never
// longer than the plazo itself; n is counted in the plazo's unit.
func (m *Module) Extend(ctx context.Context, a *auth.Actor, entityID, fileID string, n int, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return fieldErr("motivo", "La ampliación ha de motivarse (art. 23.1 de la Ley 39/2015).")
	}
	return m.change(ctx, a, entityID, fileID, func(tx *sql.Tx, f *File) (string, error) {
		switch {
		case f.Extended > 0:
			return "", errs.New(errs.Conflict, "El plazo máximo ya se amplió: no cabe otra ampliación.")
		case n < 1 || n > f.MaxTerm.N:
			return "", fieldErr("ampliacion", fmt.Sprintf("La ampliación ha de ser de 1 a %s: no puede pasar del plazo máximo (art. 23.1).", f.MaxTerm))
		case f.State == Suspended:
			return "", errs.New(errs.Conflict, "El plazo está suspendido: levante la suspensión antes de ampliarlo.")
		case !f.DueAt.IsZero() && m.kit.Now().After(f.DueAt):
			return "", errs.New(errs.Conflict, "El plazo máximo ya ha vencido: solo se amplía antes de que venza.")
		}
		f.Extended = n
		return fmt.Sprintf("Plazo máximo ampliado en %s (art. 23 de la Ley 39/2015): %s.", plazo.Term{N: n, Unit: f.MaxTerm.Unit}, reason), nil
	})
}

// Archive closes a resolved expediente: nothing more is done in it.
func (m *Module) Archive(ctx context.Context, a *auth.Actor, entityID, fileID string) error {
	return m.changeWhile(ctx, a, entityID, fileID, func(s State) bool { return s == Resolved }, func(tx *sql.Tx, f *File) (string, error) {
		f.State = Archived
		return "Expediente archivado.", nil
	})
}
