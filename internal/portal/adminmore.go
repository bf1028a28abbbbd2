package portal

import "concejo/internal/platform/web"

// registerAdminMore adds the editors' pages of transparency, perfil del
// contratante, open data, surveys and places.
func (m *Module) registerAdminMore(h func(method, p string, fn web.HandlerFunc)) {
	h("GET", "/portal/transparencia", m.show("portal/transparency", m.transparencyData))
	h("POST", "/portal/transparencia/{item}", m.transparencyPost)
	h("GET", "/portal/perfil", m.show("portal/tenders", m.tendersData))
	h("POST", "/portal/perfil", m.tenderCreate)
	h("POST", "/portal/perfil/importar", m.tenderImportPost)
	h("GET", "/portal/perfil/{id}", m.show("portal/tender", m.tenderData))
	h("POST", "/portal/perfil/{id}/estado", m.tenderStatePost)
	h("GET", "/portal/datos", m.show("portal/datasets", m.datasetsData))
	h("POST", "/portal/datos", m.datasetCreate)
	h("GET", "/portal/encuestas", m.show("portal/surveys", m.surveysData))
	h("POST", "/portal/encuestas", m.surveyCreate)
	h("GET", "/portal/encuestas/{id}", m.surveyPage)
	h("GET", "/portal/encuestas/{id}/respuestas", m.surveyExport)
	h("GET", "/portal/lugares", m.show("portal/places", m.placesData))
	h("POST", "/portal/lugares", m.placeCreate)
	h("POST", "/portal/lugares/{id}/borrar", m.placeDelete)
}
