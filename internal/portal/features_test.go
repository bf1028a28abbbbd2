package portal_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/portal"
)

// upload posts a multipart form with one file.
func upload(t *testing.T, c *apptest.Client, path, field, name string, content []byte, fields url.Values) apptest.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(content)
	mw.Close()
	return c.Do("POST", path, mw.FormDataContentType(), &body)
}

func TestPerfilImportPLACSP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		grant(t, env, apptest.Abadia, dir3Aldeanueva, portal.RolePublisher)
		c := env.Login(t, apptest.Abadia)
		switchTo(t, env, c, dir3Aldeanueva)
		feed, err := os.ReadFile("placsp/testdata/placsp.atom")
		if err != nil {
			t.Fatal(err)
		}
		res := upload(t, c, "/portal/perfil/importar", "fichero", "placsp.atom", feed, nil)
		apptest.Expect(t, res, http.StatusSeeOther)
		apptest.Expect(t, c.Get("/portal/perfil"), http.StatusOK, "1 nuevos", "905451/26")
		// Again: nothing changes.
		upload(t, c, "/portal/perfil/importar", "fichero", "placsp.atom", feed, nil)
		apptest.Expect(t, c.Get("/portal/perfil"), http.StatusOK, "0 nuevos, 0 actualizados, 1 sin cambios")
		// A newer page with the file awarded updates the state and keeps the history.
		awarded := strings.Replace(string(feed), ">EV<", ">ADJ<", 1)
		upload(t, c, "/portal/perfil/importar", "fichero", "placsp.atom", []byte(awarded), nil)
		tid := env.String(t, `SELECT id FROM portal_tenders WHERE folder_id = '905451/26'`)
		pub := env.Anonymous(t)
		apptest.Expect(t, pub.Get("/e/"+ineAldeanueva+"/perfil/"+tid), http.StatusOK, "Adjudicada", "Pendiente de adjudicación" /* no */)
		if n := env.Count(t, `SELECT COUNT(*) FROM portal_tender_events WHERE tender_id = $1`, tid); n != 2 {
			t.Errorf("history: %d events", n)
		}
		apptest.Expect(t, pub.Get("/e/"+ineAldeanueva+"/perfil"), http.StatusOK, "Servicios de tratamiento de la fracción vegetal",
			"Contratos menores del", "Papelería Hervás")
		res = upload(t, c, "/portal/perfil/importar", "fichero", "x.atom", []byte("no es xml"), nil)
		apptest.Expect(t, res, http.StatusUnprocessableEntity, "no es un canal Atom")

		// Manual tender with its state history: an open tender needs the
		// deadline for bids, date and time (Madrid).
		form := url.Values{"expediente": {"2026/SER/099"}, "objeto": {"Mantenimiento de jardines"}, "tipo": {"Servicios"},
			"procedimiento": {"Abierto simplificado"}, "estado": {"licitacion"}, "presupuesto": {"12.500,00"}}
		apptest.Expect(t, c.Post("/portal/perfil", form), http.StatusUnprocessableEntity, "Indique la fecha límite de presentación de ofertas")
		form.Set("plazo_fecha", "31/02/2099")
		apptest.Expect(t, c.Post("/portal/perfil", form), http.StatusUnprocessableEntity,
			"La fecha límite no es válida: escríbala como día/mes/año")
		form.Set("plazo_fecha", "30/03/2099") // typed, as the date input's fallback takes it
		apptest.Expect(t, c.Post("/portal/perfil", form), http.StatusUnprocessableEntity, "Indique también la hora límite")
		form.Set("plazo_hora", "14 h")
		apptest.Expect(t, c.Post("/portal/perfil", form), http.StatusUnprocessableEntity,
			"La hora límite no es válida: escríbala como horas y minutos")
		form.Set("plazo_fecha", "2099-03-30")
		form.Set("plazo_hora", "14:00")
		res = c.Post("/portal/perfil", form)
		apptest.Expect(t, res, http.StatusSeeOther)
		tid = strings.TrimPrefix(res.Location, "/portal/perfil/")
		apptest.Expect(t, pub.Get("/e/"+ineAldeanueva+"/perfil/"+tid), http.StatusOK, "Plazo abierto, quedan",
			"Fecha límite de presentación de ofertas: 30/03/2099 14:00")
		apptest.Expect(t, c.Post(res.Location+"/estado", url.Values{"estado": {"adjudicada"}}), http.StatusUnprocessableEntity, "Indique el adjudicatario")
		apptest.Expect(t, c.Post(res.Location+"/estado", url.Values{"estado": {"adjudicada"}, "adjudicatario": {"Jardines del Ambroz"},
			"importe": {"11.000,50"}}), http.StatusSeeOther)
		apptest.Expect(t, c.Get(res.Location), http.StatusOK, "Jardines del Ambroz", "Adjudicada")
		apptest.Expect(t, c.Post("/portal/perfil", form), http.StatusUnprocessableEntity, "Ya hay un contrato con ese número")
	})
}

func TestTransparencyChecklist(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pub := env.Anonymous(t)
		// The public page presents what is published, by the law's groups;
		// what is missing is the editors' checklist, not the public's.
		res := pub.Get("/e/" + ineAldeanueva + "/transparencia")
		apptest.Expect(t, res, http.StatusOK, "Ley 19/2013", "Ley 4/2013", "Información económica, presupuestaria y estadística",
			"Contratos menores", "habitantes", "Funciones de la entidad")
		for _, missing := range []string{"Pendiente", "✗", "obligaciones publicadas", "Retribuciones de los cargos electos"} {
			if strings.Contains(res.Body, missing) {
				t.Errorf("the public transparency page shows the checklist (%q)", missing)
			}
		}
		grant(t, env, apptest.Abadia, dir3Aldeanueva, portal.RolePublisher)
		c := env.Login(t, apptest.Abadia)
		switchTo(t, env, c, dir3Aldeanueva)
		apptest.Expect(t, c.Get("/portal/transparencia"), http.StatusOK, "✗ Falta", "de 21 obligaciones publicadas",
			"Retribuciones de los cargos electos")
		apptest.Expect(t, c.Post("/portal/transparencia/retribuciones", url.Values{"url": {"javascript:alert(1)"}}),
			http.StatusUnprocessableEntity, "https://")
		apptest.Expect(t, c.Post("/portal/transparencia/retribuciones", url.Values{"url": {"https://aldeanueva.example/retribuciones.pdf"}}),
			http.StatusSeeOther)
		apptest.Expect(t, c.Post("/portal/transparencia/contratos", url.Values{"url": {"https://x.es"}}), http.StatusNotFound)
		apptest.Expect(t, c.Post("/portal/transparencia/inventado", url.Values{"url": {"https://x.es"}}), http.StatusNotFound)
		res = pub.Get("/e/" + ineAldeanueva + "/transparencia")
		apptest.Expect(t, res, http.StatusOK, "retribuciones.pdf", "Retribuciones de los cargos electos")
	})
}

func TestOpenData(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pub := env.Anonymous(t)
		base := "/e/" + ineAldeanueva + "/datos"
		apptest.Expect(t, pub.Get(base), http.StatusOK, "Población del Ayuntamiento de Aldeanueva del Camino", "Datos del Ayuntamiento de Aldeanueva del Camino en formatos", "Visitantes de la oficina de turismo", "catalogo.ttl")
		ttl := pub.Get(base + "/catalogo.ttl")
		apptest.Expect(t, ttl, http.StatusOK, "a dcat:Catalog", "a dcat:Dataset", "a dcat:Distribution",
			"<http://datos.gob.es/recurso/sector-publico/org/Organismo/L01100152>", "dct:identifier",
			"<http://publications.europa.eu/resource/authority/file-type/CSV>", "dct:license", "sector/turismo")
		if ct := ttl.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/turtle") {
			t.Errorf("turtle content type %q", ct)
		}
		var doc map[string]any
		jl := pub.Get(base + "/catalogo.jsonld")
		if err := json.Unmarshal([]byte(jl.Body), &doc); err != nil || doc["@graph"] == nil {
			t.Fatalf("json-ld: %v", err)
		}
		apptest.Expect(t, pub.Get(base+"/visitantes-turismo/csv"), http.StatusOK, "Visitantes de la oficina de turismo")
		apptest.Expect(t, pub.Get(base+"/visitantes-turismo/json"), http.StatusOK, `"Año"`)
		if res := pub.Get(base + "/visitantes-turismo/xlsx"); res.Status != http.StatusOK || !strings.HasPrefix(res.Body, "PK") {
			t.Errorf("xlsx: %d", res.Status)
		}
		apptest.Expect(t, pub.Get(base+"/lugares/geojson"), http.StatusOK, `"FeatureCollection"`, "Puente romano")
		apptest.Expect(t, pub.Get(base+"/lugares/pdf"), http.StatusNotFound)
		apptest.Expect(t, pub.Get(base+"/contratos/csv"), http.StatusOK, "Pavimentación de la calle Real")
		prov := pub.Get("/datos/catalogo.ttl")
		apptest.Expect(t, prov, http.StatusOK, "Organismo/L01100152", "Organismo/L01101480", "Organismo/L02000010")

		c := env.Login(t, apptest.Plasencia)
		res := upload(t, c, "/portal/datos", "fichero", "paro.csv", []byte("Mes;Parados\nenero;1200\nfebrero;1180\n"),
			url.Values{"titulo": {"Paro registrado"}, "descripcion": {"Personas en paro por mes."}, "tema": {"empleo"}})
		apptest.Expect(t, res, http.StatusSeeOther)
		apptest.Expect(t, pub.Get("/e/"+inePlasencia+"/datos/paro-registrado/json"), http.StatusOK, `"Parados"`, "1180")
		res = upload(t, c, "/portal/datos", "fichero", "x.csv", []byte("a,\"b\n"), url.Values{"titulo": {""}, "tema": {"x"}})
		apptest.Expect(t, res, http.StatusUnprocessableEntity, "Escriba el título", "Elija el sector", "no es un CSV válido")
	})
}

func TestPlaces(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pub := env.Anonymous(t)
		res := pub.Get("/e/" + ineAldeanueva + "/lugares")
		apptest.Expect(t, res, http.StatusOK, "<svg", `role="img"`, "Consultorio médico", "openstreetmap.org", `src="/static/portal/mapa.js"`)
		if strings.Contains(res.Body, "<script>") {
			t.Error("no inline script")
		}
		c := env.Login(t, apptest.Plasencia)
		apptest.Expect(t, c.Post("/portal/lugares", url.Values{"nombre": {"Centro de salud"}, "categoria": {"Salud"}, "latitud": {"91"}}),
			http.StatusUnprocessableEntity, "grados decimales")
		apptest.Expect(t, c.Post("/portal/lugares", url.Values{"nombre": {"Centro de salud Luis de Toro"}, "categoria": {"Salud"},
			"latitud": {"40,0281"}, "longitud": {"-6.0903"}}), http.StatusSeeOther)
		apptest.Expect(t, pub.Get("/e/"+inePlasencia+"/lugares.geojson"), http.StatusOK, "Centro de salud Luis de Toro", "-6.0903")
	})
}

func TestSurveys(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pub := env.Anonymous(t)
		sid := env.String(t, `SELECT s.id FROM portal_surveys s JOIN entities e ON e.id = s.entity_id WHERE e.dir3 = $1`, dir3Aldeanueva)
		path := "/e/" + ineAldeanueva + "/encuestas/" + sid
		apptest.Expect(t, pub.Get(path), http.StatusOK, "¿Qué horario prefiere?", "DNI, NIE o pasaporte")
		ans := url.Values{"p1": {"De 18:00 a 21:00"}, "p2": {"Sala de estudio", "Acceso a internet"}, "documento": {"12345678Z"}}
		apptest.Expect(t, pub.Post(path, url.Values{"p1": {"Otra"}, "documento": {""}}), http.StatusUnprocessableEntity,
			"Elija una opción", "Escriba su DNI")
		apptest.Expect(t, pub.Post(path, ans), http.StatusSeeOther)
		apptest.Expect(t, pub.Post(path, ans), http.StatusConflict, "solo se admite una por persona")
		res := pub.Get(path + "/resultados")
		apptest.Expect(t, res, http.StatusOK, "4 respuestas", "<svg", "De 18:00 a 21:00")
		if n := env.Count(t, `SELECT COUNT(*) FROM portal_answers WHERE answers LIKE '%12345678%' OR respondent LIKE '%12345678%'`); n != 0 {
			t.Error("the document number must not be stored")
		}

		c := env.Login(t, apptest.Plasencia)
		// A restricted survey needs the respondent identified at the sede
		// (certificate or Cl@ve), which the demo's sede does not offer: the
		// page says so and no typed document is ever checked against the
		// padrón (TestRestrictedSurveyIdentifiesAtTheSede answers one).
		form := url.Values{"titulo": {"Presupuestos participativos"}, "restringida": {"1"}, "apertura_fecha": {"2026-01-10"},
			"cierre_fecha": {"2099-02-10"}, "pregunta1": {"¿Qué obra prefiere?"}, "tipo1": {"una"}, "opciones1": {"Parque\nCalle"}}
		apptest.Expect(t, c.Get("/portal/encuestas"), http.StatusOK, "todavía no ofrece la identificación")
		res = c.Post("/portal/encuestas", form)
		apptest.Expect(t, res, http.StatusSeeOther)
		rid := strings.TrimPrefix(res.Location, "/portal/encuestas/")
		rpath := "/e/" + inePlasencia + "/encuestas/" + rid
		res = pub.Get(rpath)
		apptest.Expect(t, res, http.StatusOK, "Solo para personas empadronadas", "certificado electrónico o Cl@ve",
			"todavía no ofrece la identificación electrónica")
		if strings.Contains(res.Body, `name="documento"`) || strings.Contains(res.Body, `method="post"`) {
			t.Error("a restricted survey must not offer a form without identification")
		}
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		inhabitant := env.String(t, `SELECT doc_number FROM census_inscriptions WHERE entity_id = $1 AND active AND doc_type = 'dni'
			ORDER BY doc_number LIMIT 1`, pl)
		in := pub.Post(rpath, url.Values{"p1": {"Parque"}, "documento": {inhabitant}})
		out := pub.Post(rpath, url.Values{"p1": {"Parque"}, "documento": {"00000001R"}})
		apptest.Expect(t, in, http.StatusConflict, "todavía no ofrece la identificación electrónica")
		if in.Status != out.Status || in.Body != out.Body {
			t.Error("the answer to a typed document must not depend on the padrón")
		}
		if strings.Contains(in.Body, "no figura en") {
			t.Error("the padrón must not be revealed")
		}
		if res := pub.Get(rpath + "/responder"); res.Status != http.StatusSeeOther || res.Location != rpath {
			t.Errorf("answer page without identification: %d %q", res.Status, res.Location)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM portal_answers WHERE survey_id = $1`, rid); n != 0 {
			t.Errorf("answers without identification: %d", n)
		}
		form.Set("titulo", "Horario del mercado")
		form.Del("restringida")
		res = c.Post("/portal/encuestas", form)
		apptest.Expect(t, res, http.StatusSeeOther)
		exp := c.Get(res.Location + "/respuestas?formato=csv")
		apptest.Expect(t, exp, http.StatusOK, "¿Qué obra prefiere?")
		apptest.Expect(t, c.Get(res.Location+"/respuestas?formato=pdf"), http.StatusBadRequest)
	})
}
