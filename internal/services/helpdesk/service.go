package helpdesk

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
	"concejo/internal/refdata"
)

// Form field names.
const (
	fSubject   = "asunto"
	fBody      = "descripcion"
	fService   = "servicio"
	fCategory  = "categoria"
	fPriority  = "prioridad"
	fChannel   = "canal"
	fRequester = "solicitante"
	fFile      = "adjunto"
	fText      = "texto"
	fNote      = "nota"
	fState     = "estado"
	fAssignee  = "tecnico"
	fRating    = "valoracion"
	fReason    = "motivo"
)

// upload is an attached file.
type upload struct {
	Name, Type, SHA256 string
	Data               []byte
}

func newUpload(name, ctype string, data []byte) *upload {
	sum := sha256.Sum256(data)
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	return &upload{Name: name, Type: ctype, Data: data, SHA256: hex.EncodeToString(sum[:])}
}

// callInput is a phone call to log.
type callInput struct {
	CallerName, Phone, Summary string
	DurationSec                int
}

// newTicket is what opening a ticket takes.
type newTicket struct {
	EntityID, RequesterID, ServiceCode, Category, Priority, Channel, Subject, Body string
	File                                                                           *upload
	Call                                                                           *callInput
	// At is the moment of creation (zero: now).
	At time.Time
}

func searchText(t *Ticket) string {
	return refdata.Fold(t.Number + " " + t.Subject + " " + t.Body + " " + t.RequesterName)
}

func token() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func tooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }

// validateNew checks the fields of a new ticket.
func (m *Module) validateNew(ctx context.Context, v *viewer, in *newTicket) error {
	var fe errs.Fields
	in.Subject, in.Body = strings.TrimSpace(in.Subject), strings.TrimSpace(in.Body)
	switch {
	case in.Subject == "":
		fe.Add(fSubject, "Escriba el asunto: una frase que resuma qué pasa.")
	case tooLong(in.Subject, 200):
		fe.Add(fSubject, "El asunto no puede pasar de 200 caracteres.")
	}
	switch {
	case in.Body == "":
		fe.Add(fBody, "Describa qué ocurre, qué esperaba que ocurriera y desde cuándo.")
	case tooLong(in.Body, 20000):
		fe.Add(fBody, "La descripción no puede pasar de 20.000 caracteres.")
	}
	if err := checkClass(ctx, m.kit.DB, &fe, in.ServiceCode, in.Category, in.Priority); err != nil {
		return err
	}
	if !v.Support() {
		in.Channel = "web"
	} else if !valid(channels, in.Channel) {
		fe.Add(fChannel, "Elija por qué canal llegó la petición.")
	}
	return fe.Err()
}

// checkService adds to fe the error of a service code that is not in the
// list; no service ("": the general queue) is valid.
func checkService(ctx context.Context, q db.Queryer, fe *errs.Fields, code string) error {
	if code == "" {
		return nil
	}
	_, err := directory.ServiceByCode(ctx, q, code)
	switch {
	case errors.Is(err, db.ErrNotFound):
		fe.Add(fService, "Elija un servicio de la lista.")
	case err != nil:
		return fmt.Errorf("soporte: comprobar el servicio %q: %w", code, err)
	}
	return nil
}

// checkClass adds to fe what is wrong in a ticket's service, category and
// priority.
func checkClass(ctx context.Context, q db.Queryer, fe *errs.Fields, service, category, priority string) error {
	if err := checkService(ctx, q, fe, service); err != nil {
		return err
	}
	if !valid(categories, category) {
		fe.Add(fCategory, "Elija si es una consulta, un error o una petición.")
	}
	if !valid(priorities, priority) {
		fe.Add(fPriority, "Elija la prioridad.")
	}
	return nil
}

// create opens a ticket; the caller has checked v.canOpenFor(in.EntityID).
func (m *Module) create(ctx context.Context, v *viewer, in newTicket) (*Ticket, error) {
	if !v.canOpenFor(in.EntityID) {
		return nil, errs.ErrNotFound
	}
	if err := m.validateNew(ctx, v, &in); err != nil {
		return nil, err
	}
	now := in.At
	if now.IsZero() {
		now = m.now()
	}
	t := &Ticket{EntityID: in.EntityID, ID: id.New(), Year: now.In(web.Madrid).Year(),
		ServiceCode: in.ServiceCode, Category: in.Category, Priority: in.Priority, Channel: in.Channel,
		State: StateNew, Level: 1, Subject: in.Subject, Body: in.Body, ReplyToken: token(),
		CreatedAt: now, UpdatedAt: now, CreatedBy: v.A.UserID}
	if in.RequesterID == "" && in.Call != nil && v.Support() && in.Call.CallerName != "" {
		// A caller who has no account: the ticket keeps his name and number.
		t.RequesterName = in.Call.CallerName
	} else {
		p, err := m.requester(ctx, v, in.EntityID, in.RequesterID)
		if err != nil {
			return nil, err
		}
		t.RequesterID, t.RequesterName, t.RequesterEmail, t.RequesterPhone = p.ID, p.Name(), p.Email, p.Phone
	}
	if in.Call != nil && in.Call.Phone != "" && t.RequesterPhone == "" {
		t.RequesterPhone = in.Call.Phone
	}
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		resp, resol, err := slaFor(ctx, tx, t.ServiceCode, t.Priority)
		if err != nil {
			return err
		}
		t.StartSLA(resp, resol, now)
		if t.Number, err = nextNumber(ctx, tx, t.Year); err != nil {
			return err
		}
		if err := insertTicket(ctx, tx, t); err != nil {
			return err
		}
		what := "Abierta por " + v.A.Name + " (canal: " + strings.ToLower(t.ChannelLabel()) + ")"
		if t.RequesterID != v.A.UserID {
			what += " a nombre de " + t.RequesterName
		}
		if err := insertHistory(ctx, tx, t.EntityID, t.ID, id.New(), v.A.Name, what, true, now); err != nil {
			return err
		}
		if in.File != nil {
			if err := insertAttachment(ctx, tx, t.EntityID, t.ID, id.New(), "", false, *in.File, v.A.UserID, now); err != nil {
				return err
			}
		}
		if in.Call != nil {
			if err := insertCall(ctx, tx, t.EntityID, id.New(), t.ID, *in.Call, t.RequesterID, v.A.UserID, v.A.Name, now); err != nil {
				return err
			}
		}
		return m.kit.Audit(ctx, tx, v.A, kit.Change{EntityID: t.EntityID, Action: "incidencia.abrir", ObjectType: "incidencia",
			ObjectID: t.Number, After: auditView(t)})
	})
	if err != nil {
		return nil, err
	}
	m.notify(ctx, t, "new", v.A.Name, "")
	return t, nil
}

// requester resolves who asks: the actor himself, or (for who may pick)
// another active person of the same entity.
func (m *Module) requester(ctx context.Context, v *viewer, entityID, userID string) (directory.Member, error) {
	if userID == "" || userID == v.A.UserID {
		p, err := personOf(ctx, m.kit.DB, entityID, v.A.UserID)
		if errors.Is(err, db.ErrNotFound) {
			var fe errs.Fields
			fe.Add(fRequester, "Elija la persona de la entidad que pide la ayuda.")
			return p, fe
		}
		return p, err
	}
	if !v.canPickRequester(entityID) {
		return directory.Member{}, errs.ErrForbidden
	}
	p, err := personOf(ctx, m.kit.DB, entityID, userID)
	if errors.Is(err, db.ErrNotFound) {
		var fe errs.Fields
		fe.Add(fRequester, "Elija una persona de la lista: solo se pueden elegir personas de la entidad de la incidencia.")
		return p, fe
	}
	return p, err
}

// auditView is what the audit log keeps of a ticket.
func auditView(t *Ticket) map[string]any {
	return map[string]any{"numero": t.Number, "estado": t.State, "servicio": t.ServiceCode, "prioridad": t.Priority,
		"categoria": t.Category, "canal": t.Channel, "nivel": t.Level, "asignada": t.AssigneeName, "solicitante": t.RequesterName}
}

// load returns the ticket numbered number when the viewer sees it (404 otherwise).
func (m *Module) load(ctx context.Context, v *viewer, number string) (*Ticket, error) {
	t, err := ticketByNumber(ctx, m.kit.DB, number)
	if err != nil {
		return nil, err
	}
	if !v.sees(&t) {
		return nil, errs.ErrNotFound
	}
	return &t, nil
}

// change runs fn on t inside a transaction, saves it, writes the history
// line what (public or not) and the audit record.
func (m *Module) change(ctx context.Context, v *viewer, t *Ticket, action, what string, public bool, fn func(tx *sql.Tx, now time.Time) error) error {
	before := auditView(t)
	now := m.now()
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if fn != nil {
			if err := fn(tx, now); err != nil {
				return err
			}
		}
		t.UpdatedAt = now
		if err := saveTicket(ctx, tx, t); err != nil {
			return err
		}
		if what != "" {
			if err := insertHistory(ctx, tx, t.EntityID, t.ID, id.New(), v.A.Name, what, public, now); err != nil {
				return err
			}
		}
		return m.kit.Audit(ctx, tx, v.A, kit.Change{EntityID: t.EntityID, Action: action, ObjectType: "incidencia",
			ObjectID: t.Number, Before: before, After: auditView(t)})
	})
}

// reply adds a public reply (support or the requester's side) or, with
// internal, a note only support sees.
func (m *Module) reply(ctx context.Context, v *viewer, t *Ticket, text string, file *upload, internal bool, kind string) error {
	support := v.works(t)
	if internal && !support || !internal && !support && !v.participates(t) {
		return errs.ErrForbidden
	}
	text = strings.TrimSpace(text)
	field := fText
	if internal {
		field = fNote
	}
	var fe errs.Fields
	switch {
	case text == "":
		fe.Add(field, "Escriba el texto.")
	case tooLong(text, 20000):
		fe.Add(field, "El texto no puede pasar de 20.000 caracteres.")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	if kind == "" {
		kind = "respuesta"
	}
	if internal {
		kind = "nota"
	}
	what := "Respuesta de " + v.A.Name
	if internal {
		what = "Nota interna de " + v.A.Name
	}
	event := "reply"
	err := m.change(ctx, v, t, "incidencia."+kind, what, !internal, func(tx *sql.Tx, now time.Time) error {
		msgID := id.New()
		if err := insertMessage(ctx, tx, t.EntityID, t.ID, msgID, kind, v.A.UserID, v.A.Name, support && !v.participatesAsRequester(t), text, now); err != nil {
			return err
		}
		if file != nil {
			if err := insertAttachment(ctx, tx, t.EntityID, t.ID, id.New(), msgID, internal, *file, v.A.UserID, now); err != nil {
				return err
			}
		}
		if internal {
			return nil
		}
		if support && !v.participatesAsRequester(t) {
			t.Responded(now)
			if t.State == StateNew || t.State == StateReopened {
				if t.AssigneeID == "" && !v.All {
					t.AssigneeID, t.AssigneeName = v.A.UserID, v.A.Name
				}
				t.State = StateWorking
			}
			return nil
		}
		event = "user-reply"
		if t.State == StateWaiting {
			t.Resume(now)
			t.State = StateWorking
			return insertHistory(ctx, tx, t.EntityID, t.ID, id.New(), v.A.Name, "El usuario respondió: el plazo vuelve a correr", true, now)
		}
		return nil
	})
	if err != nil || internal {
		return err
	}
	m.notify(ctx, t, event, v.A.Name, text)
	return nil
}

// participatesAsRequester reports whether the viewer is the ticket's requester.
func (v *viewer) participatesAsRequester(t *Ticket) bool { return t.RequesterID == v.A.UserID }

// transitions are the states support may move a ticket to, from each state.
var transitions = map[string][]string{
	StateNew:      {StateWorking, StateWaiting, StateResolved},
	StateAssigned: {StateWorking, StateWaiting, StateResolved},
	StateWorking:  {StateWaiting, StateResolved},
	StateWaiting:  {StateWorking, StateResolved},
	StateReopened: {StateWorking, StateWaiting, StateResolved},
	StateResolved: {StateClosed, StateReopened},
	StateClosed:   {StateReopened},
}

// nextStates lists the states the viewer may move t to.
func (v *viewer) nextStates(t *Ticket) []option {
	var out []option
	support, side := v.works(t), v.participates(t)
	for _, s := range transitions[t.State] {
		if support || side && (s == StateClosed || s == StateReopened) {
			out = append(out, option{s, label(states, s)})
		}
	}
	return out
}

// setState moves t to state, with an optional public comment.
func (m *Module) setState(ctx context.Context, v *viewer, t *Ticket, state, comment string) error {
	if !v.works(t) && !v.participates(t) {
		return errs.ErrForbidden
	}
	allowed := false
	for _, o := range v.nextStates(t) {
		allowed = allowed || o.Value == state
	}
	if !allowed {
		if !valid(states, state) {
			var fe errs.Fields
			fe.Add(fState, "Elija el nuevo estado.")
			return fe
		}
		return errs.New(errs.Conflict, "La incidencia está «"+t.StateLabel()+"» y no puede pasar a «"+label(states, state)+"».")
	}
	comment = strings.TrimSpace(comment)
	if tooLong(comment, 20000) {
		var fe errs.Fields
		fe.Add(fText, "El comentario no puede pasar de 20.000 caracteres.")
		return fe
	}
	from := t.StateLabel()
	err := m.change(ctx, v, t, "incidencia.estado", "Estado: "+from+" → "+label(states, state), true, func(tx *sql.Tx, now time.Time) error {
		switch state {
		case StateWaiting:
			t.Pause(now)
		case StateWorking:
			if t.State == StateWaiting {
				t.Resume(now)
			}
		case StateResolved:
			t.Resolve(now)
			if v.works(t) {
				t.Responded(now)
			}
		case StateClosed:
			if t.ResolvedAt.IsZero() {
				t.Resolve(now)
			}
			t.Closed = now
		case StateReopened:
			t.Reopen(now)
		}
		t.State = state
		if comment != "" {
			return insertMessage(ctx, tx, t.EntityID, t.ID, id.New(), "respuesta", v.A.UserID, v.A.Name, v.works(t) && !v.participatesAsRequester(t), comment, now)
		}
		return nil
	})
	if err != nil {
		return err
	}
	m.notify(ctx, t, "state", v.A.Name, comment)
	return nil
}

// assign gives t to userID (one of the assignees the picker offers), or
// takes it back to the queue with "".
func (m *Module) assign(ctx context.Context, v *viewer, t *Ticket, userID string) error {
	if !v.works(t) {
		return errs.ErrForbidden
	}
	if !t.Open() {
		return errs.New(errs.Conflict, "La incidencia está "+strings.ToLower(t.StateLabel())+": reábrala antes de asignarla.")
	}
	var who Assignee
	if userID != "" {
		people, err := assignees(ctx, m.kit.DB, t.EntityID, t.ServiceCode)
		if err != nil {
			return err
		}
		for _, p := range people {
			if p.ID == userID {
				who = p
			}
		}
		if who.ID == "" {
			var fe errs.Fields
			fe.Add(fAssignee, "Elija un técnico de la lista.")
			return fe
		}
	}
	what := "Devuelta a la cola sin técnico"
	if who.ID != "" {
		what = "Asignada a " + who.Name()
	}
	err := m.change(ctx, v, t, "incidencia.asignar", what, true, func(tx *sql.Tx, now time.Time) error {
		t.AssigneeID, t.AssigneeName = who.ID, who.Name()
		if who.ID != "" && (t.State == StateNew || t.State == StateReopened) {
			t.State = StateAssigned
		}
		if who.ID == "" && t.State == StateAssigned {
			t.State = StateNew
		}
		return nil
	})
	if err == nil && who.ID != "" && who.ID != v.A.UserID {
		m.notifyAssignee(ctx, t, who.Person, v.A.Name)
	}
	return err
}

// escalate passes a first-level ticket to the Diputación's team of its
// service (second level), with the reason as an internal note.
func (m *Module) escalate(ctx context.Context, v *viewer, t *Ticket, reason string) error {
	if !v.works(t) {
		return errs.ErrForbidden
	}
	if t.Level >= 2 {
		return errs.New(errs.Conflict, "La incidencia ya está en el segundo nivel.")
	}
	if !t.Open() {
		return errs.New(errs.Conflict, "Solo se escalan incidencias abiertas: reábrala antes de escalarla.")
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || tooLong(reason, 5000) {
		var fe errs.Fields
		fe.Add(fReason, "Explique al segundo nivel qué se ha comprobado y por qué se escala (hasta 5.000 caracteres).")
		return fe
	}
	return m.change(ctx, v, t, "incidencia.escalar", "Escalada al segundo nivel (Diputación, "+t.ServiceLabel()+")", true,
		func(tx *sql.Tx, now time.Time) error {
			t.Level = 2
			t.AssigneeID, t.AssigneeName = "", ""
			if t.State == StateAssigned || t.State == StateWorking || t.State == StateReopened {
				t.State = StateNew
			}
			return insertMessage(ctx, tx, t.EntityID, t.ID, id.New(), "nota", v.A.UserID, v.A.Name, true, "Escalada: "+reason, now)
		})
}

// classify changes service, category and priority; the service level
// follows the new service and priority.
func (m *Module) classify(ctx context.Context, v *viewer, t *Ticket, service, category, priority string) error {
	if !v.works(t) {
		return errs.ErrForbidden
	}
	var fe errs.Fields
	if err := checkClass(ctx, m.kit.DB, &fe, service, category, priority); err != nil {
		return err
	}
	if err := fe.Err(); err != nil {
		return err
	}
	what := "Clasificada: " + label(categories, category) + ", prioridad " + strings.ToLower(label(priorities, priority))
	return m.change(ctx, v, t, "incidencia.clasificar", what, true, func(tx *sql.Tx, now time.Time) error {
		slaChanged := service != t.ServiceCode || priority != t.Priority
		t.ServiceCode, t.Category, t.Priority = service, category, priority
		if slaChanged {
			resp, resol, err := slaFor(ctx, tx, service, priority)
			if err != nil {
				return err
			}
			t.Reclassify(resp, resol, now)
		}
		return nil
	})
}

// rate records the requester's satisfaction (1 to 5) with a resolved or
// closed ticket, and closes it.
func (m *Module) rate(ctx context.Context, v *viewer, t *Ticket, rating int, comment string) error {
	if t.RequesterID != v.A.UserID {
		return errs.ErrForbidden
	}
	if t.State != StateResolved && t.State != StateClosed {
		return errs.New(errs.Conflict, "Podrá valorar la atención cuando la incidencia esté resuelta.")
	}
	if t.Rating > 0 {
		return errs.New(errs.Conflict, "Ya valoró esta incidencia.")
	}
	comment = strings.TrimSpace(comment)
	var fe errs.Fields
	if rating < 1 || rating > 5 {
		fe.Add(fRating, "Elija una valoración de 1 (muy mala) a 5 (muy buena).")
	}
	if tooLong(comment, 2000) {
		fe.Add(fText, "El comentario no puede pasar de 2.000 caracteres.")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return m.change(ctx, v, t, "incidencia.valorar", "Valorada con "+string(rune('0'+rating))+" de 5", true, func(tx *sql.Tx, now time.Time) error {
		t.Rating, t.RatingComment, t.RatedAt = rating, comment, now
		if t.State == StateResolved {
			t.State, t.Closed = StateClosed, now
		}
		return nil
	})
}
