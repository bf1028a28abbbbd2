package registry

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"concejo/internal/core/directory"
	"concejo/internal/platform/csvdoc"
	"concejo/internal/platform/db"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/web"
)

// ReceiptTitle is the title of the justificante.
const ReceiptTitle = "Justificante de registro"

// receiptDocument lays out the justificante: number, official date and
// time, office, interesados, summary and the annexes with their SHA-256
// (Ley 39/2015 art. 16.3).
func (m *Module) receiptDocument(ent directory.Entity, e entryRow, people []Interested, docs []storedDoc) pdf.Document {
	kind := "entrada"
	if e.Book == "S" {
		kind = "salida"
	}
	fields := []pdf.Field{
		{Label: "Número de registro", Value: e.Number + " (" + kind + ")"},
		{Label: "Fecha y hora oficial", Value: e.RegisteredAt.In(web.Madrid).Format("02/01/2006 15:04:05") + " (hora peninsular, Europe/Madrid)"},
		{Label: "Oficina de registro", Value: strings.TrimSpace(ent.Name + " " + paren(ent.DIR3))},
		{Label: "Medio de presentación", Value: MeansName(e.Means)},
	}
	add := func(label, v string) {
		if strings.TrimSpace(v) != "" {
			fields = append(fields, pdf.Field{Label: label, Value: v})
		}
	}
	for i, p := range people {
		label := "Interesado"
		if len(people) > 1 {
			label = fmt.Sprintf("Interesado %d", i+1)
		}
		add(label, strings.TrimSpace(p.Name+" "+paren(strings.TrimSpace(p.DocType+" "+p.DocNumber))))
		if r := p.Representative; r != nil {
			add("Representante", strings.TrimSpace(r.Name+" "+paren(strings.TrimSpace(r.DocType+" "+r.DocNumber)))+
				", en nombre de "+p.Name)
		}
	}
	add("Origen", strings.TrimSpace(e.OriginName+" "+paren(e.OriginDIR3)))
	add("Destino", strings.TrimSpace(e.DestName+" "+paren(e.DestDIR3)))
	add("Unidad de destino", strings.TrimSpace(e.DestUnitName+" "+paren(e.DestUnitDIR3)))
	add("Asunto", e.Subject)
	add("Resumen", e.Summary)
	add("Tipo de documento", DocTypeName(e.DocType))
	add("Referencia externa", e.ExternalRef)
	paras := []string{}
	if e.Expone != "" {
		paras = append(paras, "EXPONE: "+e.Expone)
	}
	if e.Solicita != "" {
		paras = append(paras, "SOLICITA: "+e.Solicita)
	}
	if len(docs) == 0 {
		paras = append(paras, "No se han aportado documentos.")
	} else {
		var b strings.Builder
		b.WriteString("Documentos aportados (huella SHA-256):")
		for _, d := range docs {
			fmt.Fprintf(&b, "\n%d. %s (%s bytes)\n    %s", d.Pos, d.Filename, web.Thousands(d.Size), d.SHA256)
		}
		paras = append(paras, b.String())
	}
	paras = append(paras, "Este justificante acredita la presentación y la fecha y hora de entrada en el registro "+
		"(artículo 16.3 de la Ley 39/2015, de 1 de octubre). Anotado por: "+e.ClerkName+".")
	return pdf.Document{
		Issuer:     ent.Name,
		IssuerSub:  "Registro general de entrada y salida",
		Title:      ReceiptTitle + " de " + kind,
		Reference:  "Asiento " + e.Number,
		Fields:     fields,
		Paragraphs: paras,
		CSV:        e.ReceiptCSV,
		VerifyURL:  csvdoc.URL(m.kit.Config.Public(), e.ReceiptCSV),
		Date:       e.RegisteredAt,
	}
}

func paren(s string) string {
	if s == "" {
		return ""
	}
	return "(" + s + ")"
}

// issueReceipt renders the justificante of an asiento and stores it in the
// CSV register, unless it is there already; it returns the PDF.
func (m *Module) issueReceipt(ctx context.Context, ent directory.Entity, entityID, entryID string) ([]byte, error) {
	e, err := entryByID(ctx, m.kit.DB, entityID, entryID)
	if err != nil {
		return nil, err
	}
	if doc, err := csvdoc.Lookup(ctx, m.kit.DB, e.ReceiptCSV); err == nil {
		return doc.Content, nil
	} else if !errors.Is(err, db.ErrNotFound) {
		return nil, err
	}
	if ent.ID == "" {
		if ent, err = directory.EntityByID(ctx, m.kit.DB, entityID); err != nil {
			return nil, err
		}
	}
	people, err := interestedOf(ctx, m.kit.DB, entityID, entryID)
	if err != nil {
		return nil, err
	}
	docs, err := documentsOf(ctx, m.kit.DB, entityID, entryID)
	if err != nil {
		return nil, err
	}
	content, err := m.kit.RenderPDF(ctx, m.kit.DB, entityID, m.receiptDocument(ent, e, people, docs))
	if err != nil {
		return nil, err
	}
	err = csvdoc.Issue(ctx, m.kit.DB, csvdoc.Document{CSV: e.ReceiptCSV, EntityID: entityID, Kind: "justificante",
		Title: ReceiptTitle + " " + e.Number, ObjectType: "asiento", ObjectID: e.ID,
		Filename: "justificante-" + strings.ReplaceAll(e.Number, "/", "-") + ".pdf", ContentType: "application/pdf",
		Content: content, IssuedAt: e.RegisteredAt, IssuedBy: e.ClerkID})
	if db.IsUniqueViolation(err) {
		// Issued meanwhile by another request: serve that one.
		doc, lerr := csvdoc.Lookup(ctx, m.kit.DB, e.ReceiptCSV)
		if lerr != nil {
			return nil, lerr
		}
		return doc.Content, nil
	}
	return content, err
}

func (m *Module) receipt(ctx context.Context, entityID, entryID string) ([]byte, error) {
	return m.issueReceipt(ctx, directory.Entity{}, entityID, entryID)
}

// IssueByCSV issues the justificante whose code is code if it belongs to
// an asiento and was not yet rendered (the verification page asks).
func (m *Module) IssueByCSV(ctx context.Context, code string) (bool, error) {
	var entityID, entryID string
	err := m.kit.DB.QueryRowContext(ctx, `SELECT entity_id, id FROM registry_entries WHERE receipt_csv = $1`, code).
		Scan(&entityID, &entryID)
	if err != nil {
		if errors.Is(db.NotFound(err), db.ErrNotFound) {
			return false, nil
		}
		return false, err
	}
	_, err = m.issueReceipt(ctx, directory.Entity{}, entityID, entryID)
	return err == nil, err
}
