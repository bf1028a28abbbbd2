package casefile_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
)

// TestResolutionSignedInPortafirmas: the resolution proposed in an
// expediente goes through the portafirmas; the expediente's history tells
// each step (sent, rejected with its reason, corrected, signed) and the
// last signature resolves the expediente with the signed PDF as its
// resolution.
func TestResolutionSignedInPortafirmas(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc, mayor := env.Login(t, apptest.Caceres), env.Login(t, "alcaldia@caceres.es")
		fid := openFrom(t, cc, procedureOf(t, env, apptest.Dir3Caceres, "OBRA-MENOR"), registerEntrada(t, cc, "12345678Z", "Lucía Gómez Núñez"))
		F := "/expedientes/" + fid
		for _, step := range []string{"comunicacion-inicio", "informe-tecnico"} {
			idAfter(t, cc.Post(F+"/tramites/"+taskID(t, env, fid, step)+"/terminar", url.Values{}), "/expedientes/")
		}
		idAfter(t, cc.Post(F+"/concluir", url.Values{}), "/expedientes/")
		draft := idAfter(t, cc.Post(F+"/resolucion", url.Values{"plantilla_resolucion": {"resolucion-concesion"}}), "/resoluciones/")
		send := url.Values{"origen": {"resolucion"}, "origen_id": {draft}, "titulo": {"Resolución de la licencia"}, "tipo": {"resolucion"},
			"paso1_accion": {"firma"}, "paso1_personas": {env.UserID(t, "alcaldia@caceres.es")}}
		req := idAfter(t, cc.Post("/portafirmas", send), "/portafirmas/")
		apptest.Expect(t, mayor.Post("/portafirmas/"+req+"/rechazar", url.Values{"motivo": {"Falta citar la ordenanza fiscal."}}), http.StatusSeeOther)
		apptest.Expect(t, cc.Get(F), http.StatusOK, "Portafirmas: Enviado a la firma", "Portafirmas: Rechazado (Falta citar la ordenanza fiscal.)")
		apptest.Expect(t, cc.Post("/portafirmas/"+req+"/corregir", url.Values{}), http.StatusSeeOther)
		apptest.Expect(t, mayor.Post("/portafirmas/"+req+"/firmar", url.Values{"contrasena": {apptest.DemoPassword("alcaldia@caceres.es")}}), http.StatusSeeOther)
		page := apptest.Text(cc.Get(F).Body)
		for _, want := range []string{"Enviada la versión 2 corregida", "Portafirmas: Firmado", "Resuelto"} {
			if !strings.Contains(page, want) {
				t.Fatalf("expediente lacks %q:\n%.3000s", want, page)
			}
		}
		resol := env.String(t, `SELECT id FROM casefile_documents WHERE file_id = $1 AND doc_type = 'TD01'`, fid)
		doc := cc.Get(F + "/documentos/" + resol)
		if doc.Status != http.StatusOK || !strings.Contains(doc.Body, "/ETSI.CAdES.detached") {
			t.Fatalf("the expediente's resolution is not the signed PDF: %d", doc.Status)
		}
	})
}
