package casefile_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/odt"
)

// TestCatalogue: Cáceres adopts a model procedure the demo left out, sees
// it in its catalogue and adapts it; a second adoption is refused; an
// adaptation with a plazo in hours or without a name is refused with
// messages; running expedientes keep the design they were opened with.
func TestCatalogue(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.Login(t, apptest.Caceres)
		apptest.Expect(t, cc.Get("/procedimientos"), http.StatusOK, "Licencia de obra menor", "Concesión")
		id := adopt(t, cc, "CEMENTERIO")
		apptest.Expect(t, cc.Get("/procedimientos/"+id), http.StatusOK, "Adaptar el procedimiento", "Cementerio")
		apptest.Expect(t, cc.Post("/procedimientos", url.Values{"modelo": {"CEMENTERIO"}}), http.StatusConflict, "ya tiene un procedimiento")
		// The sede offers it at once, with its plazo and silence.
		apptest.Expect(t, env.Anonymous(t).Get("/e/10037/sede/procedimientos?q=cementerio"), http.StatusOK, "CEMENTERIO", "3 meses")

		bad := url.Values{"nombre": {""}, "iniciacion": {"solicitud"}, "plazo_n": {"30"}, "plazo_unidad": {"horas"}, "silencio": {"desestimatorio"}}
		apptest.Expect(t, cc.Post("/procedimientos/"+id, bad), http.StatusUnprocessableEntity, "El nombre ha de tener", "24 horas")

		proc := procedureOf(t, env, apptest.Dir3Caceres, "SOLICITUD-GENERAL")
		file := idAfter(t, cc.Post("/expedientes", url.Values{"procedimiento": {proc}, "asiento": {registerEntrada(t, cc, "12345678Z", "Lucía Gómez Núñez")}}), "/expedientes/")
		ownProcedure(t, cc, proc, "1", "meses")
		apptest.Expect(t, cc.Get("/procedimientos/"+proc), http.StatusOK, "1 mes")
		apptest.Expect(t, cc.Get("/expedientes/"+file), http.StatusOK, "3 meses")
		// Adopting is for the administrator: Abadía is not adhered at all.
		apptest.Expect(t, env.Login(t, apptest.Abadia).Post("/procedimientos", url.Values{"modelo": {"CEMENTERIO"}}), http.StatusForbidden)
	})
}

// TestRelated: two expedientes of Cáceres are related both ways; relating
// them again, an expediente with itself, or with a number Cáceres does not
// have is refused.
func TestRelated(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.Login(t, apptest.Caceres)
		proc := ownProcedure(t, cc, procedureOf(t, env, apptest.Dir3Caceres, "QUEJA-SUGERENCIA"), "3", "meses")
		a := openOffice(t, cc, proc, "")
		b := openOffice(t, cc, proc, "")
		numA := env.String(t, `SELECT number FROM casefile_files WHERE id = $1`, a)
		numB := env.String(t, `SELECT number FROM casefile_files WHERE id = $1`, b)
		idAfter(t, cc.Post("/expedientes/"+a+"/relacionados", url.Values{"relacionado": {numB}, "motivo": {"Mismo inmueble"}}), "/expedientes/")
		apptest.Expect(t, cc.Get("/expedientes/"+a), http.StatusOK, numB, "Mismo inmueble")
		// The list's area filter: the procedure's area.
		apptest.Expect(t, cc.Get("/expedientes?area=Secretar%C3%ADa&q="+url.QueryEscape(numA)), http.StatusOK, "1 expediente")
		apptest.Expect(t, cc.Get("/expedientes?area=Urbanismo&q="+url.QueryEscape(numA)), http.StatusOK, "No hay expedientes que coincidan")
		apptest.Expect(t, cc.Get("/expedientes/"+b), http.StatusOK, numA)
		apptest.Expect(t, cc.Post("/expedientes/"+b+"/relacionados", url.Values{"relacionado": {numA}}), http.StatusConflict, "ya están relacionados")
		apptest.Expect(t, cc.Post("/expedientes/"+a+"/relacionados", url.Values{"relacionado": {numA}}), http.StatusUnprocessableEntity, "consigo mismo")
		apptest.Expect(t, cc.Post("/expedientes/"+a+"/relacionados", url.Values{"relacionado": {"EXP1999/000001"}}), http.StatusUnprocessableEntity, "no tiene el expediente")
	})
}

// TestPublishOnTablon: Plasencia's clerk publishes an issued document of an
// expediente on the town's tablón once he may publish there (publicador of
// the portal); the tablón shows it and the expediente's history records
// its number and exposure.
func TestPublishOnTablon(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pl := env.Login(t, apptest.Plasencia)
		proc := ownProcedure(t, pl, procedureOf(t, env, apptest.Dir3Plasencia, "SOLICITUD-GENERAL"), "3", "meses")
		fid := openOffice(t, pl, proc, "")
		F := "/expedientes/" + fid
		doc := draftFrom(t, pl.Post(F+"/borradores", url.Values{"plantilla": {"informe"}}), fid)
		idAfter(t, pl.Post(F+"/documentos/"+doc+"/emitir", url.Values{}), "/expedientes/")
		form := url.Values{"tipo": {"Anuncio"}, "plazo_n": {"20"}, "plazo_unidad": {"habiles"}}
		if !strings.Contains(pl.Get(F).Body, "Publicar en el tablón") {
			// Without the portal's publicador role he may not.
			apptest.Expect(t, pl.Post(F+"/documentos/"+doc+"/publicar", form), http.StatusForbidden)
			env.Grant(t, apptest.Plasencia, env.EntityID(t, apptest.Dir3Plasencia), "portal", "publicador")
			pl = env.Login(t, apptest.Plasencia)
		}
		apptest.Expect(t, pl.Get(F), http.StatusOK, "Publicar en el tablón")
		res := pl.Post(F+"/documentos/"+doc+"/publicar", form)
		idAfter(t, res, "/expedientes/")
		page := pl.Get(F)
		apptest.Expect(t, page, http.StatusOK, "Publicado en el tablón de anuncios: Anuncio")
		title := env.String(t, `SELECT title FROM portal_edicts WHERE title LIKE $1`, "%"+env.String(t, `SELECT number FROM casefile_files WHERE id = $1`, fid)+"%")
		if !strings.Contains(title, "Informe") {
			t.Errorf("edict title %q", title)
		}
		apptest.Expect(t, pl.Post(F+"/documentos/NOEXISTE/publicar", form), http.StatusNotFound)

		// A contrato menor goes to the perfil del contratante with its
		// expediente's number.
		cm := idAfter(t, pl.Post("/expedientes", url.Values{"procedimiento": {procedureOf(t, env, apptest.Dir3Plasencia, "CONTRATO-MENOR")},
			"asunto": {"Mantenimiento de jardines del parque de La Isla"}}), "/expedientes/")
		apptest.Expect(t, pl.Get("/expedientes/"+cm), http.StatusOK, "Publicar el contrato menor en el perfil del contratante")
		bad := url.Values{"tipo_contrato": {"Servicios"}, "adjudicatario": {"Jardines del Tajo, S.L."}, "importe": {"mucho"}}
		apptest.Expect(t, pl.Post("/expedientes/"+cm+"/contrato", bad), http.StatusUnprocessableEntity, "Escriba el importe")
		good := url.Values{"tipo_contrato": {"Servicios"}, "adjudicatario": {"Jardines del Tajo, S.L."}, "importe": {"12.500,00"}}
		idAfter(t, pl.Post("/expedientes/"+cm+"/contrato", good), "/expedientes/")
		number := env.String(t, `SELECT number FROM casefile_files WHERE id = $1`, cm)
		if n := env.Count(t, `SELECT award_cents FROM portal_tenders WHERE folder_id = $1 AND minor = TRUE`, number); n != 1250000 {
			t.Errorf("award %d cents on the perfil", n)
		}
		apptest.Expect(t, pl.Get("/expedientes/"+cm), http.StatusOK, "adjudicado a Jardines del Tajo, S.L. por 12.500,00 €")
	})
}

// TestProvinceFigures: the Diputación sees the expedientes of each adhered
// entity counted, never the names of the people in them.
func TestProvinceFigures(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.Login(t, apptest.Caceres)
		proc := procedureOf(t, env, apptest.Dir3Caceres, "OBRA-MENOR")
		openFrom(t, cc, proc, registerEntrada(t, cc, "12345678Z", "Lucía Gómez Núñez"))
		page := env.Login(t, apptest.DipAdmin).Get("/expedientes/provincia")
		apptest.Expect(t, page, http.StatusOK, "Ayuntamiento de Cáceres", "Licencia de obra menor", "Provincia")
		if strings.Contains(page.Body, "Lucía") || strings.Contains(page.Body, "12345678Z") {
			t.Error("the province's figures show personal data")
		}
		apptest.Expect(t, cc.Get("/expedientes/provincia"), http.StatusForbidden)
	})
}

// TestODTRoundTrip: a draft goes out as an ODT, comes back edited as its
// next version; a file that is not an ODT is refused with a message.
func TestODTRoundTrip(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.Login(t, apptest.Caceres)
		proc := ownProcedure(t, cc, procedureOf(t, env, apptest.Dir3Caceres, "SOLICITUD-GENERAL"), "3", "meses")
		fid := openOffice(t, cc, proc, "")
		doc := draftFrom(t, cc.Post("/expedientes/"+fid+"/borradores", url.Values{"plantilla": {"informe"}}), fid)
		D := "/expedientes/" + fid + "/documentos/" + doc
		res := cc.Get(D + "/odt")
		if res.Status != http.StatusOK || res.Header.Get("Content-Type") != odt.MIME {
			t.Fatalf("odt: %d %s", res.Status, res.Header.Get("Content-Type"))
		}
		text, err := odt.Text([]byte(res.Body))
		if err != nil || !strings.Contains(text, "INFORME") {
			t.Fatalf("odt text %q: %v", text, err)
		}
		edited, _ := odt.Write("Informe", []string{"INFORME", "El técnico informa favorablemente."})
		res = postMultipartField(t, cc, D+"/odt", "fichero", file{"informe.odt", edited})
		v2 := draftFrom(t, res, fid)
		if body := env.String(t, `SELECT body FROM casefile_documents WHERE id = $1`, v2); body != "INFORME\n\nEl técnico informa favorablemente." {
			t.Errorf("version 2 %q", body)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM casefile_documents WHERE file_id = $1 AND name = 'Informe'`, fid); n != 2 {
			t.Errorf("%d versions", n)
		}
		apptest.Expect(t, postMultipartField(t, cc, D+"/odt", "fichero", file{"informe.pdf", []byte("%PDF-1.4")}),
			http.StatusUnprocessableEntity, "no es un documento de texto OpenDocument")
	})
}
