package casefile

import (
	"net/http"

	"concejo/internal/platform/errs"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/web"
)

// documentData is the page of a document of an expediente.
type documentData struct {
	File     File
	Document Document
	// ENI are its ENI metadata and Signatures the checks of its
	// signatures; neither for a draft, nor when Problem says why not.
	ENI        []pdf.Field
	Signatures []signatureCheck
	Problem    string
}

func (m *Module) documentPage(r *http.Request) (*web.Page, error) {
	f, d, err := m.document(r)
	if err != nil {
		return nil, err
	}
	data := &documentData{File: f, Document: d}
	if d.Status != "borrador" {
		doc, checks, err := m.eniView(r.Context(), f, d)
		switch {
		case errs.KindOf(err) == errs.Conflict:
			data.Problem = err.Error()
		case err != nil:
			return nil, err
		default:
			data.ENI, data.Signatures = eniFields(doc), checks
		}
	}
	return &web.Page{Title: d.Name, Data: data,
		Crumbs: []web.Crumb{crumbExpedientes, {Label: "Expediente " + f.Number, Href: "/expedientes/" + f.ID}}}, nil
}

// documentShow shows a document of the expediente: its data, its ENI
// metadata and the checks of its signatures.
func (m *Module) documentShow(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "casefile/document", m.documentPage)
}

// visualizationDownload gives the visualización of a document (see
// visualization).
func (m *Module) visualizationDownload(w http.ResponseWriter, r *http.Request) error {
	f, d, err := m.document(r)
	if err != nil {
		return err
	}
	doc, checks, err := m.eniView(r.Context(), f, d)
	if err != nil {
		return err
	}
	data, err := m.visualization(r.Context(), f, d, doc, checks)
	if err != nil {
		return err
	}
	return web.SendFile(w, web.File{Name: "visualizacion-" + slug(d.Name) + ".pdf", ContentType: "application/pdf", Content: data})
}
