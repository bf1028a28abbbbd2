package casefile

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"concejo/internal/backoffice/parties"
	"concejo/internal/core/directory"
	"concejo/internal/eadmin/registry"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/plazo"
	"concejo/internal/platform/web"
	"concejo/internal/platform/workcal"
)

// Opening is what Open needs to start an expediente.
type Opening struct {
	EntityID    string
	ProcedureID string
	Subject     string
	// EntryID, when set, is the entrada of the registro the solicitud came
	// in with: its date starts the plazo máximo, its interesados and
	// documents come into the expediente.
	EntryID string
	// Parties are the interesados of an expediente opened de oficio.
	Parties []Party
	// StartedAt is the date of the acuerdo de iniciación of an expediente
	// opened de oficio (today when zero).
	StartedAt  time.Time
	AssigneeID string
	Urgent     bool
}

// calendar is the working calendar of an entity: its municipality's, or
// for an entidad local menor its ayuntamiento's; the national and regional
// holidays only for a mancomunidad.
func calendar(ctx context.Context, q db.Queryer, entityID string) (*workcal.Calendar, error) {
	e, err := directory.EntityByID(ctx, q, entityID)
	if err != nil {
		return nil, err
	}
	if e.INE == "" && e.ParentID != "" {
		if parent, err := directory.EntityByID(ctx, q, e.ParentID); err == nil {
			e.INE = parent.INE
		}
	}
	return workcal.ForMunicipality(e.INE), nil
}

// calendars keeps the calendars of the entities a sweep meets, one query
// per entity instead of one per row.
type calendars map[string]*workcal.Calendar

func (c calendars) of(ctx context.Context, q db.Queryer, entityID string) (*workcal.Calendar, error) {
	if cal, ok := c[entityID]; ok {
		return cal, nil
	}
	cal, err := calendar(ctx, q, entityID)
	c[entityID] = cal
	return cal, err
}

// Open starts an expediente: it takes the next number of the entity's
// year, records the plazo máximo from the entry of the solicitud (or the
// acuerdo de iniciación), its interesados linked to terceros, the trámites
// of its procedure's design and, from an entrada, the solicitud's
// documents; the history and the audit log say who opened it.
func (m *Module) Open(ctx context.Context, a *auth.Actor, in Opening) (File, error) {
	p, err := procedureByID(ctx, m.kit.DB, in.EntityID, in.ProcedureID)
	if isNotFound(err) {
		return File{}, fieldErr("procedimiento", "Elija un procedimiento del catálogo de la entidad.")
	}
	if err != nil {
		return File{}, err
	}
	if !p.Active {
		return File{}, fieldErr("procedimiento", "El procedimiento "+p.Name+" está dado de baja en el catálogo.")
	}
	var entry registry.Incoming
	if in.EntryID != "" {
		if entry, err = m.incoming(ctx, in.EntityID, in.EntryID); err != nil {
			return File{}, err
		}
		if strings.TrimSpace(in.Subject) == "" {
			in.Subject = entry.Subject
		}
	} else if p.Initiation == ByRequest {
		return File{}, fieldErr("asiento", "Este procedimiento se inicia a solicitud del interesado: ábralo desde la entrada del registro en que llegó la solicitud.")
	}
	in.Subject = strings.TrimSpace(in.Subject)
	if n := len([]rune(in.Subject)); n < 3 || n > 250 {
		return File{}, fieldErr("asunto", "El asunto ha de tener entre 3 y 250 caracteres.")
	}
	cal, err := calendar(ctx, m.kit.DB, in.EntityID)
	if err != nil {
		return File{}, err
	}
	now := m.kit.Now()
	f := File{EntityID: in.EntityID, ID: id.New(), ProcedureID: p.ID, ProcedureName: p.Name, Design: p.Definition,
		Subject: in.Subject, State: Started, MaxTerm: p.MaxTerm, Silence: p.Silence, Urgent: in.Urgent,
		AssigneeID: in.AssigneeID, Unit: p.Area, CreatedBy: a.UserID, CreatedAt: now, UpdatedAt: now}
	switch {
	case in.EntryID != "":
		f.Initiation, f.EntryID, f.EntryNumber = ByRequest, entry.ID, entry.Number
		// Art. 21.3.b: from the entry in the registro of the competent body;
		// a filing on an inhábil day counts from the next día hábil (art. 31).
		f.StartedAt = plazo.Presented(cal, entry.RegisteredAt)
	default:
		f.Initiation, f.StartedAt = ByOffice, in.StartedAt
		if f.StartedAt.IsZero() {
			f.StartedAt = now
		}
		if f.StartedAt.After(now) {
			return File{}, fieldErr("fecha_inicio", "La fecha del acuerdo de iniciación no puede ser futura.")
		}
		if f.Silence == SilenceGrant {
			// Art. 25.1.a: de oficio, a procedure that could grant rights
			// ends in desestimación when the plazo passes.
			f.Silence = SilenceDeny
		}
	}
	if f.DueAt, err = plazo.End(cal, f.StartedAt, f.MaxTerm); err != nil {
		return File{}, err
	}
	people := in.Parties
	if in.EntryID != "" {
		people = partiesFromEntry(entry)
	}
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if in.EntryID != "" {
			if other, err := fileByEntry(ctx, tx, in.EntityID, in.EntryID); err == nil {
				return errs.New(errs.Conflict, "Con esa entrada ya se abrió el expediente "+other+".")
			} else if !isNotFound(err) {
				return err
			}
		}
		f.Year = f.CreatedAt.In(web.Madrid).Year()
		seq, err := nextNumber(ctx, tx, f.EntityID, f.Year)
		if err != nil {
			return err
		}
		f.Seq, f.Number = seq, number(f.Year, seq)
		if len(people) > 0 {
			f.FirstParty = people[0].Name
		}
		if err := insertFile(ctx, tx, f); err != nil {
			return err
		}
		if err := m.addParties(ctx, tx, f, people); err != nil {
			return err
		}
		if err := m.addTasks(ctx, tx, f); err != nil {
			return err
		}
		if err := m.takeDocuments(ctx, tx, a, f, entry); err != nil {
			return err
		}
		text := "Iniciado de oficio (" + p.Name + ")."
		if in.EntryID != "" {
			text = "Iniciado a solicitud del interesado con la entrada " + entry.Number + " (" + p.Name + ")."
		}
		return m.record(ctx, tx, a, f, "abrir", text, map[string]any{"numero": f.Number, "procedimiento": p.Code,
			"asunto": f.Subject, "asiento": f.EntryNumber})
	})
	return f, err
}

// incoming reads the entrada an expediente is opened from.
func (m *Module) incoming(ctx context.Context, entityID, entryID string) (registry.Incoming, error) {
	entry, err := m.registry.Incoming(ctx, entityID, entryID)
	if isNotFound(err) {
		return entry, fieldErr("asiento", "El registro de la entidad no tiene esa entrada.")
	}
	if err != nil {
		return entry, err
	}
	switch {
	case entry.Book != "E":
		return entry, fieldErr("asiento", "Un expediente se abre con una entrada, no con una salida.")
	case entry.Cancelled:
		return entry, fieldErr("asiento", "La entrada "+entry.Number+" está anulada.")
	}
	return entry, nil
}

// fileByEntry returns the number of the expediente opened with an entrada.
func fileByEntry(ctx context.Context, q db.Queryer, entityID, entryID string) (string, error) {
	var n string
	err := q.QueryRowContext(ctx, `SELECT number FROM casefile_files WHERE entity_id = $1 AND entry_id = $2`,
		entityID, entryID).Scan(&n)
	if err := db.NotFound(err); err != nil {
		return "", fmt.Errorf("expedientes: buscar el expediente de la entrada %s: %w", entryID, err)
	}
	return n, nil
}

// partiesFromEntry makes the interesados of an entrada's solicitud: legal
// persons (CIF) are obliged to electronic means (art. 14.2.a); natural
// persons are notified electronically when they gave an e-mail address.
func partiesFromEntry(e registry.Incoming) []Party {
	var out []Party
	for _, p := range e.Interested {
		obliged := p.DocType == "CIF"
		channel := "papel"
		if obliged || p.Email != "" {
			channel = "electronica"
		}
		out = append(out, Party{DocNumber: p.DocNumber, Name: p.Name, Role: "interesado", Channel: channel,
			Obliged: obliged, Email: p.Email, Address: p.Address})
	}
	return out
}

// addParties stores the interesados of a new expediente, each linked to
// its tercero (found by document, or created).
func (m *Module) addParties(ctx context.Context, tx *sql.Tx, f File, people []Party) error {
	for i, p := range people {
		p.Pos, p.AddedAt = i+1, f.CreatedAt
		if p.Role == "" {
			p.Role = "interesado"
		}
		if p.Channel == "" {
			p.Channel = "electronica"
		}
		var err error
		if p.PartyID, err = m.tercero(ctx, tx, f.EntityID, p); err != nil {
			return err
		}
		if err := insertParty(ctx, tx, f, p); err != nil {
			return err
		}
	}
	return nil
}

// tercero finds the tercero of an interesado by document, or creates one
// from the name as the entrada gives it ("" when there is no document).
func (m *Module) tercero(ctx context.Context, tx *sql.Tx, entityID string, p Party) (string, error) {
	if p.DocNumber == "" {
		return "", nil
	}
	found, err := parties.ByDocument(ctx, tx, entityID, p.DocNumber)
	if err == nil {
		return found.ID, nil
	}
	if !isNotFound(err) {
		return "", err
	}
	t := parties.Party{EntityID: entityID, DocNumber: p.DocNumber, Email: p.Email, AddressText: p.Address,
		ElectronicNotification: p.Channel == "electronica"}
	t.Kind, t.DocType = parties.KindPerson, parties.DocNIF
	words := strings.Fields(p.Name)
	switch {
	case p.Obliged:
		t.Kind, t.DocType, t.Name = parties.KindLegal, parties.DocCIF, p.Name
	case len(words) >= 3:
		t.Name, t.Surname1, t.Surname2 = strings.Join(words[:len(words)-2], " "), words[len(words)-2], words[len(words)-1]
	case len(words) == 2:
		t.Name, t.Surname1 = words[0], words[1]
	default:
		t.Name = p.Name
	}
	if strings.ContainsAny(p.DocNumber[:1], "XYZ") {
		t.DocType = parties.DocNIE
	}
	created, err := parties.Create(ctx, tx, t)
	if err != nil {
		// A document terceros does not accept (a passport, a typo kept by
		// the registro) leaves the interesado without a tercero.
		if errs.KindOf(err) == errs.Invalid {
			return "", nil
		}
		return "", err
	}
	return created.ID, nil
}

// addTasks instantiates the trámites of the expediente's design; the
// solicitud of an expediente opened from an entrada is done at once.
func (m *Module) addTasks(ctx context.Context, tx *sql.Tx, f File) error {
	for i, s := range f.Design.Steps {
		t := Task{EntityID: f.EntityID, ID: id.New(), FileID: f.ID, StepCode: s.Code, Name: s.Name, Phase: s.Phase,
			Kind: s.Kind, Who: s.Who, Required: s.Required, State: "pendiente", Pos: i + 1}
		if s.Term != nil {
			t.Term = *s.Term
		}
		if s.Kind == StepRequest && f.EntryID != "" {
			t.State, t.StartedAt, t.DoneAt, t.DoneBy = "hecho", f.StartedAt, f.StartedAt, "Registro "+f.EntryNumber
		}
		if err := insertTask(ctx, tx, t); err != nil {
			return err
		}
	}
	return nil
}

// record writes an action into the expediente's history and the audit log.
func (m *Module) record(ctx context.Context, tx *sql.Tx, a *auth.Actor, f File, action, text string, detail any) error {
	e := Event{At: m.kit.Now(), ActorID: "sistema", ActorName: "Sistema", Kind: action, Text: text}
	if a != nil {
		e.ActorID, e.ActorName = a.UserID, a.Name
	}
	if err := insertEvent(ctx, tx, f.EntityID, f.ID, e); err != nil {
		return err
	}
	return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: f.EntityID, Action: "expediente." + action,
		ObjectType: "expediente", ObjectID: f.ID, After: detail})
}

func fieldErr(field, msg string) error {
	fe := errs.Fields{}
	fe.Add(field, msg)
	return fe
}
