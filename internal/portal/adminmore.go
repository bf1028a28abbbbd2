package portal

import "concejo/internal/platform/web"

// registerAdminMore adds the editors' pages of transparency, perfil del
// contratante, open data, surveys and places.
func (m *Module) registerAdminMore(rt *web.Router) {
	rt.Handle("GET", "/portal/transparencia", PermDraft, m.show("portal/transparency", m.transparencyData))
	rt.Handle("POST", "/portal/transparencia/{item}", PermDraft, m.transparencyPost)
	rt.Handle("GET", "/portal/perfil", PermDraft, m.show("portal/tenders", m.tendersData))
	rt.Handle("POST", "/portal/perfil", PermOfficial, m.tenderCreate)
	rt.Handle("POST", "/portal/perfil/importar", PermOfficial, m.tenderImportPost)
	rt.Handle("GET", "/portal/perfil/{id}", PermDraft, m.show("portal/tender", m.tenderData))
	rt.Handle("POST", "/portal/perfil/{id}/estado", PermDraft, m.tenderStatePost)
	rt.Handle("GET", "/portal/datos", PermDraft, m.show("portal/datasets", m.datasetsData))
	rt.Handle("POST", "/portal/datos", PermEdit, m.datasetCreate)
	rt.Handle("GET", "/portal/encuestas", PermDraft, m.show("portal/surveys", m.surveysData))
	rt.Handle("POST", "/portal/encuestas", PermEdit, m.surveyCreate)
	rt.Handle("GET", "/portal/encuestas/{id}", PermDraft, m.surveyPage)
	rt.Handle("GET", "/portal/encuestas/{id}/respuestas", PermDraft, m.surveyExport)
	rt.Handle("GET", "/portal/lugares", PermDraft, m.show("portal/places", m.placesData))
	rt.Handle("POST", "/portal/lugares", PermEdit, m.placeCreate)
	rt.Handle("POST", "/portal/lugares/{id}/borrar", PermDraft, m.placeDelete)
}
