package decrees

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/csvdoc"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/pdf"
)

// DocumentKind is the kind of the signed resolutions in the CSV register.
const DocumentKind = "resolucion"

// paragraphs splits a text into its paragraphs (blank lines between them).
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// pdfDocument lays out a resolution: a signed one on paper, or a draft
// on its way to the portafirmas (number and date come with the last
// signature; the signatures themselves are the PDF's).
func (m *Module) pdfDocument(ent directory.Entity, d Decree, rectifies string) pdf.Document {
	number, date := d.Number, pdf.SpanishDate(noon(d.SignedOn))
	if !d.Signed() {
		number, date = "Se asigna al completarse la firma electrónica", "La de la última firma electrónica"
	}
	fields := []pdf.Field{
		{Label: "Número", Value: number},
		{Label: "Fecha", Value: date},
		{Label: "Órgano", Value: d.OrganLabel()},
	}
	if d.CaseNumber != "" {
		fields = append(fields, pdf.Field{Label: "Expediente", Value: d.CaseNumber})
	}
	if d.Area != "" {
		fields = append(fields, pdf.Field{Label: "Área", Value: d.Area})
	}
	if rectifies != "" {
		fields = append(fields, pdf.Field{Label: "Rectifica a", Value: "Resolución " + rectifies})
	}
	fields = append(fields, pdf.Field{Label: "Extracto", Value: d.Summary})
	paras := paragraphs(d.Body)
	if len(paras) == 0 {
		paras = []string{d.Summary}
	}
	doc := pdf.Document{
		Issuer:    ent.Name,
		IssuerSub: d.OrganLabel(),
		Title:     "Resolución " + d.Number,
		Reference: "Libro de resoluciones de " + fmt.Sprint(d.Year),
		Fields:    fields,
		CSV:       d.CSV,
		VerifyURL: csvdoc.URL(m.kit.Config.Public(), d.CSV),
		Date:      noon(d.SignedOn),
	}
	if !d.Signed() {
		doc.Title, doc.Reference, doc.Date = "Resolución", "Libro de resoluciones", m.kit.Now()
		doc.Paragraphs = append(paras, "Documento firmado electrónicamente. Las firmas, con su fecha, constan en el documento y pueden comprobarse con el código seguro de verificación.")
		return doc
	}
	doc.Paragraphs = append(paras, fmt.Sprintf("Firmada en papel por %s (%s) el %s. Firma registrada en el libro de resoluciones por %s.",
		d.SignerName, d.SignerPost, pdf.SpanishDate(noon(d.SignedOn)), d.RecordedByName))
	doc.SignatureLines = []string{d.SignerPost, "Fdo.: " + d.SignerName}
	return doc
}

// filename is the download name of a resolution's PDF.
func filename(d Decree) string {
	return "resolucion-" + strings.ReplaceAll(d.Number, "/", "-") + ".pdf"
}

// document returns the PDF of a signed resolution from the CSV register,
// rendering and storing it first when it is not there.
func (m *Module) document(ctx context.Context, ent directory.Entity, d Decree) ([]byte, error) {
	if !d.Signed() {
		return nil, errs.New(errs.Conflict, "Un borrador no tiene documento: lo tendrá cuando se registre la firma.")
	}
	if doc, err := csvdoc.Lookup(ctx, m.kit.DB, d.CSV); err == nil {
		return doc.Content, nil
	} else if !errors.Is(err, db.ErrNotFound) {
		return nil, fmt.Errorf("resoluciones: buscar el documento de %s: %w", d.Number, err)
	}
	if d.Signature == KindElectronic {
		return nil, fmt.Errorf("resoluciones: falta el PDF firmado de %s en el registro de CSV", d.Number)
	}
	var err error
	if ent.ID == "" {
		if ent, err = directory.EntityByID(ctx, m.kit.DB, d.EntityID); err != nil {
			return nil, fmt.Errorf("resoluciones: entidad de %s: %w", d.Number, err)
		}
	}
	rect := ""
	if d.RectifiesID != "" {
		r, err := decreeByID(ctx, m.kit.DB, d.EntityID, d.RectifiesID)
		if err != nil {
			return nil, err
		}
		rect = r.Number
	}
	content, err := m.kit.RenderPDF(ctx, m.kit.DB, d.EntityID, m.pdfDocument(ent, d, rect))
	if err != nil {
		return nil, fmt.Errorf("resoluciones: generar el PDF de %s: %w", d.Number, err)
	}
	err = csvdoc.Issue(ctx, m.kit.DB, m.issued(d, content))
	if db.IsUniqueViolation(err) { // issued meanwhile by another request
		doc, lerr := csvdoc.Lookup(ctx, m.kit.DB, d.CSV)
		if lerr != nil {
			return nil, lerr
		}
		return doc.Content, nil
	}
	if err != nil {
		return nil, fmt.Errorf("resoluciones: guardar el PDF de %s: %w", d.Number, err)
	}
	return content, nil
}

// issued is the CSV register's record of a signed resolution's PDF.
func (m *Module) issued(d Decree, content []byte) csvdoc.Document {
	return csvdoc.Document{CSV: d.CSV, EntityID: d.EntityID, Kind: DocumentKind,
		Title: "Resolución " + d.Number + ": " + d.Summary, ObjectType: "resolucion", ObjectID: d.ID,
		Filename: filename(d), ContentType: "application/pdf", Content: content, IssuedAt: d.RecordedAt,
		IssuedBy: d.RecordedBy}
}

// IssueByCSV issues the document of the signed resolution whose code is
// code if it was not yet rendered (the verification page asks); false when
// the code is not one of a resolution.
func (m *Module) IssueByCSV(ctx context.Context, code string) (bool, error) {
	d, err := scanDecree(m.kit.DB.QueryRowContext(ctx, `SELECT `+decreeColumns+` FROM decrees_resolutions
		WHERE csv = $1`, code))
	if errors.Is(db.NotFound(err), db.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("resoluciones: buscar el CSV: %w", err)
	}
	_, err = m.document(ctx, directory.Entity{}, d)
	return err == nil, err
}

// noon is midday UTC of a date kept as midnight UTC: the same day in Madrid.
func noon(day time.Time) time.Time { return day.Add(12 * time.Hour) }
