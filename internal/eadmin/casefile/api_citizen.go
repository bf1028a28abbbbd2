package casefile

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/plazo"
)

// What the sede electrónica shows an identified citizen of his expedientes
// (Mis expedientes, notificaciones, aportar documentos). The citizen is
// the NIF the sede's identification proved; every call answers only for
// expedientes where that NIF is an interesado or a representante, and a
// foreign one is db.ErrNotFound.

// Comparecencia is the interesado's action on a notification in the sede.
type Comparecencia int

// The actions: read the notification (it is practised) or reject it.
const (
	Access Comparecencia = iota
	Reject
)

// CitizenFile is an expediente as its interesado sees it at the sede.
type CitizenFile struct {
	ID, Number, Subject, ProcedureName string
	State                              State
	StartedAt, DueAt                   time.Time
	// Documents are those he may see (current versions, without content).
	Documents     []Document
	Notifications []CitizenNotification
	// Awaiting is the requerimiento waiting for his answer, and DueAnswer
	// its plazo (zero when none waits).
	Awaiting  string
	DueAnswer time.Time
}

// CitizenNotification is a notification to the citizen with what it is about.
type CitizenNotification struct {
	Notification
	FileID, FileNumber, Subject, DocName string
	// RejectsAt is when it counts as rejected if nobody accesses it.
	RejectsAt time.Time
}

// CitizenFiles lists the expedientes of entityID in which nif is an
// interesado or representante, newest first.
func (m *Module) CitizenFiles(ctx context.Context, entityID, nif string) ([]CitizenFile, error) {
	nif = strings.ToUpper(strings.TrimSpace(nif))
	rows, err := db.Collect(ctx, m.kit.DB, func(sc db.Scanner) (CitizenFile, error) {
		var c CitizenFile
		var state string
		var due sql.NullTime
		err := sc.Scan(&c.ID, &c.Number, &c.Subject, &c.ProcedureName, &state, &c.StartedAt, &due)
		c.State, c.DueAt = State(state), due.Time
		return c, err
	}, `SELECT f.id, f.number, f.subject, f.procedure_name, f.state, f.started_at, f.due_at FROM casefile_files f
		WHERE f.entity_id = $1 AND f.id IN (SELECT p.file_id FROM casefile_parties p WHERE p.entity_id = $1 AND p.doc_number = $2)
		ORDER BY f.created_at DESC, f.id DESC LIMIT 500`, entityID, nif)
	if err != nil {
		return nil, fmt.Errorf("expedientes: leer los expedientes de un interesado: %w", err)
	}
	return rows, nil
}

// CitizenFile reads one expediente of the citizen with the documents he
// may see, his notifications and any requerimiento waiting for him.
func (m *Module) CitizenFile(ctx context.Context, entityID, nif, fileID string) (CitizenFile, error) {
	f, err := m.citizenFile(ctx, entityID, nif, fileID)
	if err != nil {
		return CitizenFile{}, err
	}
	c := CitizenFile{ID: f.ID, Number: f.Number, Subject: f.Subject, ProcedureName: f.ProcedureName, State: f.State,
		StartedAt: f.StartedAt, DueAt: f.DueAt}
	notes, err := m.CitizenNotifications(ctx, entityID, nif)
	if err != nil {
		return c, err
	}
	for _, n := range notes {
		if n.FileID == f.ID {
			c.Notifications = append(c.Notifications, n)
		}
	}
	all, err := documentsOf(ctx, m.kit.DB, entityID, f.ID)
	if err != nil {
		return c, err
	}
	for _, d := range current(all) {
		if seen(d, c.Notifications) {
			c.Documents = append(c.Documents, d)
		}
	}
	tasks, err := tasksOf(ctx, m.kit.DB, entityID, f.ID)
	if err != nil {
		return c, err
	}
	for _, t := range tasks {
		if t.State == "en_curso" && (t.Kind == StepRemedy || t.Who == ByCitizen) {
			c.Awaiting, c.DueAnswer = t.Name, t.DueAt
		}
	}
	return c, nil
}

// seen reports whether the citizen may see a document: one marked visible
// (what he or the registro brought, the acuses), or one notified to him
// whose notification has a result.
func seen(d Document, notes []CitizenNotification) bool {
	if d.Status == "borrador" {
		return false
	}
	return d.Visible || slices.ContainsFunc(notes, func(n CitizenNotification) bool {
		return n.DocumentID == d.ID && n.State != "puesta"
	})
}

// citizenFile reads an expediente where nif is a party.
func (m *Module) citizenFile(ctx context.Context, entityID, nif, fileID string) (File, error) {
	nif = strings.ToUpper(strings.TrimSpace(nif))
	var n int
	err := m.kit.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM casefile_parties WHERE entity_id = $1 AND file_id = $2
		AND doc_number = $3`, entityID, fileID, nif).Scan(&n)
	if err != nil {
		return File{}, fmt.Errorf("expedientes: comprobar el interesado de %s: %w", fileID, err)
	}
	if n == 0 || nif == "" {
		return File{}, db.ErrNotFound
	}
	return fileByID(ctx, m.kit.DB, entityID, fileID)
}

// CitizenDocument returns a document of the citizen's expediente that he
// may see, with its content.
func (m *Module) CitizenDocument(ctx context.Context, entityID, nif, fileID, docID string) (Document, error) {
	c, err := m.CitizenFile(ctx, entityID, nif, fileID)
	if err != nil {
		return Document{}, err
	}
	for _, d := range c.Documents {
		if d.ID == docID {
			full, err := documentByID(ctx, m.kit.DB, entityID, fileID, docID)
			if err != nil {
				return full, err
			}
			return m.content(ctx, full)
		}
	}
	return Document{}, db.ErrNotFound
}

// CitizenNotifications lists the electronic notifications to nif at the
// entity, newest first; those whose 10 días naturales passed without
// access are recorded as rejected first.
func (m *Module) CitizenNotifications(ctx context.Context, entityID, nif string) ([]CitizenNotification, error) {
	nif = strings.ToUpper(strings.TrimSpace(nif))
	cal, err := calendar(ctx, m.kit.DB, entityID)
	if err != nil {
		return nil, err
	}
	q := `SELECT ` + prefixed("n.", notificationColumns) + `, f.number, f.subject, d.name FROM casefile_notifications n
		JOIN casefile_files f ON f.entity_id = n.entity_id AND f.id = n.file_id
		JOIN casefile_documents d ON d.entity_id = n.entity_id AND d.id = n.document_id
		WHERE n.entity_id = $1 AND n.doc_number = $2 AND n.channel = 'electronica' ORDER BY n.made_at DESC, n.id`
	read := func() ([]CitizenNotification, error) {
		return db.Collect(ctx, m.kit.DB, func(sc db.Scanner) (CitizenNotification, error) {
			var c CitizenNotification
			n, err := scanNotification(multiScanner{sc, []any{&c.FileNumber, &c.Subject, &c.DocName}})
			c.Notification, c.FileID = n, n.FileID
			return c, err
		}, q, entityID, nif)
	}
	rows, err := read()
	if err != nil || nif == "" {
		return nil, err
	}
	plain := make([]Notification, len(rows))
	for i, c := range rows {
		plain[i] = c.Notification
	}
	lapsed, err := m.lapseDue(ctx, cal, plain)
	if err != nil {
		return nil, err
	}
	if lapsed {
		if rows, err = read(); err != nil {
			return nil, err
		}
	}
	for i := range rows {
		rows[i].RejectsAt = plazo.Rejected(cal, rows[i].MadeAt)
	}
	return rows, nil
}

// NotifiedDocument returns the document of a notification to the citizen
// once it has a result (accessed, or rejected).
func (m *Module) NotifiedDocument(ctx context.Context, entityID, nif, notificationID string) (Document, error) {
	n, err := notificationByID(ctx, m.kit.DB, entityID, notificationID)
	if err != nil {
		return Document{}, err
	}
	if !strings.EqualFold(n.DocNumber, strings.TrimSpace(nif)) || n.Channel != "electronica" || n.State == "puesta" {
		return Document{}, db.ErrNotFound
	}
	d, err := documentByID(ctx, m.kit.DB, entityID, n.FileID, n.DocumentID)
	if err != nil {
		return d, err
	}
	return m.content(ctx, d)
}

// Acuse returns the acuse of a notification to the citizen.
func (m *Module) Acuse(ctx context.Context, entityID, nif, notificationID string) (Document, error) {
	n, err := notificationByID(ctx, m.kit.DB, entityID, notificationID)
	if err != nil {
		return Document{}, err
	}
	if !strings.EqualFold(n.DocNumber, strings.TrimSpace(nif)) || n.AckDocID == "" {
		return Document{}, db.ErrNotFound
	}
	return documentByID(ctx, m.kit.DB, entityID, n.FileID, n.AckDocID)
}

// Contribute joins to the citizen's open expediente the entrada he has
// just registered at the sede with documents for it: they come in as his
// (origen ciudadano, visible to him), and when a requerimiento waits for
// him it is answered on the entry's date, which lifts the suspension of
// the plazo máximo (art. 22.1.a).
func (m *Module) Contribute(ctx context.Context, entityID, nif, name, fileID, entryID string) error {
	f, err := m.citizenFile(ctx, entityID, nif, fileID)
	if err != nil {
		return err
	}
	if !f.State.Open() {
		return errs.New(errs.Conflict, "El expediente "+f.Number+" ya no está en tramitación.")
	}
	entry, err := m.registry.Incoming(ctx, entityID, entryID)
	if err != nil {
		return err
	}
	citizen := &auth.Actor{UserID: "ciudadano:" + strings.ToUpper(nif), Name: name + " (interesado, en la sede)"}
	return m.change(ctx, citizen, entityID, fileID, func(tx *sql.Tx, f *File) (string, error) {
		for _, doc := range entry.Documents {
			pos, err := nextPos(ctx, tx, "casefile_documents", entityID, fileID)
			if err != nil {
				return "", err
			}
			d := Document{EntityID: entityID, ID: id.New(), FileID: fileID, Pos: pos, Version: 1, Name: doc.Filename,
				DocType: "TD18", Origin: 0, Elaboration: "EE01", Status: "incorporado", Visible: true,
				Filename: doc.Filename, ContentType: doc.ContentType, Content: doc.Content, CreatedAt: m.kit.Now(),
				CreatedBy: citizen.UserID}
			if err := insertDocument(ctx, tx, d); err != nil {
				return "", err
			}
		}
		text := fmt.Sprintf("Aportación del interesado con la entrada %s (%d documentos)", entry.Number, len(entry.Documents))
		tasks, err := tasksOf(ctx, tx, entityID, fileID)
		if err != nil {
			return "", err
		}
		for _, t := range tasks {
			if t.State != "en_curso" || t.Kind != StepRemedy {
				continue
			}
			at := entry.RegisteredAt
			t.State, t.DoneAt, t.DoneBy, t.Note = "hecho", at, name, "Contestado con la entrada "+entry.Number
			if err := updateTask(ctx, tx, t); err != nil {
				return "", err
			}
			lift := at
			if !t.DueAt.IsZero() && t.DueAt.Before(at) {
				lift = t.DueAt
			}
			if _, err := m.liftSuspension(ctx, tx, *f, lift); err != nil && errs.KindOf(err) != errs.Conflict {
				return "", err
			}
			text += "; contesta el requerimiento y se levanta la suspensión del plazo máximo"
		}
		return text + ".", nil
	})
}

// SedeProcedure is a procedure of the entity's catalogue that its sede
// offers to citizens.
type SedeProcedure struct {
	Code, Name, Summary, Area string
	// Term is the plazo máximo for resolving ("3 meses"), Silence its
	// effect in Spanish.
	Term, Silence string
	Requirements  []string
}

// SedeProcedures lists the active procedures of the entity's catalogue
// that the sede offers (Sede), by name.
func (m *Module) SedeProcedures(ctx context.Context, entityID string) ([]SedeProcedure, error) {
	list, err := procedures(ctx, m.kit.DB, entityID, true)
	if err != nil {
		return nil, err
	}
	var out []SedeProcedure
	for _, p := range list {
		if p.Sede {
			out = append(out, SedeProcedure{Code: p.Code, Name: p.Name, Summary: p.Summary, Area: p.Area,
				Term: p.MaxTerm.String(), Silence: p.Silence.Label(), Requirements: p.Requirements})
		}
	}
	return out, nil
}
