package casefile

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/csvdoc"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/mail"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/plazo"
	"concejo/internal/platform/web"
	"concejo/internal/platform/workcal"
)

// Notification is the notification of a document to one interesado.
type Notification struct {
	EntityID, ID, FileID, DocumentID string
	PartyPos                         int
	DocNumber, Name, Email, Address  string
	Channel                          string // electronica or papel
	// State: puesta (at disposal in the sede), practicada (accessed),
	// rechazada (expressly, or 10 días naturales without access); on
	// paper: pendiente, entregada, ausente, desconocido, rehusada.
	State      string
	MadeAt     time.Time
	NoticeAt   time.Time
	AccessedAt time.Time
	RejectedAt time.Time
	ResultAt   time.Time
	ResultNote string
	// FirstTry is the first attempt of a paper notification that found
	// nobody at home (zero when none).
	FirstTry time.Time
	AckDocID string
	ByID     string
}

// StateLabel is the notification's state in Spanish.
func (n Notification) StateLabel() string {
	return map[string]string{"puesta": "Puesta a disposición en la sede", "practicada": "Practicada (accedida)",
		"rechazada": "Rechazada", "pendiente": "Pendiente de entrega en papel", "entregada": "Entregada",
		"ausente": "Ausente", "desconocido": "Desconocido en el domicilio", "rehusada": "Rehusada"}[n.State]
}

// Done reports whether the notification has a result.
func (n Notification) Done() bool { return n.State != "puesta" && n.State != "pendiente" }

const notificationColumns = `entity_id, id, file_id, document_id, party_pos, doc_number, name, email, address, channel,
	state, made_at, notice_at, accessed_at, rejected_at, result_at, result_note, first_try_at, ack_doc_id, by_id`

func scanNotification(sc db.Scanner) (Notification, error) {
	var n Notification
	var notice, accessed, rejected, result, first sql.NullTime
	err := sc.Scan(&n.EntityID, &n.ID, &n.FileID, &n.DocumentID, &n.PartyPos, &n.DocNumber, &n.Name, &n.Email,
		&n.Address, &n.Channel, &n.State, &n.MadeAt, &notice, &accessed, &rejected, &result, &n.ResultNote,
		&first, &n.AckDocID, &n.ByID)
	n.NoticeAt, n.AccessedAt, n.RejectedAt, n.ResultAt = notice.Time, accessed.Time, rejected.Time, result.Time
	n.FirstTry = first.Time
	return n, err
}

func notificationsOf(ctx context.Context, q db.Queryer, entityID, fileID string) ([]Notification, error) {
	rows, err := db.Collect(ctx, q, scanNotification, `SELECT `+notificationColumns+` FROM casefile_notifications
		WHERE entity_id = $1 AND file_id = $2 ORDER BY made_at, id`, entityID, fileID)
	if err != nil {
		return nil, fmt.Errorf("expedientes: leer las notificaciones de %s: %w", fileID, err)
	}
	return rows, nil
}

func notificationByID(ctx context.Context, q db.Queryer, entityID, id string) (Notification, error) {
	n, err := scanNotification(q.QueryRowContext(ctx, `SELECT `+notificationColumns+` FROM casefile_notifications
		WHERE entity_id = $1 AND id = $2`, entityID, id))
	if err := db.NotFound(err); err != nil {
		return n, fmt.Errorf("expedientes: leer la notificación %s: %w", id, err)
	}
	return n, nil
}

func updateNotification(ctx context.Context, tx *sql.Tx, n Notification) error {
	_, err := tx.ExecContext(ctx, `UPDATE casefile_notifications SET state = $3, notice_at = $4, accessed_at = $5,
		rejected_at = $6, result_at = $7, result_note = $8, ack_doc_id = $9, first_try_at = $10
		WHERE entity_id = $1 AND id = $2`,
		n.EntityID, n.ID, n.State, db.NullTime(n.NoticeAt), db.NullTime(n.AccessedAt), db.NullTime(n.RejectedAt),
		db.NullTime(n.ResultAt), n.ResultNote, n.AckDocID, db.NullTime(n.FirstTry))
	if err != nil {
		return fmt.Errorf("expedientes: actualizar la notificación %s: %w", n.ID, err)
	}
	return nil
}

// recipients are the people a notification goes to: each interesado, or
// his representante when he has one (art. 7: the representante is who the
// Administration acts with).
func recipients(people []Party) []Party {
	var out []Party
	for _, p := range people {
		if p.Role != "interesado" {
			continue
		}
		to := p
		for _, r := range people {
			if r.Role == "representante" && r.Represents == p.Pos {
				to = r
			}
		}
		out = append(out, to)
	}
	return out
}

// Notify notifies an issued document of the expediente to its interesados:
// electronically by comparecencia in the sede (puesta a disposición now,
// with an aviso by e-mail when there is an address, art. 41.6) or on paper
// for those not obliged who chose it (art. 41.1), whose result the clerk
// records later.
func (m *Module) Notify(ctx context.Context, a *auth.Actor, entityID, fileID, docID string) ([]Notification, error) {
	var out []Notification
	var avisos []mail.Message
	err := m.changeWhile(ctx, a, entityID, fileID, notifiable, func(tx *sql.Tx, f *File) (string, error) {
		d, err := m.lastVersion(ctx, tx, entityID, fileID, docID)
		if err != nil {
			return "", err
		}
		if d.Status != "emitido" {
			return "", errs.New(errs.Conflict, "Solo se notifica un documento emitido: emita antes el borrador.")
		}
		people, err := partiesOf(ctx, tx, entityID, fileID)
		if err != nil {
			return "", err
		}
		to := recipients(people)
		if len(to) == 0 {
			return "", errs.New(errs.Conflict, "El expediente no tiene interesados a quienes notificar.")
		}
		ent, err := directory.EntityByID(ctx, tx, entityID)
		if err != nil {
			return "", err
		}
		now := m.kit.Now()
		var names []string
		for _, p := range to {
			n := Notification{EntityID: entityID, ID: id.New(), FileID: fileID, DocumentID: d.ID, PartyPos: p.Pos,
				DocNumber: p.DocNumber, Name: p.Name, Email: p.Email, Address: p.Address, Channel: p.Channel,
				State: "puesta", MadeAt: now, ByID: a.UserID}
			if p.Channel == "papel" {
				n.State = "pendiente"
			} else if p.Email != "" {
				n.NoticeAt = now
				avisos = append(avisos, m.aviso(ent, *f, d, n))
			}
			if err := insertNotification(ctx, tx, n); err != nil {
				return "", err
			}
			out = append(out, n)
			names = append(names, p.Name+" ("+map[string]string{"electronica": "sede", "papel": "papel"}[p.Channel]+")")
		}
		return "Notificación de «" + d.Name + "» a " + strings.Join(names, ", ") + ".", nil
	})
	if err != nil {
		return nil, err
	}
	for _, msg := range avisos {
		// The aviso's failure does not invalidate the notification (art. 41.6).
		if err := m.kit.Mail.Send(ctx, msg); err != nil {
			m.kit.Log.Warn("aviso de notificación no enviado", "a", msg.To, "error", err)
		}
	}
	return out, nil
}

// notifiable are the states in which documents are notified: while the
// expediente runs, and its resolution once resolved.
func notifiable(s State) bool { return s.Open() || s == Resolved }

func insertNotification(ctx context.Context, tx *sql.Tx, n Notification) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO casefile_notifications (`+notificationColumns+`) VALUES ($1, $2, $3, $4,
		$5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`, n.EntityID, n.ID, n.FileID, n.DocumentID,
		n.PartyPos, n.DocNumber, n.Name, n.Email, n.Address, n.Channel, n.State, n.MadeAt, db.NullTime(n.NoticeAt),
		db.NullTime(n.AccessedAt), db.NullTime(n.RejectedAt), db.NullTime(n.ResultAt), n.ResultNote, db.NullTime(n.FirstTry),
		n.AckDocID, n.ByID)
	if err != nil {
		return fmt.Errorf("expedientes: guardar la notificación a %s: %w", n.Name, err)
	}
	return nil
}

// aviso is the e-mail that tells an interesado a notification waits for
// him in the sede; it says nothing of its content.
func (m *Module) aviso(e directory.Entity, f File, d Document, n Notification) mail.Message {
	link := strings.TrimSuffix(m.kit.Config.Public(), "/") + "/e/" + e.Code() + "/sede/notificaciones"
	body := fmt.Sprintf("%s,\n\n%s ha puesto a su disposición una notificación en su sede electrónica "+
		"(expediente %s).\n\nPara leerla, identifíquese en:\n%s\n\nSi no accede a ella en diez días naturales, "+
		"se entenderá rechazada y el procedimiento seguirá su curso (artículo 43.2 de la Ley 39/2015).\n\n"+
		"Este aviso no es la notificación y no contiene su texto.", n.Name, e.TheCap(), f.Number, link)
	return mail.Message{To: n.Email, Subject: "Tiene una notificación " + e.Of(), Body: body}
}

// Appear records the comparecencia of the interesado identified with nif
// at the sede: accessing a notification put at disposal (before its
// rechazo) practises it; rejecting it records the rechazo (art. 41.5).
// Either way the acuse (PDF with CSV) joins the expediente, and a
// requerimiento de subsanación notified this way starts its plazo (and the
// suspension of the plazo máximo). A notification already rejected by the
// lapse of 10 días naturales can still be read, but that does not practise
// it again. It returns the notification as it stands.
func (m *Module) Appear(ctx context.Context, entityID, nif, name, notificationID string, act Comparecencia) (Notification, error) {
	cal, err := calendar(ctx, m.kit.DB, entityID)
	if err != nil {
		return Notification{}, err
	}
	var n Notification
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if n, err = notificationByID(ctx, tx, entityID, notificationID); err != nil {
			return err
		}
		if n.DocNumber == "" || !strings.EqualFold(n.DocNumber, nif) || n.Channel != "electronica" {
			return errs.ErrNotFound
		}
		now := m.kit.Now()
		if n.State != "puesta" {
			return nil
		}
		citizen := &auth.Actor{UserID: "ciudadano:" + nif, Name: name + " (interesado, en la sede)"}
		if !plazo.AccessedInTime(cal, n.MadeAt, now) {
			return m.lapse(ctx, tx, cal, n)
		}
		n.State, n.AccessedAt = "practicada", now
		text := "Notificación practicada: " + n.Name + " accede en la sede"
		if act == Reject {
			n.State, n.AccessedAt, n.RejectedAt = "rechazada", time.Time{}, now
			text = "Notificación rechazada expresamente por " + n.Name + " en la sede (art. 41.5)"
		}
		return m.settleNotification(ctx, tx, citizen, n, now, text)
	})
	return n, err
}

// lapse records the rechazo of a notification nobody accessed in 10 días
// naturales (art. 43.2), dated when the lapse ended.
func (m *Module) lapse(ctx context.Context, tx *sql.Tx, cal *workcal.Calendar, n Notification) error {
	at := plazo.Rejected(cal, n.MadeAt)
	n.State, n.RejectedAt = "rechazada", at
	return m.settleNotification(ctx, tx, nil, n, at,
		"Notificación a "+n.Name+" rechazada: no se accedió a ella en diez días naturales (art. 43.2)")
}

// settleNotification writes the result of a notification, its acuse and
// its effects on the trámite of the notified document.
func (m *Module) settleNotification(ctx context.Context, tx *sql.Tx, a *auth.Actor, n Notification, at time.Time, text string) error {
	f, err := fileByID(ctx, tx, n.EntityID, n.FileID)
	if err != nil {
		return err
	}
	d, err := documentByID(ctx, tx, n.EntityID, n.FileID, n.DocumentID)
	if err != nil {
		return err
	}
	ack, err := m.acuse(ctx, tx, f, d, n, at, text)
	if err != nil {
		return err
	}
	n.AckDocID, n.ResultAt = ack, at
	if err := updateNotification(ctx, tx, n); err != nil {
		return err
	}
	if err := m.startNotifiedTask(ctx, tx, f, d, at); err != nil {
		return err
	}
	if err := m.settle(ctx, tx, &f); err != nil {
		return err
	}
	if f.State == Started {
		f.State = Running
	}
	f.UpdatedAt = m.kit.Now()
	if err := updateFile(ctx, tx, f); err != nil {
		return err
	}
	return m.record(ctx, tx, a, f, "notificar", text+".", map[string]string{"notificacion": n.ID, "estado": n.State})
}

// startNotifiedTask starts, at the notification, the trámite the document
// belongs to when it waits for the interesado (a requerimiento de
// subsanación, an audiencia): its plazo runs from the day after.
func (m *Module) startNotifiedTask(ctx context.Context, tx *sql.Tx, f File, d Document, at time.Time) error {
	if d.TaskID == "" || !f.State.Open() {
		return nil
	}
	t, err := taskByID(ctx, tx, f.EntityID, f.ID, d.TaskID)
	if err != nil || t.State != "pendiente" {
		return err
	}
	t.State, t.StartedAt = "en_curso", at
	if t.HasTerm() {
		if t.DueAt, err = m.taskEnd(ctx, tx, f, t); err != nil {
			return err
		}
	}
	if t.Kind == StepRemedy {
		sys := &auth.Actor{UserID: "sistema", Name: "Sistema"}
		if err := m.openSuspension(ctx, tx, sys, f, remedyCause, "art. 22.1.a Ley 39/2015", at); err != nil && errs.KindOf(err) != errs.Conflict {
			return err
		}
	}
	return updateTask(ctx, tx, t)
}

// acuse stores the acuse of a notification (TD09, PDF with CSV) in the
// expediente and returns its document id.
func (m *Module) acuse(ctx context.Context, tx *sql.Tx, f File, d Document, n Notification, at time.Time, text string) (string, error) {
	e, err := directory.EntityByID(ctx, tx, f.EntityID)
	if err != nil {
		return "", err
	}
	pos, err := nextPos(ctx, tx, "casefile_documents", f.EntityID, f.ID)
	if err != nil {
		return "", err
	}
	csv := csvdoc.NewCode()
	fields := []pdf.Field{{Label: "Expediente", Value: f.Number}, {Label: "Documento notificado", Value: d.Name},
		{Label: "CSV del documento", Value: d.CSV}, {Label: "Destinatario", Value: n.Name + " (" + n.DocNumber + ")"},
		{Label: "Puesta a disposición", Value: pdf.SpanishDate(n.MadeAt) + ", " + n.MadeAt.In(web.Madrid).Format("15:04:05")},
		{Label: "Resultado", Value: n.StateLabel()},
		{Label: "Fecha y hora del resultado", Value: pdf.SpanishDate(at) + ", " + at.In(web.Madrid).Format("15:04:05")}}
	content, err := m.kit.RenderPDF(ctx, tx, f.EntityID, pdf.Document{Issuer: e.Name, IssuerSub: "Notificaciones electrónicas", Title: "Acuse de notificación",
		Reference: "Expediente " + f.Number, Fields: fields, Paragraphs: []string{text + ".",
			"La notificación por comparecencia en la sede electrónica se entiende practicada en el momento en que se " +
				"accede a su contenido y rechazada cuando transcurren diez días naturales desde su puesta a disposición " +
				"sin acceder a él (artículo 43.2 de la Ley 39/2015)."},
		CSV: csv, VerifyURL: csvdoc.URL(m.kit.Config.Public(), csv), Date: at})
	if err != nil {
		return "", err
	}
	ack := Document{EntityID: f.EntityID, ID: id.New(), FileID: f.ID, Pos: pos, Version: 1,
		Name: "Acuse de notificación a " + n.Name, DocType: "TD09", Origin: 1, Elaboration: "EE01", Status: "emitido",
		Visible: true, Filename: "acuse-" + slug(n.Name) + ".pdf", ContentType: "application/pdf", Content: content,
		CSV: csv, CreatedAt: m.kit.Now(), CreatedBy: "sistema", IssuedAt: at}
	if err := insertDocument(ctx, tx, ack); err != nil {
		return "", err
	}
	err = csvdoc.Issue(ctx, tx, csvdoc.Document{CSV: csv, EntityID: f.EntityID, Kind: "acuse",
		Title: ack.Name + " (expediente " + f.Number + ")", ObjectType: "documento_expediente", ObjectID: ack.ID,
		Filename: ack.Filename, ContentType: ack.ContentType, Content: content, IssuedAt: at, IssuedBy: "sistema"})
	return ack.ID, err
}

// PaperResult records the result of an attempt to deliver a paper
// notification at the given day and time (art. 42): entregada, ausente,
// desconocido or rehusada. When nobody is at home the first time, a second
// attempt is made within the three following días hábiles, at a time of
// the other half of the day (before or after 15:00) and at least three
// hours apart from the first (art. 42.2); if that one finds nobody either,
// the notification ends ausente and is to be published in the Boletín
// Oficial del Estado (art. 44).
func (m *Module) PaperResult(ctx context.Context, a *auth.Actor, entityID, fileID, notificationID, result, note string, at time.Time) error {
	if !map[string]bool{"entregada": true, "ausente": true, "desconocido": true, "rehusada": true}[result] {
		return fieldErr("resultado", "Elija el resultado de la entrega: entregada, ausente, desconocido o rehusada.")
	}
	cal, err := calendar(ctx, m.kit.DB, entityID)
	if err != nil {
		return err
	}
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		n, err := notificationByID(ctx, tx, entityID, notificationID)
		if err != nil || n.FileID != fileID {
			return errs.ErrNotFound
		}
		if n.Channel != "papel" || n.State != "pendiente" {
			return errs.New(errs.Conflict, "Esa notificación no está pendiente de entrega en papel.")
		}
		if at.IsZero() {
			at = m.kit.Now()
		}
		if at.Before(n.MadeAt) || at.After(m.kit.Now().Add(time.Minute)) {
			return fieldErr("fecha", "La fecha de la entrega ha de estar entre el envío y ahora.")
		}
		if !n.FirstTry.IsZero() {
			if msg := secondTryProblem(cal, n.FirstTry, at); msg != "" {
				return fieldErr("fecha", msg)
			}
		}
		n.ResultNote = strings.TrimSpace(note)
		if result == "ausente" && n.FirstTry.IsZero() {
			n.FirstTry = at
			if err := updateNotification(ctx, tx, n); err != nil {
				return err
			}
			f, err := fileByID(ctx, tx, entityID, fileID)
			if err != nil {
				return err
			}
			return m.record(ctx, tx, a, f, "notificar", fmt.Sprintf("Notificación en papel a %s: primer intento el %s a las %s, "+
				"ausente. Se intenta de nuevo en los tres días hábiles siguientes, %s y al menos tres horas después (art. 42.2).",
				n.Name, day(at), at.In(web.Madrid).Format("15:04"), otherBand(at)), map[string]string{"notificacion": n.ID})
		}
		n.State = result
		text := "Notificación en papel a " + n.Name + ": " + strings.ToLower(n.StateLabel())
		if result == "ausente" {
			text += " también en el segundo intento: procede publicarla en el Boletín Oficial del Estado (art. 44)"
		}
		return m.settleNotification(ctx, tx, a, n, at, text)
	})
}

// secondTryProblem says why at cannot be the second attempt after first
// (art. 42.2), or "".
func secondTryProblem(cal *workcal.Calendar, first, at time.Time) string {
	afternoon := func(t time.Time) bool { return t.In(web.Madrid).Hour() >= 15 }
	limit, _ := plazo.End(cal, first, plazo.Term{N: 3, Unit: plazo.WorkingDays})
	switch {
	case at.After(limit):
		return "El segundo intento ha de hacerse en los tres días hábiles siguientes al primero (art. 42.2 de la Ley 39/2015)."
	case afternoon(at) == afternoon(first):
		return "El segundo intento ha de hacerse " + otherBand(first) + " (art. 42.2 de la Ley 39/2015)."
	case at.Sub(first) < 3*time.Hour && first.Sub(at) < 3*time.Hour:
		return "Entre los dos intentos ha de haber al menos tres horas (art. 42.2 de la Ley 39/2015)."
	}
	return ""
}

// otherBand is the half of the day a second attempt goes in.
func otherBand(first time.Time) string {
	if first.In(web.Madrid).Hour() >= 15 {
		return "antes de las 15:00"
	}
	return "después de las 15:00"
}

// ExpireNotifications records the rechazo of every electronic notification
// put at disposal whose 10 días naturales passed without access (art.
// 43.2). It returns how many it rejected. The app runs it every hour.
func (m *Module) ExpireNotifications(ctx context.Context) (int, error) {
	cutoff := m.kit.Now().AddDate(0, 0, -10)
	due, err := db.Collect(ctx, m.kit.DB, scanNotification, `SELECT `+notificationColumns+` FROM casefile_notifications
		WHERE state = 'puesta' AND made_at < $1 ORDER BY made_at LIMIT 1000`, cutoff.UTC())
	if err != nil {
		return 0, fmt.Errorf("expedientes: buscar notificaciones caducadas: %w", err)
	}
	n := 0
	cals := calendars{}
	for _, x := range due {
		cal, err := cals.of(ctx, m.kit.DB, x.EntityID)
		if err != nil {
			return n, err
		}
		if plazo.AccessedInTime(cal, x.MadeAt, m.kit.Now()) {
			continue // the tenth day was inhábil: the lapse ends later
		}
		err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error { return m.lapse(ctx, tx, cal, x) })
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// lapseDue records the rechazo of each notification of list put at
// disposal whose 10 días naturales have passed (so that pages show it
// before the hourly job runs); it reports whether it rejected any.
func (m *Module) lapseDue(ctx context.Context, cal *workcal.Calendar, list []Notification) (bool, error) {
	found := false
	for _, n := range list {
		if n.State != "puesta" || plazo.AccessedInTime(cal, n.MadeAt, m.kit.Now()) {
			continue
		}
		if err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error { return m.lapse(ctx, tx, cal, n) }); err != nil {
			return found, err
		}
		found = true
	}
	return found, nil
}

// fileNotifications lists an expediente's notifications, with the rechazo
// of those whose 10 días naturales passed recorded first.
func (m *Module) fileNotifications(ctx context.Context, f File) ([]Notification, error) {
	list, err := notificationsOf(ctx, m.kit.DB, f.EntityID, f.ID)
	if err != nil {
		return nil, err
	}
	cal, err := calendar(ctx, m.kit.DB, f.EntityID)
	if err != nil {
		return nil, err
	}
	if lapsed, err := m.lapseDue(ctx, cal, list); err != nil || !lapsed {
		return list, err
	}
	return notificationsOf(ctx, m.kit.DB, f.EntityID, f.ID)
}
