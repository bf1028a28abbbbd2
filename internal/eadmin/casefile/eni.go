package casefile

import (
	"context"
	"fmt"
	"net/http"

	"concejo/internal/core/directory"
	"concejo/internal/platform/csvdoc"
	"concejo/internal/platform/db"
	"concejo/internal/platform/eni"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/web"
)

// csvRegulation names what regulates the CSV of the documents the platform
// issues (art. 42.b Ley 40/2015); each entity's instrument is not recorded
// yet.
const csvRegulation = "Sistema de código seguro de verificación de la plataforma Concejo de la Diputación Provincial de Cáceres, verificable en su sede (art. 42.b de la Ley 40/2015)"

// eniDocument is a document of an expediente as an ENI file: the one it
// came with when it was incorporated from an ENI document, as it came (its
// signatures stay verifiable), else the one ownENI describes.
func (m *Module) eniDocument(ctx context.Context, f File, d Document) ([]byte, error) {
	if d.ENIIdentifier != "" {
		return eniOriginal(ctx, m.kit.DB, d)
	}
	doc, err := m.ownENI(ctx, f, d)
	if err != nil {
		return nil, err
	}
	return doc.XML()
}

// eniView is a document of an expediente as ENI, its metadata and content,
// with the checks of its signatures: those of the file it came with, or
// the platform's CSV and seal.
func (m *Module) eniView(ctx context.Context, f File, d Document) (eni.Document, []signatureCheck, error) {
	if d.ENIIdentifier != "" {
		data, err := eniOriginal(ctx, m.kit.DB, d)
		if err != nil {
			return eni.Document{}, nil, err
		}
		doc, sigs, err := eni.ParseDocument(data)
		if err != nil {
			return doc, nil, fmt.Errorf("expedientes: leer el documento ENI incorporado %s: %w", d.ID, err)
		}
		return doc, signatureChecks(doc, sigs, ""), nil
	}
	doc, err := m.ownENI(ctx, f, d)
	if err != nil {
		return doc, nil, err
	}
	return doc, signatureChecks(doc, nil, csvdoc.URL(m.kit.Config.Public(), doc.CSV)), nil
}

// ownENI is a document the platform issued or received as an ENI
// document: its content, its metadata and its CSV as a signature of type
// TF01. Drafts are not documents yet.
func (m *Module) ownENI(ctx context.Context, f File, d Document) (eni.Document, error) {
	if d.Status == "borrador" {
		return eni.Document{}, errs.New(errs.Conflict, "Un borrador no es todavía un documento: emítalo antes de exportarlo.")
	}
	e, err := directory.EntityByID(ctx, m.kit.DB, f.EntityID)
	if err != nil {
		return eni.Document{}, err
	}
	if e.DIR3 == "" {
		return eni.Document{}, errs.New(errs.Conflict, "La entidad no tiene código DIR3: no se puede identificar el documento ENI.")
	}
	if d, err = m.content(ctx, d); err != nil {
		return eni.Document{}, err
	}
	doc := eni.Document{Identifier: eniIdentifier(e.DIR3, d), Organ: e.DIR3, Captured: d.CreatedAt.In(web.Madrid),
		FromAdministration: d.Origin == 1, Elaboration: d.Elaboration, DocType: d.DocType, Content: d.Content,
		Format: eni.Format(d.ContentType), CSV: d.CSV}
	if d.CSV != "" {
		doc.CSVRegulation = csvRegulation
	}
	return doc, nil
}

// eniIdentifier is a document's ENI identifier: the one it came with, or
// the platform's from the entity's DIR3 code.
func eniIdentifier(dir3 string, d Document) string {
	if d.ENIIdentifier != "" {
		return d.ENIIdentifier
	}
	return eni.Identifier(dir3, d.CreatedAt.In(web.Madrid).Year(), d.ID)
}

// eniOriginal reads the ENI file a document was incorporated from.
func eniOriginal(ctx context.Context, q db.Queryer, d Document) ([]byte, error) {
	var data []byte
	err := q.QueryRowContext(ctx, `SELECT eni_xml FROM casefile_documents WHERE entity_id = $1 AND id = $2`,
		d.EntityID, d.ID).Scan(&data)
	if err != nil {
		return nil, fmt.Errorf("expedientes: leer el documento ENI incorporado %s: %w", d.ID, err)
	}
	return data, nil
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
