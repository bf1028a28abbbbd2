package sessions

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/csvdoc"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/web"
)

// Votes by name.
const (
	VoteFor     = "favor"
	VoteAgainst = "contra"
	VoteAbstain = "abstencion"
)

// Vote is what the secretary records on an item.
type Vote struct {
	// Result is "" for a vote, or Withdrawn or Tabled.
	Result string
	// For, Against and Abstentions are the counts, unless ByMember gives
	// the vote of each member present (member id → VoteFor…).
	For, Against, Abstentions int
	ByMember                  map[string]string
	// Agreement is the parte dispositiva (a default is written when empty).
	Agreement string
	// Resolves and Absolute are the secretary's marks on the item.
	Resolves, Absolute bool
}

var errNotConvened = errs.New(errs.Conflict, "La sesión ya se cerró: su orden del día, la asistencia y las votaciones no se modifican. "+
	"Lo que haya que corregir se corrige en el acta mientras es borrador.")

// openSession takes a session that is still convocada for the rest of tx
// and reads it: its row is locked first (PostgreSQL), so that votes,
// attendance and the close of one session queue instead of deciding on
// what another request is changing.
func openSession(ctx context.Context, tx *sql.Tx, entityID, sessionID string) (Session, Organ, error) {
	if err := claimSession(ctx, tx, entityID, sessionID); errors.Is(err, db.ErrNotFound) {
		if _, err := sessionByID(ctx, tx, entityID, sessionID); err != nil {
			return Session{}, Organ{}, err
		}
		return Session{}, Organ{}, errNotConvened
	} else if err != nil {
		return Session{}, Organ{}, err
	}
	s, err := sessionByID(ctx, tx, entityID, sessionID)
	if err != nil {
		return s, Organ{}, err
	}
	o, err := organByID(ctx, tx, entityID, s.OrganID)
	return s, o, err
}

// checkQuorum says why the órgano cannot vote with this attendance: fewer
// legal members present than the quórum, or no Presidente or Secretario.
func checkQuorum(o Organ, members []Member, att map[string]string) error {
	present, president, secretary := 0, false, false
	for _, mb := range members {
		if att[mb.ID] != Present {
			continue
		}
		switch mb.Role {
		case RoleSecretary:
			secretary = true
		case RolePresident:
			president = true
			present++
		default:
			present++
		}
	}
	var why []string
	if present < o.Quorum() {
		rule := "un tercio del número legal de miembros, y nunca menos de tres (art. 46.2.c de la Ley 7/1985 y art. 90 del ROF)"
		if o.Kind == OrganJunta {
			rule = "más de la mitad de sus miembros"
		}
		why = append(why, fmt.Sprintf("están presentes %d de sus %d miembros y el quórum es de %d: %s", present, o.LegalMembers, o.Quorum(), rule))
	}
	if !president {
		why = append(why, "no está presente el Presidente")
	}
	if !secretary {
		why = append(why, "no está presente el Secretario")
	}
	if len(why) == 0 {
		return nil
	}
	return errs.New(errs.Conflict, "No hay quórum para votar: "+strings.Join(why, "; ")+
		". Sin quórum la sesión no puede celebrarse: se celebra en segunda convocatoria dos días después.")
}

// recordAttendance stores who attends the session (member id → status;
// a member not given is ausente) and the hour it began.
func (m *Module) recordAttendance(ctx context.Context, a *auth.Actor, entityID, sessionID string, att map[string]string, opened time.Time) error {
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		s, o, err := openSession(ctx, tx, entityID, sessionID)
		if err != nil {
			return err
		}
		if dayOf(s.StartsAt).After(dayOf(m.kit.Now())) {
			return errs.New(errs.Conflict, "La sesión es el "+s.When()+": la asistencia se registra el día de la sesión.")
		}
		if opened.IsZero() {
			opened = s.StartsAt
		}
		if dayOf(opened) != dayOf(s.StartsAt) {
			return errs.Fields{{Field: "hora", Message: "La hora de comienzo es la del día de la sesión (" + s.StartsAt.In(web.Madrid).Format("02/01/2006") + ")."}}
		}
		members, err := membersOf(ctx, tx, entityID, o.ID, false)
		if err != nil {
			return err
		}
		clean := make(map[string]string, len(members))
		for _, mb := range members {
			switch st := att[mb.ID]; st {
			case Present, Excused, Absent:
				clean[mb.ID] = st
			case "":
				clean[mb.ID] = Absent
			default:
				return errs.Fields{{Field: "asistencia", Message: "Elija para cada miembro: presente, ausente con excusa o ausente."}}
			}
		}
		if err := replaceAttendance(ctx, tx, entityID, s.ID, clean); err != nil {
			return err
		}
		before := s
		s.OpenedAt, s.UpdatedAt = opened.UTC(), m.kit.Now()
		if err := updateSession(ctx, tx, s, StateConvened); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, change(entityID, "sesiones.asistencia", "sesion", s.ID,
			map[string]any{"inicio": before.OpenedAt}, map[string]any{"inicio": s.OpenedAt, "asistencia": clean}))
	})
}

// dayOf is the date of t in Madrid.
func dayOf(t time.Time) time.Time {
	y, mo, d := t.In(web.Madrid).Date()
	return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
}

// vote records the result of an item: a vote (with quórum, by counts or
// by name; the result by the mayoría the item needs), or the item
// withdrawn or left on the table. A vote that approves an acta approves
// the earlier session's acta: it is never edited again.
func (m *Module) vote(ctx context.Context, a *auth.Actor, entityID, sessionID, itemID string, v Vote) (Item, error) {
	var it Item
	var approved *Session
	var votesByName map[string]string
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		s, o, err := openSession(ctx, tx, entityID, sessionID)
		if err != nil {
			return err
		}
		if s.OpenedAt.IsZero() {
			return errs.New(errs.Conflict, "Registre antes la asistencia: sin ella no se sabe si hay quórum.")
		}
		items, err := itemsOf(ctx, tx, entityID, s.ID)
		if err != nil {
			return err
		}
		found := false
		for _, x := range items {
			if x.ID == itemID {
				it, found = x, true
			}
			if x.Kind == ItemUrgency && x.Result != Approved && itemID != x.ID {
				return errs.New(errs.Conflict, "Antes de tratar los asuntos, el órgano tiene que pronunciarse sobre la urgencia de la sesión "+
					"(art. 79 del ROF), y si no la aprecia, la sesión se levanta.")
			}
		}
		if !found {
			return fmt.Errorf("sesiones: punto %s: %w", itemID, db.ErrNotFound)
		}
		if it.Done() {
			return errs.New(errs.Conflict, fmt.Sprintf("El punto %d ya se trató: %s.", it.Pos, strings.ToLower(it.ResultLabel())))
		}
		if !it.Voted() {
			return errs.New(errs.Conflict, "Este punto no se vota (dación de cuenta, ruegos y preguntas): queda tratado al cerrar la sesión.")
		}
		members, err := membersOf(ctx, tx, entityID, o.ID, true)
		if err != nil {
			return err
		}
		att, err := attendanceOf(ctx, tx, entityID, s.ID)
		if err != nil {
			return err
		}
		if err := checkQuorum(o, members, att); err != nil {
			return err
		}
		if it.Kind == ItemFile {
			it.Resolves = v.Resolves
		}
		if it.Kind == ItemFile || it.Kind == ItemMotion {
			it.Absolute = v.Absolute
		}
		switch v.Result {
		case Withdrawn, Tabled:
			if it.Kind == ItemUrgency {
				return errs.New(errs.Invalid, "La urgencia se vota: no se retira ni queda sobre la mesa.")
			}
			it.Result = v.Result
		case "":
			byName, err := countVotes(&v, members, att)
			if err != nil {
				return err
			}
			it.For, it.Against, it.Abstentions = v.For, v.Against, v.Abstentions
			it.Result = decide(o, it, v.For, v.Against)
			votesByName = byName
		default:
			return errs.Fields{{Field: "resultado", Message: "Elija el resultado: votación, retirado o sobre la mesa."}}
		}
		it.Agreement = strings.TrimSpace(strings.ReplaceAll(v.Agreement, "\r\n", "\n"))
		var fe errs.Fields // the acuerdo
		checkText(&fe, "acuerdo", it.Agreement, "El acuerdo", false, maxText)
		if err := fe.Err(); err != nil {
			return err
		}
		if it.Agreement == "" {
			it.Agreement = defaultAgreement(it)
		}
		if err := updateItemResult(ctx, tx, it); errors.Is(err, db.ErrNotFound) {
			return errs.New(errs.Conflict, "El punto acaba de tratarse en otra sesión de trabajo: vuelva a abrir la sesión.")
		} else if err != nil {
			return err
		}
		// The votes by name go after the item is taken: a concurrent
		// vote of the same item has already failed above.
		if err := insertVotes(ctx, tx, entityID, it.ID, votesByName); err != nil {
			return err
		}
		if it.Kind == ItemActa && it.Result == Approved {
			prev, err := sessionByID(ctx, tx, entityID, it.ActaSessionID)
			if err != nil {
				return err
			}
			prev.State, prev.ActaCSV, prev.ApprovedAt, prev.ApprovedIn, prev.UpdatedAt = StateApproved, csvdoc.NewCode(), m.kit.Now(), s.ID, m.kit.Now()
			if err := updateSession(ctx, tx, prev, StateHeld); errors.Is(err, db.ErrNotFound) {
				return errs.New(errs.Conflict, "El acta de la "+lowerFirst(prev.Title())+" ya estaba aprobada.")
			} else if err != nil {
				return err
			}
			approved = &prev
		}
		return m.kit.Audit(ctx, tx, a, change(entityID, "sesiones.votar", "punto", it.ID, nil,
			map[string]any{"sesion": s.ID, "punto": it.Pos, "resultado": it.Result, "a_favor": it.For, "en_contra": it.Against,
				"abstenciones": it.Abstentions, "votacion_nominal": v.ByMember}))
	})
	if err == nil && approved != nil {
		if _, err := m.actaPDF(ctx, *approved); err != nil {
			m.kit.Log.Warn("sesiones: no se pudo emitir el acta aprobada", "sesion", approved.ID, "error", err)
		}
	}
	return it, err
}

// countVotes checks the votes against the members present and fills the
// counts from the votes by name when there are; it returns those.
func countVotes(v *Vote, members []Member, att map[string]string) (map[string]string, error) {
	voters := map[string]bool{}
	for _, mb := range members {
		if mb.Votes() && att[mb.ID] == Present {
			voters[mb.ID] = true
		}
	}
	byName := map[string]string{}
	for member, vote := range v.ByMember {
		if vote == "" {
			continue
		}
		if !voters[member] {
			return nil, errs.Fields{{Field: "votos", Message: "Solo votan los miembros presentes (el Secretario no vota)."}}
		}
		switch vote {
		case VoteFor, VoteAgainst, VoteAbstain:
			byName[member] = vote
		default:
			return nil, errs.Fields{{Field: "votos", Message: "El voto de cada miembro es a favor, en contra o abstención."}}
		}
	}
	if len(byName) > 0 {
		v.For, v.Against, v.Abstentions = 0, 0, 0
		for _, vote := range byName {
			switch vote {
			case VoteFor:
				v.For++
			case VoteAgainst:
				v.Against++
			default:
				v.Abstentions++
			}
		}
	}
	switch total := v.For + v.Against + v.Abstentions; {
	case v.For < 0 || v.Against < 0 || v.Abstentions < 0:
		return nil, errs.Fields{{Field: "a_favor", Message: "Los votos no pueden ser negativos."}}
	case total == 0:
		return nil, errs.Fields{{Field: "a_favor", Message: "Escriba los votos a favor, en contra y las abstenciones, o el voto de cada miembro."}}
	case total > len(voters):
		return nil, errs.Fields{{Field: "a_favor", Message: fmt.Sprintf("Hay %d votos y solo %d miembros presentes con voto.", total, len(voters))}}
	}
	return byName, nil
}

// defaultAgreement is the acuerdo written when the secretary leaves it empty.
func defaultAgreement(it Item) string {
	switch {
	case it.Result == Withdrawn:
		return "Se retira el asunto del orden del día."
	case it.Result == Tabled:
		return "El asunto queda sobre la mesa para su estudio en una sesión posterior."
	case it.Kind == ItemUrgency && it.Result == Approved:
		return "Ratificar la urgencia de la convocatoria."
	case it.Kind == ItemUrgency:
		return "No apreciar la urgencia de la convocatoria; se levanta la sesión."
	case it.Kind == ItemActa && it.Result == Approved:
		return "Aprobar el acta sin enmiendas."
	case it.Kind == ItemActa:
		return "No aprobar el acta."
	case it.Result == Approved:
		return "Aprobar la propuesta relativa a: " + it.Title + "."
	}
	return "Rechazar la propuesta relativa a: " + it.Title + "."
}

// closeSession ends a session at closed: every item voted must have its
// result (if the urgency was not ratified, the rest are withdrawn); the
// items without vote are noted; the acta is written as a draft and the
// certificates of the acuerdos on expedientes are issued and sent to
// their expedientes.
func (m *Module) closeSession(ctx context.Context, a *auth.Actor, entityID, sessionID string, closed time.Time) (Session, error) {
	var s Session
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		var o Organ
		var err error
		if s, o, err = openSession(ctx, tx, entityID, sessionID); err != nil {
			return err
		}
		if s.OpenedAt.IsZero() {
			return errs.New(errs.Conflict, "Registre antes la asistencia y los asuntos tratados.")
		}
		if closed.IsZero() {
			closed = m.kit.Now()
		}
		if closed.Before(s.OpenedAt) {
			return errs.Fields{{Field: "hora_fin", Message: "La sesión no puede terminar antes de empezar (" + s.OpenedAt.In(web.Madrid).Format("15:04") + ")."}}
		}
		items, err := itemsOf(ctx, tx, entityID, s.ID)
		if err != nil {
			return err
		}
		lifted := false
		var pending []string
		for i, it := range items {
			switch {
			case it.Kind == ItemUrgency && it.Result == Rejected:
				lifted = true
			case it.Done():
			case lifted || !it.Voted():
				it.Result = Withdrawn
				if !it.Voted() && !lifted {
					it.Result = Noted
				}
				it.Agreement = ""
				if it.Result == Withdrawn {
					it.Agreement = "No se trata: la sesión se levantó al no apreciarse la urgencia."
				}
				if err := updateItemResult(ctx, tx, it); err != nil {
					return err
				}
				items[i] = it
			default:
				pending = append(pending, fmt.Sprint(it.Pos))
			}
		}
		if len(pending) > 0 {
			return errs.New(errs.Conflict, "Faltan por tratar los puntos "+strings.Join(pending, ", ")+
				". Registre su votación, o márquelos como retirados o sobre la mesa.")
		}
		for i, it := range items {
			if it.Kind == ItemFile && it.Adopted() {
				items[i].CertificateCSV = csvdoc.NewCode()
				if err := setItemCertificate(ctx, tx, entityID, it.ID, items[i].CertificateCSV); err != nil {
					return err
				}
			}
		}
		members, err := membersOf(ctx, tx, entityID, o.ID, true)
		if err != nil {
			return err
		}
		att, err := attendanceOf(ctx, tx, entityID, s.ID)
		if err != nil {
			return err
		}
		votes, err := votesOf(ctx, tx, entityID, s.ID)
		if err != nil {
			return err
		}
		ent, err := directory.EntityByID(ctx, tx, entityID)
		if err != nil {
			return err
		}
		s.State, s.ClosedAt, s.UpdatedAt = StateHeld, closed.UTC(), m.kit.Now()
		s.Acta = actaText(ent, o, s, members, att, items, votes)
		if err := updateSession(ctx, tx, s, StateConvened); errors.Is(err, db.ErrNotFound) {
			return errNotConvened
		} else if err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, change(entityID, "sesiones.cerrar", "sesion", s.ID, nil,
			map[string]any{"sesion": s.Title(), "fin": s.ClosedAt}))
	})
	if err != nil {
		return s, err
	}
	if err := m.deliverCertificates(ctx, a, s); err != nil {
		m.kit.Log.Warn("sesiones: certificados pendientes tras cerrar la sesión", "sesion", s.ID, "error", err)
	}
	return s, nil
}

// editActa replaces the text of an acta still in draft.
func (m *Module) editActa(ctx context.Context, a *auth.Actor, entityID, sessionID, text string) error {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	var fe errs.Fields
	checkText(&fe, "acta", text, "El texto del acta", true, maxText)
	if err := fe.Err(); err != nil {
		return err
	}
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		s, err := sessionByID(ctx, tx, entityID, sessionID)
		if err != nil {
			return err
		}
		switch s.State {
		case StateConvened:
			return errs.New(errs.Conflict, "La sesión no se ha cerrado: el acta se redacta al cerrarla.")
		case StateApproved:
			return errActaApproved
		}
		before := s.Acta
		s.Acta, s.UpdatedAt = text, m.kit.Now()
		if err := updateSession(ctx, tx, s, StateHeld); errors.Is(err, db.ErrNotFound) {
			return errActaApproved
		} else if err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, change(entityID, "sesiones.acta.modificar", "sesion", s.ID,
			map[string]any{"acta": before}, map[string]any{"acta": s.Acta}))
	})
}

var errActaApproved = errs.New(errs.Conflict, "El acta ya está aprobada: un acta aprobada no se modifica (art. 110 del ROF). "+
	"Una rectificación se acuerda en otra sesión y consta en su acta.")

var errNotHeld = errs.New(errs.Conflict, "La sesión no se ha cerrado todavía: los certificados de los acuerdos se emiten al cerrarla.")
