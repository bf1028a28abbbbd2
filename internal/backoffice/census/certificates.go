package census

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"
	"time"

	"concejo/internal/backoffice/territory"
	"concejo/internal/core/directory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/csvdoc"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/phrase"
	"concejo/internal/platform/web"
)

// Certificate is a volante or certificado issued.
type Certificate struct {
	ID, InscriptionID, Kind, Scope, Purpose, CSV, Channel string
	IssuedAt                                              time.Time
	IssuedBy, IssuerName                                  string
}

// Title names the document.
func (c Certificate) Title() string { return docTitle(c.Kind, c.Scope) }

func docTitle(kind, scope string) string {
	t := "Volante de empadronamiento"
	if kind == "certificado" {
		t = "Certificado de empadronamiento"
	}
	switch scope {
	case "convivencia":
		t += " y convivencia"
	case "historico":
		t += " histórico"
	}
	return t
}

func certificatesOf(ctx context.Context, q db.Queryer, entityID, inscriptionID string) ([]Certificate, error) {
	certs, err := db.Collect(ctx, q, func(s db.Scanner) (Certificate, error) {
		var c Certificate
		err := s.Scan(&c.ID, &c.InscriptionID, &c.Kind, &c.Scope, &c.Purpose, &c.CSV, &c.Channel, &c.IssuedAt, &c.IssuedBy)
		c.IssuedAt = c.IssuedAt.UTC()
		return c, err
	}, `SELECT c.id, c.inscription_id, c.kind, c.scope, c.purpose, c.csv, c.channel, c.issued_at, c.issued_by
		FROM census_certificates c
		WHERE c.entity_id = $1 AND c.inscription_id = $2 ORDER BY c.issued_at DESC, c.id DESC`, entityID, inscriptionID)
	if err != nil {
		return nil, fmt.Errorf("padrón: leer los certificados de la inscripción %s: %w", inscriptionID, err)
	}
	ids := make([]string, len(certs))
	for i, c := range certs {
		ids[i] = c.IssuedBy
	}
	people, err := directory.PeopleByIDs(ctx, q, ids)
	if err != nil {
		return nil, fmt.Errorf("padrón: leer quién expidió los certificados de la inscripción %s: %w", inscriptionID, err)
	}
	for i, c := range certs {
		if certs[i].IssuerName = people[c.IssuedBy].Given; certs[i].IssuerName == "" {
			certs[i].IssuerName = c.IssuedBy
		}
	}
	return certs, nil
}

// IssueInput asks for a volante or certificado.
type IssueInput struct {
	Kind    string // volante or certificado
	Scope   string // individual, convivencia or historico
	Purpose string
	// Channel is "oficina" (staff) or "sede" (the person himself).
	Channel string
}

// Issue renders and registers a volante or certificado of an inscription
// of the actor's current entity, and returns its CSV code.
func (m *Module) Issue(ctx context.Context, a *auth.Actor, inscriptionID string, in IssueInput) (string, error) {
	if err := m.kit.Access.RequireHere(ctx, a, PermCertify); err != nil {
		return "", err
	}
	return m.issue(ctx, a, inscriptionID, in)
}

// IssueForCitizen issues, for the sede electrónica, a volante or
// certificado to the person himself, identified (Cl@ve, certificate) by his
// document: his active inscription in entityID (or, for "historico", his
// latest one). It returns the CSV and the PDF; a person not inscribed is
// db.ErrNotFound. The issue is recorded with channel "sede".
func (m *Module) IssueForCitizen(ctx context.Context, entityID, entityName, document string, in IssueInput) (string, []byte, error) {
	i, err := scanInscription(m.kit.DB.QueryRowContext(ctx, `SELECT `+inscriptionCols+` FROM census_inscriptions
		WHERE entity_id = $1 AND doc_number = $2 ORDER BY active DESC, registered_on DESC LIMIT 1`, entityID, normDoc(document)))
	if err != nil {
		return "", nil, db.NotFound(err)
	}
	a := &auth.Actor{UserID: "sede:" + i.DocNumber, Name: i.FullName() + " (sede electrónica)",
		Entity: auth.EntityRef{ID: entityID, Name: entityName}}
	in.Channel = "sede"
	code, err := m.issue(ctx, a, i.ID, in)
	if err != nil {
		return "", nil, err
	}
	d, err := csvdoc.Lookup(ctx, m.kit.DB, code)
	return code, d.Content, err
}

func (m *Module) issue(ctx context.Context, a *auth.Actor, inscriptionID string, in IssueInput) (string, error) {
	entityID := a.Entity.ID
	var fe errs.Fields
	if in.Kind != "volante" && in.Kind != "certificado" {
		fe.Add("alcance", "Pulse «Emitir volante» o «Emitir certificado».")
	}
	if in.Scope != "individual" && in.Scope != "convivencia" && in.Scope != "historico" {
		fe.Add("alcance", "Elija qué recoge el documento: la persona, todas las de la vivienda o su historia.")
	}
	if len([]rune(in.Purpose)) > 200 {
		fe.Add("finalidad", "Escriba la finalidad en 200 caracteres como mucho.")
	}
	if err := fe.Err(); err != nil {
		return "", err
	}
	i, err := getInscription(ctx, m.kit.DB, entityID, inscriptionID)
	if err != nil {
		return "", err
	}
	if !i.Active && in.Scope != "historico" {
		fe.Add("alcance", "La persona está de baja desde el "+web.Date(i.LeftOn)+": solo puede emitirse un documento histórico.")
		return "", fe.Err()
	}
	doc, err := m.document(ctx, a, i, in)
	if err != nil {
		return "", err
	}
	content, err := m.kit.RenderPDF(ctx, m.kit.DB, entityID, doc)
	if err != nil {
		return "", err
	}
	if in.Channel == "" {
		in.Channel = "oficina"
	}
	now := time.Now().UTC()
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		c := Certificate{ID: id.New(), InscriptionID: i.ID, Kind: in.Kind, Scope: in.Scope, Purpose: in.Purpose,
			CSV: doc.CSV, Channel: in.Channel, IssuedAt: now, IssuedBy: a.UserID}
		if _, err := tx.ExecContext(ctx, `INSERT INTO census_certificates (entity_id, id, inscription_id, kind, scope, purpose,
			csv, channel, issued_at, issued_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			entityID, c.ID, c.InscriptionID, c.Kind, c.Scope, c.Purpose, c.CSV, c.Channel, c.IssuedAt, c.IssuedBy); err != nil {
			return err
		}
		if err := csvdoc.Issue(ctx, tx, csvdoc.Document{CSV: c.CSV, EntityID: entityID, Kind: in.Kind, Title: doc.Title,
			ObjectType: "inscripcion", ObjectID: i.ID, Filename: strings.ReplaceAll(strings.ToLower(c.Title()), " ", "-") + ".pdf",
			ContentType: "application/pdf", Content: content, IssuedAt: now, IssuedBy: a.UserID}); err != nil {
			return err
		}
		if err := logAccess(ctx, tx, entityID, i.ID, "documento", c.Title()+" "+c.CSV, a.UserID, a.Name, a.IP); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: entityID, Action: "padron.documento", ObjectType: "inscripcion",
			ObjectID: i.ID, After: map[string]string{"documento": c.Title(), "csv": c.CSV, "finalidad": c.Purpose, "canal": c.Channel}})
	})
	return doc.CSV, err
}

// document builds the PDF of a volante or certificado.
func (m *Module) document(ctx context.Context, a *auth.Actor, i Inscription, in IssueInput) (pdf.Document, error) {
	entityName := a.Entity.Name
	code := csvdoc.NewCode()
	addr, err := territory.DwellingAddress(ctx, m.kit.DB, i.EntityID, i.DwellingID)
	if err != nil {
		return pdf.Document{}, err
	}
	res, err := residencesOf(ctx, m.kit.DB, i.EntityID, i.ID)
	if err != nil {
		return pdf.Document{}, err
	}
	since := i.RegisteredOn
	if len(res) > 0 {
		since = res[len(res)-1].From
	}
	fields := []pdf.Field{{Label: "Nombre y apellidos", Value: i.FullName()}, {Label: "Documento", Value: i.DocLabel()}}
	if in.Kind == "certificado" {
		fields = append(fields, pdf.Field{Label: "Fecha y lugar de nacimiento", Value: web.Date(i.BirthDate) + ", " + i.BirthPlace()},
			pdf.Field{Label: "Nacionalidad", Value: i.NationalityName()})
	}
	if i.Active {
		fields = append(fields, pdf.Field{Label: "Domicilio", Value: addr.Full()},
			pdf.Field{Label: "Inscrito en este domicilio desde", Value: web.Date(since)})
	}
	fields = append(fields, pdf.Field{Label: "Alta en el municipio", Value: web.Date(i.RegisteredOn) + " (" + i.AltaCauseName() + ")"})
	if !i.Active {
		fields = append(fields, pdf.Field{Label: "Baja en el municipio", Value: web.Date(i.LeftOn) + " (" + i.BajaCauseName() + ")"})
	}
	if in.Purpose != "" {
		fields = append(fields, pdf.Field{Label: "Finalidad", Value: in.Purpose})
	}
	var paras []string
	if in.Kind == "certificado" {
		paras = append(paras, "La Secretaría "+phrase.Of(entityName)+" CERTIFICA que, según los datos que constan en el Padrón municipal de habitantes "+
			"a la fecha de este documento, la persona indicada figura inscrita con los datos que se relacionan.")
	} else {
		paras = append(paras, "Volante informativo de los datos que constan en el Padrón municipal de habitantes "+phrase.Of(entityName)+
			" a la fecha de este documento. El volante no tiene el valor de una certificación.")
	}
	switch in.Scope {
	case "convivencia":
		hh, err := household(ctx, m.kit.DB, i.EntityID, i.DwellingID)
		if err != nil {
			return pdf.Document{}, err
		}
		var b strings.Builder
		b.WriteString(fmt.Sprintf("En el mismo domicilio figuran inscritas %d personas:", len(hh)))
		for _, p := range hh {
			b.WriteString("\n· " + p.FullName() + ", nacida el " + web.Date(p.BirthDate) + ", inscrita desde el " + web.Date(p.RegisteredOn))
		}
		paras = append(paras, b.String())
	case "historico":
		ids := []string{}
		for _, r := range res {
			ids = append(ids, r.DwellingID)
		}
		addrs, err := territory.DwellingAddresses(ctx, m.kit.DB, i.EntityID, ids)
		if err != nil {
			return pdf.Document{}, err
		}
		var b strings.Builder
		b.WriteString("Domicilios en el municipio:")
		for _, r := range res {
			to := "la actualidad"
			if !r.To.IsZero() {
				to = "el " + web.Date(r.To)
			}
			b.WriteString("\n· " + addrs[r.DwellingID].Full() + ": desde el " + web.Date(r.From) + " hasta " + to)
		}
		paras = append(paras, b.String())
	}
	paras = append(paras, "Documento expedido a efectos administrativos. Puede comprobar su autenticidad con el código seguro de "+
		"verificación (CSV) en la dirección que figura al pie.")
	return pdf.Document{
		Issuer:         entityName,
		IssuerSub:      "Padrón municipal de habitantes",
		Title:          docTitle(in.Kind, in.Scope),
		Reference:      fmt.Sprintf("Inscripción n.º %d", i.Number),
		Fields:         fields,
		Paragraphs:     paras,
		SignatureLines: signature(in.Kind),
		CSV:            code,
		VerifyURL:      csvdoc.URL(m.kit.Config.Public(), code),
		Date:           time.Now(),
	}, nil
}

func signature(kind string) []string {
	if kind == "certificado" {
		return []string{"La Secretaría del Ayuntamiento", "(sello electrónico del órgano, con código seguro de verificación)"}
	}
	return []string{"Emitido con sello electrónico, con código seguro de verificación"}
}

// issuePost issues a document from the inscription page and opens it at
// once: the form's button says which document (volante or certificado),
// its radios the scope; on success the browser goes to the PDF itself.
func (m *Module) issuePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	id := r.PathValue("id")
	code, err := m.Issue(r.Context(), kit.Actor(r), id, IssueInput{Kind: web.Field(r, "documento"), Scope: web.Field(r, "alcance"),
		Purpose: web.Field(r, "finalidad")})
	return m.kit.AfterPost(w, r, err, "/padron/documentos/"+code, "", "census/inscription", m.inscriptionPage)
}

// documentDownload shows an issued volante or certificado to staff, in the
// browser's PDF viewer (from where it is printed or saved).
func (m *Module) documentDownload(w http.ResponseWriter, r *http.Request) error {
	a := kit.Actor(r)
	ctx := r.Context()
	var inscriptionID string
	err := m.kit.DB.QueryRowContext(ctx, `SELECT inscription_id FROM census_certificates WHERE entity_id = $1 AND csv = $2`,
		a.Entity.ID, r.PathValue("csv")).Scan(&inscriptionID)
	if err != nil {
		return db.NotFound(err)
	}
	d, err := csvdoc.Lookup(ctx, m.kit.DB, r.PathValue("csv"))
	if err != nil {
		return err
	}
	if err := m.logAccess(ctx, a.Entity.ID, inscriptionID, "descarga", d.Title+" "+d.CSV, a.UserID, a.Name, a.IP); err != nil {
		return err
	}
	return web.SendFile(w, web.File{Name: d.Filename, ContentType: "application/pdf", Content: d.Content, Inline: true})
}
