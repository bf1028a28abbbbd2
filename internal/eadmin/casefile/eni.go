package casefile

import (
	"context"
	"net/http"

	"concejo/internal/core/directory"
	"concejo/internal/platform/eni"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/web"
)

// csvRegulation names what regulates the CSV of the documents the platform
// issues (art. 42.b Ley 40/2015); each entity's instrument is not recorded
// yet.
const csvRegulation = "Sistema de código seguro de verificación de la plataforma Concejo de la Diputación Provincial de Cáceres, verificable en su sede (art. 42.b de la Ley 40/2015)"

// eniDocument is a document of an expediente as an ENI document: its
// content, its metadata and its CSV as a signature of type TF01. Drafts are
// not documents yet.
func (m *Module) eniDocument(ctx context.Context, f File, d Document) ([]byte, error) {
	if d.Status == "borrador" {
		return nil, errs.New(errs.Conflict, "Un borrador no es todavía un documento: emítalo antes de exportarlo.")
	}
	e, err := directory.EntityByID(ctx, m.kit.DB, f.EntityID)
	if err != nil {
		return nil, err
	}
	if e.DIR3 == "" {
		return nil, errs.New(errs.Conflict, "La entidad no tiene código DIR3: no se puede identificar el documento ENI.")
	}
	if d, err = m.content(ctx, d); err != nil {
		return nil, err
	}
	return eni.Document{Identifier: eni.Identifier(e.DIR3, d.CreatedAt.In(web.Madrid).Year(), d.ID), Organ: e.DIR3,
		Captured: d.CreatedAt.In(web.Madrid), FromAdministration: d.Origin == 1, Elaboration: d.Elaboration,
		DocType: d.DocType, Content: d.Content, Format: eni.Format(d.ContentType), CSV: d.CSV,
		CSVRegulation: csvRegulation}.XML()
}

// eniDownload gives a document of the expediente as ENI XML.
func (m *Module) eniDownload(w http.ResponseWriter, r *http.Request) error {
	f, d, err := m.document(r)
	if err != nil {
		return err
	}
	data, err := m.eniDocument(r.Context(), f, d)
	if err != nil {
		return err
	}
	return web.SendFile(w, web.File{Name: "eni-" + slug(d.Name) + ".xml", ContentType: "application/xml", Content: data})
}
