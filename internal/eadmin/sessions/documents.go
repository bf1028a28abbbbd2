package sessions

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"concejo/internal/core/directory"
	"concejo/internal/eadmin/casefile"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/csvdoc"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/mail"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/phrase"
)

// Kinds of the documents in the CSV register.
const (
	DocConvocation = "convocatoria-sesion"
	DocActa        = "acta-sesion"
	DocCertificate = "certificado-acuerdo"
)

// issued returns the document whose code is meta.CSV from the CSV
// register, rendering and storing it first when it is not there (the demo
// loads sessions without rendering their documents).
func (m *Module) issued(ctx context.Context, meta csvdoc.Document, layout func() (pdf.Document, error)) ([]byte, error) {
	if doc, err := csvdoc.Lookup(ctx, m.kit.DB, meta.CSV); err == nil {
		return doc.Content, nil
	} else if !errors.Is(err, db.ErrNotFound) {
		return nil, fmt.Errorf("sesiones: buscar el documento %s: %w", meta.Filename, err)
	}
	d, err := layout()
	if err != nil {
		return nil, err
	}
	content, err := m.kit.RenderPDF(ctx, m.kit.DB, meta.EntityID, d)
	if err != nil {
		return nil, fmt.Errorf("sesiones: generar %s: %w", meta.Filename, err)
	}
	meta.ContentType, meta.Content = "application/pdf", content
	err = csvdoc.Issue(ctx, m.kit.DB, meta)
	if db.IsUniqueViolation(err) { // issued meanwhile by another request
		doc, lerr := csvdoc.Lookup(ctx, m.kit.DB, meta.CSV)
		if lerr != nil {
			return nil, lerr
		}
		return doc.Content, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sesiones: guardar %s: %w", meta.Filename, err)
	}
	return content, nil
}

// context of a document: the entity, the órgano and who presides and
// attests.
type docContext struct {
	ent                  directory.Entity
	organ                Organ
	president, secretary Member
	members              []Member
}

func (m *Module) docContext(ctx context.Context, s Session) (docContext, error) {
	var dc docContext
	var err error
	if dc.ent, err = directory.EntityByID(ctx, m.kit.DB, s.EntityID); err != nil {
		return dc, fmt.Errorf("sesiones: entidad %s: %w", s.EntityID, err)
	}
	if dc.organ, err = organByID(ctx, m.kit.DB, s.EntityID, s.OrganID); err != nil {
		return dc, err
	}
	if dc.members, err = membersOf(ctx, m.kit.DB, s.EntityID, s.OrganID, false); err != nil {
		return dc, err
	}
	dc.president = Member{Name: dc.ent.MayorName, Post: "Alcalde-Presidente"}
	dc.secretary = Member{Name: "", Post: "Secretario/a"}
	for _, mb := range dc.members {
		switch mb.Role {
		case RolePresident:
			dc.president = mb
		case RoleSecretary:
			dc.secretary = mb
		}
	}
	return dc, nil
}

func sessionFields(s Session) []pdf.Field {
	return []pdf.Field{{Label: "Órgano", Value: organOf(s.OrganKind, s.OrganName)}, {Label: "Clase de sesión", Value: s.KindLabel()},
		{Label: "Fecha y hora", Value: s.When()}, {Label: "Lugar", Value: s.Place}}
}

// convocationPDF is the convocatoria with the orden del día.
func (m *Module) convocationPDF(ctx context.Context, s Session) ([]byte, error) {
	meta := csvdoc.Document{CSV: s.ConvocationCSV, EntityID: s.EntityID, Kind: DocConvocation, Title: "Convocatoria de la " + lowerFirst(s.Title()),
		ObjectType: "sesion", ObjectID: s.ID, Filename: "convocatoria-" + s.StartsAt.Format("2006-01-02") + ".pdf",
		IssuedAt: s.ConvenedAt, IssuedBy: s.ConvenedBy}
	return m.issued(ctx, meta, func() (pdf.Document, error) {
		dc, err := m.docContext(ctx, s)
		if err != nil {
			return pdf.Document{}, err
		}
		items, err := itemsOf(ctx, m.kit.DB, s.EntityID, s.ID)
		if err != nil {
			return pdf.Document{}, err
		}
		paras := []string{fmt.Sprintf("Por orden de la Presidencia, se le convoca a la sesión %s %s %s, que se celebrará el %s en %s, "+
			"en primera convocatoria; de no haber quórum, se celebrará en segunda convocatoria dos días después a la misma hora "+
			"(art. 90 del ROF). Los expedientes de los asuntos están a su disposición en la Secretaría desde hoy (arts. 80 a 82 del ROF).",
			s.KindLabel(), phrase.Of(organOf(s.OrganKind, s.OrganName)), phrase.Of(dc.ent.Name), s.When(), s.Place), "ORDEN DEL DÍA"}
		for _, it := range items {
			paras = append(paras, fmt.Sprintf("%d. %s", it.Pos, it.Title))
		}
		if s.Kind == KindUrgent {
			paras = append(paras, "La sesión se convoca con carácter urgente: su primer punto es el pronunciamiento del órgano sobre la urgencia.")
		}
		return pdf.Document{Issuer: dc.ent.Name, IssuerSub: "Secretaría", Title: "Convocatoria de sesión " + s.KindLabel(),
			Reference: organOf(s.OrganKind, s.OrganName), Fields: sessionFields(s), Paragraphs: paras,
			SignatureLines: []string{dc.president.Post, "Fdo.: " + dc.president.Name},
			CSV:            s.ConvocationCSV, VerifyURL: csvdoc.URL(m.kit.Config.Public(), s.ConvocationCSV), Date: s.ConvenedAt}, nil
	})
}

// actaLayout lays out the acta (a draft has no CSV).
func (m *Module) actaLayout(ctx context.Context, s Session) (pdf.Document, error) {
	dc, err := m.docContext(ctx, s)
	if err != nil {
		return pdf.Document{}, err
	}
	title := "Acta de la " + lowerFirst(s.Title())
	paras := paragraphs(s.Acta)
	ref := "Borrador: pendiente de aprobación"
	if s.State == StateApproved {
		ref = "Aprobada el " + s.ApprovedAt.Format("02/01/2006")
		if prev, err := sessionByID(ctx, m.kit.DB, s.EntityID, s.ApprovedIn); err == nil {
			ref = "Aprobada en la " + lowerFirst(prev.Title())
		}
	} else {
		title = "BORRADOR — " + title
	}
	d := pdf.Document{Issuer: dc.ent.Name, IssuerSub: "Secretaría", Title: title, Reference: ref, Fields: sessionFields(s),
		Paragraphs: paras, SignatureLines: []string{"Vº Bº " + dc.president.Post + ": " + dc.president.Name,
			dc.secretary.Post + ": " + dc.secretary.Name}, Date: s.StartsAt}
	if s.ActaCSV != "" {
		d.CSV, d.VerifyURL = s.ActaCSV, csvdoc.URL(m.kit.Config.Public(), s.ActaCSV)
	}
	return d, nil
}

// actaPDF is the acta: issued with its CSV once approved, rendered as a
// draft (not stored) before.
func (m *Module) actaPDF(ctx context.Context, s Session) ([]byte, error) {
	switch s.State {
	case StateConvened:
		return nil, errs.New(errs.Conflict, "La sesión no se ha cerrado: todavía no tiene acta.")
	case StateHeld:
		d, err := m.actaLayout(ctx, s)
		if err != nil {
			return nil, err
		}
		return pdf.Render(d)
	}
	meta := csvdoc.Document{CSV: s.ActaCSV, EntityID: s.EntityID, Kind: DocActa, Title: "Acta de la " + lowerFirst(s.Title()),
		ObjectType: "sesion", ObjectID: s.ID, Filename: "acta-" + s.StartsAt.Format("2006-01-02") + ".pdf",
		IssuedAt: s.ApprovedAt, IssuedBy: "sistema"}
	return m.issued(ctx, meta, func() (pdf.Document, error) { return m.actaLayout(ctx, s) })
}

// certificatePDF is the certificado de un acuerdo (ROF arts. 204-206),
// issued once the session is held "a reserva de los términos que resulten
// de la aprobación del acta".
func (m *Module) certificatePDF(ctx context.Context, s Session, it Item) ([]byte, error) {
	if it.CertificateCSV == "" {
		return nil, errs.New(errs.Conflict, "Este punto no tiene certificado: solo lo tienen los acuerdos sobre expedientes, al cerrarse la sesión.")
	}
	meta := csvdoc.Document{CSV: it.CertificateCSV, EntityID: s.EntityID, Kind: DocCertificate,
		Title: "Certificado del acuerdo del punto " + fmt.Sprint(it.Pos) + " de la " + lowerFirst(s.Title()), ObjectType: "punto",
		ObjectID: it.ID, Filename: fmt.Sprintf("certificado-acuerdo-%s-punto-%d.pdf", s.StartsAt.Format("2006-01-02"), it.Pos),
		IssuedAt: s.ClosedAt, IssuedBy: "sistema"}
	return m.issued(ctx, meta, func() (pdf.Document, error) {
		dc, err := m.docContext(ctx, s)
		if err != nil {
			return pdf.Document{}, err
		}
		att, err := attendanceOf(ctx, m.kit.DB, s.EntityID, s.ID)
		if err != nil {
			return pdf.Document{}, err
		}
		present := 0
		for _, mb := range dc.members {
			if mb.Votes() && att[mb.ID] == Present {
				present++
			}
		}
		verb := "aprobó"
		if it.Result == Rejected {
			verb = "rechazó"
		}
		paras := []string{
			fmt.Sprintf("%s, %s %s, CERTIFICO:", dc.secretary.Name, dc.secretary.Post, phrase.Of(dc.ent.Name)),
			fmt.Sprintf("Que %s, en la sesión %s celebrada el %s, con la asistencia de %d de sus %d miembros de derecho, %s por %s "+
				"(%s), a reserva de los términos que resulten de la aprobación del acta (art. 206 del ROF), el asunto %d del orden del día, "+
				"«%s», con el siguiente acuerdo:", phrase.The(organOf(s.OrganKind, s.OrganName)), s.KindLabel(), pdf.SpanishDate(s.StartsAt), present,
				dc.organ.LegalMembers, verb, it.MajorityLabel(), it.VotesLabel(), it.Pos, it.Title),
		}
		paras = append(paras, paragraphs(it.Agreement)...)
		paras = append(paras, "Y para que conste y surta efectos en el expediente "+it.FileNumber+", expido el presente certificado de orden "+
			"y con el visto bueno de la Presidencia.")
		return pdf.Document{Issuer: dc.ent.Name, IssuerSub: "Secretaría", Title: "Certificado de acuerdo",
			Reference: "Expediente " + it.FileNumber, Fields: sessionFields(s), Paragraphs: paras,
			SignatureLines: []string{"Vº Bº " + dc.president.Post + ": " + dc.president.Name, dc.secretary.Post + ": " + dc.secretary.Name},
			CSV:            it.CertificateCSV, VerifyURL: csvdoc.URL(m.kit.Config.Public(), it.CertificateCSV), Date: s.ClosedAt}, nil
	})
}

// deliverCertificates issues the certificate of each acuerdo on an
// expediente of a held session that has not reached its expediente yet,
// and records it there (RecordAgreement): it joins the expediente, and
// resolves it when the item says so. An expediente that refuses it is
// left pending; the session's page offers to retry.
func (m *Module) deliverCertificates(ctx context.Context, a *auth.Actor, s Session) error {
	items, err := itemsOf(ctx, m.kit.DB, s.EntityID, s.ID)
	if err != nil {
		return err
	}
	by, byName := actorName(a)
	var failed []string
	for _, it := range items {
		if it.CertificateCSV == "" || it.Recorded {
			continue
		}
		content, err := m.certificatePDF(ctx, s, it)
		if err == nil {
			err = m.cases.RecordAgreement(ctx, casefile.Agreement{EntityID: s.EntityID, FileID: it.FileID,
				Organ: organOf(s.OrganKind, s.OrganName), Session: lowerFirst(s.Title()), Result: it.Result, Text: it.Agreement,
				AdoptedAt: s.ClosedAt, Certificate: content, CSV: it.CertificateCSV, Resolves: it.Resolves, By: by, ByName: byName})
		}
		if err == nil {
			err = markRecorded(ctx, m.kit.DB, s.EntityID, it.ID)
		}
		if err != nil {
			m.kit.Log.Warn("sesiones: certificado no incorporado al expediente", "sesion", s.ID, "punto", it.Pos, "error", err)
			failed = append(failed, fmt.Sprintf("%d (%s)", it.Pos, reason(err)))
		}
	}
	if len(failed) > 0 {
		return errs.New(errs.Conflict, "No se pudo incorporar a su expediente el certificado de los puntos "+strings.Join(failed, "; ")+".")
	}
	return nil
}

// mailConvocation e-mails the convocatoria to the members who have an
// address; a failure is logged (the PDF stays at the session's page).
func (m *Module) mailConvocation(ctx context.Context, s Session, items []Item) {
	members, err := membersOf(ctx, m.kit.DB, s.EntityID, s.OrganID, false)
	if err != nil {
		m.kit.Log.Warn("sesiones: miembros para la convocatoria", "sesion", s.ID, "error", err)
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Por orden de la Presidencia, se le convoca a la sesión %s %s, que se celebrará el %s en %s.\n\nORDEN DEL DÍA\n\n",
		s.KindLabel(), phrase.Of(organOf(s.OrganKind, s.OrganName)), s.When(), s.Place)
	for _, it := range items {
		fmt.Fprintf(&b, "%d. %s\n", it.Pos, it.Title)
	}
	fmt.Fprintf(&b, "\nLa convocatoria firmada puede consultarse y verificarse con su código seguro de verificación %s en %s\n",
		s.ConvocationCSV, csvdoc.URL(m.kit.Config.Public(), s.ConvocationCSV))
	for _, mb := range members {
		if mb.Email == "" {
			continue
		}
		msg := mail.Message{To: mb.Email, Subject: "Convocatoria: " + s.Title(), Body: "Sr./Sra. " + mb.Name + ":\n\n" + b.String()}
		if err := m.kit.Mail.Send(ctx, msg); err != nil {
			m.kit.Log.Warn("sesiones: no se pudo enviar la convocatoria", "sesion", s.ID, "miembro", mb.ID, "error", err)
		}
	}
}

// reason is what a user may read of err: its message when it is one of
// the platform's kinds, else a general one (the log keeps the detail).
func reason(err error) string {
	var e *errs.Error
	if errors.As(err, &e) {
		return e.Message
	}
	if f, ok := errs.AsFields(err); ok {
		return f.Error()
	}
	return "error interno, anotado en el registro"
}
