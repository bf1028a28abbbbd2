package casefile

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"

	"concejo/internal/core/directory"
	"concejo/internal/platform/eni"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/web"
)

// eniFields are a document's ENI metadata as labels and values, for its
// page and its visualización.
func eniFields(doc eni.Document) []pdf.Field {
	origin := "Ciudadano"
	if doc.FromAdministration {
		origin = "Administración"
	}
	fields := []pdf.Field{{Label: "Identificador", Value: doc.Identifier}, {Label: "Órgano", Value: doc.Organ},
		{Label: "Fecha de captura", Value: web.DateTime(doc.Captured)}, {Label: "Origen", Value: origin},
		{Label: "Estado de elaboración", Value: doc.Elaboration + " " + eni.ElaborationName(doc.Elaboration)}}
	if doc.OriginID != "" {
		fields = append(fields, pdf.Field{Label: "Identificador del documento origen", Value: doc.OriginID})
	}
	return append(fields, pdf.Field{Label: "Tipo documental", Value: doc.DocType + " " + eni.DocTypeName(doc.DocType)},
		pdf.Field{Label: "Formato", Value: doc.Format})
}

// visualization is the PDF of a document as InSide shows an ENI document:
// a first page with its ENI metadata and its signatures, then the pages of
// its content when that is a PDF; sealed like every PDF the platform
// issues.
func (m *Module) visualization(ctx context.Context, f File, d Document, doc eni.Document, checks []signatureCheck) ([]byte, error) {
	e, err := directory.EntityByID(ctx, m.kit.DB, f.EntityID)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(doc.Content)
	page := pdf.Document{Issuer: e.Name, IssuerSub: "Expediente " + f.Number, Title: "Visualización del documento electrónico",
		Reference: d.Name, Date: m.kit.Now(), Fields: append(eniFields(doc), pdf.Field{Label: "Contenido",
			Value: web.Thousands(int64(len(doc.Content))) + " bytes, SHA-256 " + hex.EncodeToString(sum[:])})}
	if len(checks) == 0 {
		page.Paragraphs = []string{"Firmas: el documento no trae ninguna firma XAdES o PAdES ni código seguro de verificación que se compruebe aquí."}
	} else {
		page.Paragraphs = []string{"Firmas del documento (se comprueba su integridad, no la confianza en los certificados ni su vigencia):"}
	}
	for _, c := range checks {
		page.Paragraphs = append(page.Paragraphs, c.String()+".")
	}
	if !pdf.IsPDF(doc.Content) {
		return m.renderSealed(ctx, f, page, "El contenido no es un PDF: descárguelo del expediente para verlo.")
	}
	first, err := pdf.Render(withParagraph(page, "El contenido sigue en las páginas siguientes."))
	if err != nil {
		return nil, err
	}
	out, err := pdf.Append(first, doc.Content)
	if errors.Is(err, pdf.ErrNotAppendable) {
		return m.renderSealed(ctx, f, page, "El contenido es un PDF que no se puede leer para mostrar sus páginas (dañado o cifrado): descárguelo del expediente.")
	}
	if err != nil {
		return nil, err
	}
	return m.kit.SealPDF(ctx, m.kit.DB, f.EntityID, out)
}

// renderSealed renders page with a last paragraph, sealed.
func (m *Module) renderSealed(ctx context.Context, f File, page pdf.Document, last string) ([]byte, error) {
	return m.kit.RenderPDF(ctx, m.kit.DB, f.EntityID, withParagraph(page, last))
}

// withParagraph is page with one more paragraph at its end.
func withParagraph(page pdf.Document, p string) pdf.Document {
	page.Paragraphs = append(page.Paragraphs[:len(page.Paragraphs):len(page.Paragraphs)], p)
	return page
}
