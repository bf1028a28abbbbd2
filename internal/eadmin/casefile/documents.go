package casefile

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/eadmin/registry"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/csvdoc"
	"concejo/internal/platform/db"
	"concejo/internal/platform/eni"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/web"
	"concejo/internal/refdata"
)

// Document is a document of an expediente (one version of it).
type Document struct {
	EntityID, ID, FileID string
	// Pos is its place in the expediente's índice; versions share it.
	Pos     int
	Version int
	// Replaces is the id of the version this one replaces.
	Replaces string
	Name     string
	// DocType is the ENI tipo documental (TD01…TD20, TD99).
	DocType string
	// Origin is the ENI origen: 0 ciudadano, 1 administración.
	Origin int
	// Elaboration is the ENI estado de elaboración (EE01 original…).
	Elaboration string
	// Status: borrador (a draft being written), emitido (issued with its
	// CSV), incorporado (came in: uploaded or from the registro).
	Status      string
	Visible     bool // the interesados may see it in the sede
	TaskID      string
	Filename    string
	ContentType string
	Size        int64
	SHA256      string
	Content     []byte
	Body        string // the text of a draft or issued document
	CSV         string
	// DecreeID is the resolution of the libro de resoluciones this
	// document is (its content is read from the libro).
	DecreeID  string
	CreatedAt time.Time
	CreatedBy string
	IssuedAt  time.Time
	// ENIIdentifier, ENIOrgan and ENICaptured are the identifier, órgano
	// and date of capture of a document incorporated from an ENI document
	// of another administration ("" and zero for the platform's own);
	// ENIXML is that ENI file as it came, to be stored (lists and
	// documentByID leave it out: eniOriginal reads it).
	ENIIdentifier, ENIOrgan string
	ENICaptured             time.Time
	ENIXML                  []byte
}

// StatusLabel is the document's status in Spanish.
func (d Document) StatusLabel() string {
	return map[string]string{"borrador": "Borrador", "emitido": "Emitido", "incorporado": "Incorporado"}[d.Status]
}

// OriginLabel is the ENI origen in Spanish.
func (d Document) OriginLabel() string {
	if d.Origin == 0 {
		return "Ciudadano"
	}
	return "Administración"
}

// DocTypeLabel is the ENI tipo documental's name.
func (d Document) DocTypeLabel() string { return eni.DocTypeName(d.DocType) }

// SizeLabel is the size in bytes, for screens.
func (d Document) SizeLabel() string { return web.Thousands(d.Size) + " bytes" }

const documentColumns = `entity_id, id, file_id, pos, version, replaces, name, doc_type, origin, elaboration, status,
	visible, task_id, filename, content_type, size, sha256, body, csv, decree_id, created_at, created_by, issued_at,
	eni_identifier, eni_organ, eni_captured`

func insertDocument(ctx context.Context, tx *sql.Tx, d Document) error {
	sum := sha256.Sum256(d.Content)
	d.SHA256, d.Size = hex.EncodeToString(sum[:]), int64(len(d.Content))
	if d.DecreeID != "" && len(d.Content) == 0 {
		d.SHA256 = ""
	}
	var original any // NULL for the platform's own documents
	if len(d.ENIXML) > 0 {
		original = d.ENIXML
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO casefile_documents (`+documentColumns+`, content, eni_xml) VALUES ($1, $2,
		$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26,
		$27, $28)`,
		d.EntityID, d.ID, d.FileID, d.Pos, d.Version, d.Replaces, d.Name, d.DocType, d.Origin, d.Elaboration,
		d.Status, d.Visible, d.TaskID, d.Filename, d.ContentType, d.Size, d.SHA256, d.Body, d.CSV, d.DecreeID,
		d.CreatedAt, d.CreatedBy, db.NullTime(d.IssuedAt), d.ENIIdentifier, d.ENIOrgan, db.NullTime(d.ENICaptured), d.Content,
		original)
	if err != nil {
		return fmt.Errorf("expedientes: guardar el documento %s: %w", d.Name, err)
	}
	return nil
}

func scanDocument(sc db.Scanner, extra ...any) (Document, error) {
	var d Document
	var issued, captured sql.NullTime
	dest := append([]any{&d.EntityID, &d.ID, &d.FileID, &d.Pos, &d.Version, &d.Replaces, &d.Name, &d.DocType,
		&d.Origin, &d.Elaboration, &d.Status, &d.Visible, &d.TaskID, &d.Filename, &d.ContentType, &d.Size, &d.SHA256,
		&d.Body, &d.CSV, &d.DecreeID, &d.CreatedAt, &d.CreatedBy, &issued, &d.ENIIdentifier, &d.ENIOrgan, &captured},
		extra...)
	err := sc.Scan(dest...)
	d.IssuedAt, d.ENICaptured = issued.Time, captured.Time
	return d, err
}

// documentsOf lists the expediente's documents, every version, in índice
// order (without content).
func documentsOf(ctx context.Context, q db.Queryer, entityID, fileID string) ([]Document, error) {
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (Document, error) { return scanDocument(sc) },
		`SELECT `+documentColumns+` FROM casefile_documents WHERE entity_id = $1 AND file_id = $2
		ORDER BY pos, version`, entityID, fileID)
	if err != nil {
		return nil, fmt.Errorf("expedientes: leer los documentos de %s: %w", fileID, err)
	}
	return rows, nil
}

// documentByID reads one document version with its content.
func documentByID(ctx context.Context, q db.Queryer, entityID, fileID, id string) (Document, error) {
	var content []byte
	d, err := scanDocument(q.QueryRowContext(ctx, `SELECT `+documentColumns+`, content FROM casefile_documents
		WHERE entity_id = $1 AND file_id = $2 AND id = $3`, entityID, fileID, id), &content)
	if err := db.NotFound(err); err != nil {
		return d, fmt.Errorf("expedientes: leer el documento %s: %w", id, err)
	}
	d.Content = content
	return d, nil
}

// current keeps the last version of each document of the índice.
func current(all []Document) []Document {
	var out []Document
	for _, d := range all {
		if n := len(out); n > 0 && out[n-1].Pos == d.Pos {
			out[n-1] = d
			continue
		}
		out = append(out, d)
	}
	return out
}

// takeDocuments brings the documents of the entrada into a new expediente:
// originals from the citizen, as the registro keeps them.
func (m *Module) takeDocuments(ctx context.Context, tx *sql.Tx, a *auth.Actor, f File, e registry.Incoming) error {
	for i, doc := range e.Documents {
		d := Document{EntityID: f.EntityID, ID: id.New(), FileID: f.ID, Pos: i + 1, Version: 1, Name: doc.Filename,
			DocType: "TD14", Origin: 0, Elaboration: "EE01", Status: "incorporado", Visible: true,
			Filename: doc.Filename, ContentType: doc.ContentType, Content: doc.Content, CreatedAt: f.CreatedAt,
			CreatedBy: a.UserID}
		if err := insertDocument(ctx, tx, d); err != nil {
			return err
		}
	}
	return nil
}

// Upload is a document a clerk adds to an expediente.
type Upload struct {
	Name, DocType string
	Origin        int
	Visible       bool
	Filename      string
	Content       []byte
}

// maxUpload bounds a document (the registro's limit too).
const maxUpload = 20 << 20

// AddDocument stores an uploaded document at the end of the índice; an ENI
// document (an XML file whose root is enidoc:documento) comes in as the
// document it carries, with its metadata and its signatures checked (see
// fromENI).
func (m *Module) AddDocument(ctx context.Context, a *auth.Actor, entityID, fileID string, u Upload) (Document, error) {
	fe := errs.Fields{}
	d := Document{EntityID: entityID, ID: id.New(), FileID: fileID, Version: 1, Name: strings.TrimSpace(u.Name),
		DocType: u.DocType, Origin: u.Origin, Elaboration: "EE01", Status: "incorporado", Visible: u.Visible,
		Filename: safeFilename(u.Filename), ContentType: http.DetectContentType(u.Content), Content: u.Content,
		CreatedBy: a.UserID}
	var checks []signatureCheck
	switch {
	case len(u.Content) == 0:
		fe.Add("fichero", "Elija el fichero del documento.")
	case len(u.Content) > maxUpload:
		fe.Add("fichero", "El fichero pasa de 20 MB.")
	case eni.IsDocument(u.Content):
		var err error
		if checks, err = fromENI(&d); err != nil {
			return Document{}, err
		}
	}
	if d.ENIIdentifier == "" && !eni.ValidDocType(d.DocType) {
		fe.Add("tipo", "Elija el tipo documental.")
	}
	if d.Name == "" {
		d.Name = d.Filename
	}
	if len([]rune(d.Name)) > 200 {
		fe.Add("nombre", "El nombre del documento no puede pasar de 200 caracteres.")
	}
	if err := fe.Err(); err != nil {
		return Document{}, err
	}
	err := m.change(ctx, a, entityID, fileID, func(tx *sql.Tx, f *File) (string, error) {
		pos, err := nextPos(ctx, tx, "casefile_documents", entityID, fileID)
		if err != nil {
			return "", err
		}
		d.Pos, d.CreatedAt = pos, m.kit.Now()
		if err := insertDocument(ctx, tx, d); err != nil {
			return "", err
		}
		if d.ENIIdentifier == "" {
			return "Documento incorporado: " + d.Name + ".", nil
		}
		text := fmt.Sprintf("Documento ENI %s del órgano %s incorporado: %s.", d.ENIIdentifier, d.ENIOrgan, d.Name)
		for _, c := range checks {
			text += " " + c.String() + "."
		}
		return text, nil
	})
	return d, err
}

// Draft generates a draft document from a template of the expediente's
// design, with its merge fields filled in; taskID names the trámite it
// belongs to ("" for none).
func (m *Module) Draft(ctx context.Context, a *auth.Actor, entityID, fileID, template, taskID string) (Document, error) {
	var d Document
	err := m.change(ctx, a, entityID, fileID, func(tx *sql.Tx, f *File) (string, error) {
		var tpl *Template
		for i := range f.Design.Templates {
			if f.Design.Templates[i].Code == template {
				tpl = &f.Design.Templates[i]
			}
		}
		if tpl == nil {
			return "", fieldErr("plantilla", "Elija una plantilla del procedimiento.")
		}
		task, err := m.taskOfTemplate(ctx, tx, *f, template, taskID)
		if err != nil {
			return "", err
		}
		taskID = task.ID
		values, err := m.mergeValues(ctx, tx, *f, task)
		if err != nil {
			return "", err
		}
		pos, err := nextPos(ctx, tx, "casefile_documents", entityID, fileID)
		if err != nil {
			return "", err
		}
		body := Merge(tpl.Body, values)
		d = Document{EntityID: entityID, ID: id.New(), FileID: fileID, Pos: pos, Version: 1, Name: tpl.Name,
			DocType: tpl.DocType, Origin: 1, Elaboration: "EE01", Status: "borrador", TaskID: taskID,
			Filename: slug(tpl.Name) + ".txt", ContentType: "text/plain; charset=utf-8", Content: []byte(body),
			Body: body, CreatedAt: m.kit.Now(), CreatedBy: a.UserID}
		if err := insertDocument(ctx, tx, d); err != nil {
			return "", err
		}
		return "Borrador generado con la plantilla «" + tpl.Name + "».", nil
	})
	return d, err
}

// taskOfTemplate is the trámite a draft belongs to: taskID when given,
// else the first trámite whose step issues the template (a zero Task when
// none does).
func (m *Module) taskOfTemplate(ctx context.Context, q db.Queryer, f File, template, taskID string) (Task, error) {
	if taskID != "" {
		return taskByID(ctx, q, f.EntityID, f.ID, taskID)
	}
	tasks, err := tasksOf(ctx, q, f.EntityID, f.ID)
	if err != nil {
		return Task{}, err
	}
	for _, t := range tasks {
		for _, s := range f.Design.Steps {
			if s.Code == t.StepCode && s.Template == template {
				return t, nil
			}
		}
	}
	return Task{}, nil
}

// Revise stores a new version of a draft with the text the clerk wrote;
// the previous version stays.
func (m *Module) Revise(ctx context.Context, a *auth.Actor, entityID, fileID, docID, body string) (Document, error) {
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	if body == "" {
		return Document{}, fieldErr("texto", "El documento no puede quedar vacío.")
	}
	if len(body) > 200_000 {
		return Document{}, fieldErr("texto", "El texto pasa de 200.000 caracteres.")
	}
	var d Document
	err := m.change(ctx, a, entityID, fileID, func(tx *sql.Tx, f *File) (string, error) {
		prev, err := m.lastVersion(ctx, tx, entityID, fileID, docID)
		if err != nil {
			return "", err
		}
		if prev.Status != "borrador" {
			return "", errs.New(errs.Conflict, "Solo se corrige un borrador: un documento emitido o incorporado no se cambia.")
		}
		d = prev
		d.ID, d.Version, d.Replaces, d.Body, d.Content = id.New(), prev.Version+1, prev.ID, body, []byte(body)
		d.CreatedAt, d.CreatedBy = m.kit.Now(), a.UserID
		if err := insertDocument(ctx, tx, d); err != nil {
			return "", err
		}
		return fmt.Sprintf("Borrador «%s» corregido (versión %d).", d.Name, d.Version), nil
	})
	return d, err
}

// Issue renders the last version of a draft as a PDF with its CSV,
// registers it for verification at /verificar and stores it as a new,
// final version of the document.
func (m *Module) Issue(ctx context.Context, a *auth.Actor, entityID, fileID, docID string) (Document, error) {
	ent, err := directory.EntityByID(ctx, m.kit.DB, entityID)
	if err != nil {
		return Document{}, err
	}
	var d Document
	err = m.change(ctx, a, entityID, fileID, func(tx *sql.Tx, f *File) (string, error) {
		prev, err := m.lastVersion(ctx, tx, entityID, fileID, docID)
		if err != nil {
			return "", err
		}
		if prev.Status != "borrador" {
			return "", errs.New(errs.Conflict, "Ese documento ya está emitido o incorporado.")
		}
		now := m.kit.Now()
		d = prev
		d.ID, d.Version, d.Replaces, d.Status, d.CSV, d.IssuedAt = id.New(), prev.Version+1, prev.ID, "emitido", csvdoc.NewCode(), now
		d.CreatedAt, d.CreatedBy, d.Filename, d.ContentType = now, a.UserID, slug(d.Name)+".pdf", "application/pdf"
		d.Content, err = m.kit.RenderPDF(ctx, tx, entityID, pdf.Document{Issuer: ent.Name, IssuerSub: f.ProcedureName, Title: d.Name,
			Reference: "Expediente " + f.Number, Paragraphs: strings.Split(d.Body, "\n\n"), CSV: d.CSV,
			VerifyURL: csvdoc.URL(m.kit.Config.Public(), d.CSV), Date: now})
		if err != nil {
			return "", err
		}
		if err := insertDocument(ctx, tx, d); err != nil {
			return "", err
		}
		err = csvdoc.Issue(ctx, tx, csvdoc.Document{CSV: d.CSV, EntityID: entityID, Kind: "expediente",
			Title: d.Name + " (expediente " + f.Number + ")", ObjectType: "documento_expediente", ObjectID: d.ID,
			Filename: d.Filename, ContentType: d.ContentType, Content: d.Content, IssuedAt: now, IssuedBy: a.UserID})
		if err != nil {
			return "", err
		}
		return "Documento emitido: " + d.Name + " (CSV " + d.CSV + ").", nil
	})
	return d, err
}

// lastVersion reads the newest version of the document whose version is docID.
func (m *Module) lastVersion(ctx context.Context, q db.Queryer, entityID, fileID, docID string) (Document, error) {
	d, err := documentByID(ctx, q, entityID, fileID, docID)
	if err != nil {
		return d, err
	}
	all, err := documentsOf(ctx, q, entityID, fileID)
	if err != nil {
		return d, err
	}
	for _, x := range all {
		if x.Pos == d.Pos && x.Version > d.Version {
			return documentByID(ctx, q, entityID, fileID, x.ID)
		}
	}
	return d, nil
}

// mergeValues are the values of the merge fields for an expediente.
func (m *Module) mergeValues(ctx context.Context, q db.Queryer, f File, t Task) (map[string]string, error) {
	ent, err := directory.EntityByID(ctx, q, f.EntityID)
	if err != nil {
		return nil, err
	}
	people, err := partiesOf(ctx, q, f.EntityID, f.ID)
	if err != nil {
		return nil, err
	}
	v := map[string]string{"entidad": ent.Name, "municipio": ent.Town, "alcalde": ent.MayorName,
		"organo": "la Alcaldía-Presidencia", "expediente": f.Number, "asunto": f.Subject,
		"procedimiento": f.ProcedureName, "fecha_inicio": pdf.SpanishDate(f.StartedAt), "registro": f.EntryNumber,
		"plazo_maximo": f.MaxTerm.String(), "silencio": strings.ToLower(f.Silence.Label()),
		"fecha": pdf.SpanishDate(m.kit.Now())}
	if v["municipio"] == "" {
		v["municipio"] = ent.Name
	}
	if !f.DueAt.IsZero() {
		v["fecha_vencimiento"] = pdf.SpanishDate(f.DueAt)
	}
	if t.HasTerm() {
		v["plazo_tramite"] = t.Term.String()
	}
	for _, p := range people {
		switch {
		case p.Role == "interesado" && v["interesado"] == "":
			v["interesado"], v["interesado_documento"], v["interesado_direccion"] = p.Name, p.DocNumber, p.Address
		case p.Role == "representante" && v["representante"] == "":
			v["representante"] = p.Name
		}
	}
	return v, nil
}

// safeFilename keeps the last element of a client's file name.
func safeFilename(s string) string {
	s = s[strings.LastIndexAny(s, `/\`)+1:]
	if s = strings.TrimSpace(s); s == "" {
		return "documento"
	}
	return s
}

// slug is a file name made of a title.
func slug(s string) string { return cmp.Or(refdata.Hyphenated(s), "documento") }
