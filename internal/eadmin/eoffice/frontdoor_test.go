package eoffice_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
)

// The sede's front door: a citizen identifies through the platform's Cl@ve
// de pruebas (a real SAML round trip to the sede's SP), reads a procedure's
// page and downloads his own volante de empadronamiento.

const public = "http://concejo.test"

var (
	hiddenRe = func(name string) *regexp.Regexp { return regexp.MustCompile(`name="` + name + `" value="([^"]*)"`) }
	personRe = regexp.MustCompile(`name="persona" value="([^"]+)"[^>]*>\s*<label[^>]*>([^<]+?) · NIF`)
	actionRe = regexp.MustCompile(`<form method="post" action="([^"]+)">`)
	localIdP = "/clave-pruebas/sso"
)

func hidden(t *testing.T, body, name string) string {
	t.Helper()
	m := hiddenRe(name).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no hidden %s in\n%.1500s", name, body)
	}
	return html.UnescapeString(m[1])
}

// claveDePruebas identifies at the sede as the person with nif (one of the
// demo inhabitants offered when nif is "", whose NIF and name it returns)
// and comes back to volver.
func claveDePruebas(t *testing.T, c *apptest.Client, sede, volver string, form url.Values) (string, string) {
	t.Helper()
	loc := startClave(t, c, sede, volver)
	if !strings.HasPrefix(loc, public+localIdP+"?") {
		t.Fatalf("not sent to the Cl@ve de pruebas: %q", loc)
	}
	res := c.Get(strings.TrimPrefix(loc, public))
	apptest.Expect(t, res, http.StatusOK, "Cl@ve de pruebas", "Identifíquese en la sede electrónica")
	people := personRe.FindAllStringSubmatch(res.Body, -1)
	if len(people) != 5 {
		t.Fatalf("the Cl@ve de pruebas offers %d people, want 5", len(people))
	}
	if form == nil {
		form = url.Values{"persona": {people[0][1]}}
	}
	form.Set("peticion", hidden(t, res.Body, "peticion"))
	res = c.Post(localIdP, form)
	apptest.Expect(t, res, http.StatusOK, "Identificación correcta", "Volver a la sede electrónica")
	acs := actionRe.FindStringSubmatch(res.Body)
	if acs == nil || acs[1] != public+"/e/"+sede+"/sede/saml/acs" {
		t.Fatalf("answer posts to %v", acs)
	}
	back := url.Values{"SAMLResponse": {hidden(t, res.Body, "SAMLResponse")}}
	res = c.Post("/e/"+sede+"/sede/saml/acs", back)
	if res.Status != http.StatusSeeOther || res.Location != volver {
		t.Fatalf("ACS: %d %q\n%.800s", res.Status, res.Location, apptest.Text(res.Body))
	}
	// The answer is single-use.
	if res := c.Post("/e/"+sede+"/sede/saml/acs", back); res.Status != http.StatusForbidden {
		t.Fatalf("replayed answer: %d", res.Status)
	}
	return people[0][1], html.UnescapeString(people[0][2])
}

func TestClaveDePruebasAndVolante(t *testing.T) {
	t.Setenv("CONCEJO_LOCAL_CLAVE", "1")
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		// Its metadata is what the sede trusts; the sede signs its request.
		apptest.Expect(t, env.Anonymous(t).Get("/clave-pruebas/metadata"), http.StatusOK,
			"IDPSSODescriptor", public+localIdP)
		c := env.Anonymous(t)
		apptest.Expect(t, c.Get("/e/10037/sede/entrar?volver=/e/10037/sede/empadronamiento"), http.StatusOK,
			"Identificarse con Cl@ve", "Cl@ve de pruebas")
		nif, name := claveDePruebas(t, c, "10037", "/e/10037/sede/empadronamiento", nil)
		if env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'sede.identificacion' AND object_id = $1`, nif) != 1 {
			t.Fatal("identification not audited")
		}
		apptest.Expect(t, c.Get("/e/10037/sede/empadronamiento"), http.StatusOK, "Mis datos en el padrón", name, nif,
			"Inscrito en este domicilio desde", "Descargar mi volante")

		// The volante is his, whatever document the form might name.
		other := env.String(t, `SELECT doc_number FROM census_inscriptions WHERE entity_id = $1 AND active
			AND doc_type = 'dni' AND doc_number <> $2 ORDER BY number DESC LIMIT 1`, env.EntityID(t, apptest.Dir3Caceres), nif)
		res := c.Post("/e/10037/sede/empadronamiento/volante", url.Values{"nif": {other}, "documento": {other}})
		if res.Status != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(res.Body, "%PDF") {
			t.Fatalf("volante: %d %q\n%.500s", res.Status, res.Header.Get("Content-Type"), res.Body)
		}
		if txt := apptest.PDFText(t, res.Body); !strings.Contains(txt, "Volante de empadronamiento") || !strings.Contains(txt, nif) ||
			strings.Contains(txt, other) || !strings.Contains(strings.Join(strings.Fields(txt), " "), name) {
			t.Fatalf("the volante does not name him alone:\n%s", txt)
		}
		if env.Count(t, `SELECT COUNT(*) FROM census_certificates c JOIN census_inscriptions i ON i.id = c.inscription_id
			WHERE i.doc_number = $1 AND c.channel = 'sede' AND c.kind = 'volante'`, nif) != 1 {
			t.Fatal("the volante is not recorded as issued at the sede")
		}

		// Tenancy: his session is Cáceres's; at Plasencia he is nobody, and
		// identified there he is not in its padrón: a clear 404, not a 500.
		res = c.Post("/e/10148/sede/empadronamiento/volante", nil)
		apptest.Expect(t, res, http.StatusUnauthorized, "Identifíquese de nuevo")
		claveDePruebas(t, c, "10148", "/e/10148/sede/empadronamiento",
			url.Values{"persona": {"otra"}, "nif": {nif}, "nombre": {"Ana"}, "apellidos": {"Prueba"}})
		apptest.Expect(t, c.Get("/e/10148/sede/empadronamiento"), http.StatusNotFound, "No figura en el padrón del Ayuntamiento de Plasencia", nif)
		res = c.Post("/e/10148/sede/empadronamiento/volante", nil)
		apptest.Expect(t, res, http.StatusNotFound, "No figura inscrito en el Padrón municipal de habitantes del Ayuntamiento de Plasencia")
		if !strings.Contains(res.Body, `class="sede"`) {
			t.Fatal("the refusal is not in the sede's look")
		}
		// Anonymous: sent to identify himself.
		if res := env.Anonymous(t).Get("/e/10037/sede/empadronamiento"); res.Status != http.StatusSeeOther ||
			!strings.HasPrefix(res.Location, "/e/10037/sede/entrar?volver=") {
			t.Fatalf("anonymous: %d %q", res.Status, res.Location)
		}
	})
}

func TestClaveDePruebasRefusals(t *testing.T) {
	t.Setenv("CONCEJO_LOCAL_CLAVE", "1")
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := env.Anonymous(t)
		// A request not signed by a sede, or tampered with, is refused in Spanish.
		res := c.Get(localIdP + "?SAMLRequest=bm8&SigAlg=x&Signature=y")
		apptest.Expect(t, res, http.StatusBadRequest, "La petición de identificación no es válida", "Cl@ve de pruebas")
		loc := strings.TrimPrefix(startClave(t, c, "10037", "/e/10037/sede/mis-registros"), public)
		res = c.Post(localIdP, url.Values{"peticion": {strings.Replace(loc[len(localIdP)+1:], "Signature=", "Signature=A", 1)},
			"persona": {"otra"}, "nif": {"12345678Z"}, "nombre": {"Ana"}})
		apptest.Expect(t, res, http.StatusBadRequest, "La petición de identificación no es válida")
		// Bad input of the person: the form again, with the errors.
		q := loc[len(localIdP)+1:]
		res = c.Post(localIdP, url.Values{"peticion": {q}})
		apptest.Expect(t, res, http.StatusUnprocessableEntity, "Elija quién se identifica")
		res = c.Post(localIdP, url.Values{"peticion": {q}, "persona": {"otra"}, "nif": {"12345678A"}})
		apptest.Expect(t, res, http.StatusUnprocessableEntity, "Escriba un DNI o NIE válido")
		res = c.Post(localIdP, url.Values{"peticion": {q}, "persona": {"otra"}, "nif": {"12345678Z"}})
		apptest.Expect(t, res, http.StatusUnprocessableEntity, "Escriba el nombre")
		res = c.Post(localIdP, url.Values{"peticion": {q}, "persona": {"00000001R"}})
		apptest.Expect(t, res, http.StatusUnprocessableEntity, "Elija una de las personas de la lista")
	})
}

func TestClaveDePruebasIsOffByDefault(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := env.Anonymous(t)
		apptest.Expect(t, c.Get(localIdP+"?SAMLRequest=x"), http.StatusNotFound)
		apptest.Expect(t, c.Get("/clave-pruebas/metadata"), http.StatusNotFound)
		// Without any identification configured, its errors still wear the sede's look.
		res := c.Get("/e/10037/sede/entrar/certificado")
		apptest.Expect(t, res, http.StatusNotFound, "no está habilitada en esta sede", "Volver al inicio de la sede electrónica")
		if !strings.Contains(res.Body, `<body class="sede">`) {
			t.Fatalf("not the sede's look:\n%.800s", res.Body)
		}
	})
}

func TestProcedurePages(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := env.Anonymous(t)
		res := c.Get("/e/10037/sede/procedimientos")
		apptest.Expect(t, res, http.StatusOK, `href="/e/10037/sede/procedimientos/PADRON-VOLANTE"`,
			`href="/e/10037/sede/procedimientos/BONIF-IBI"`, `href="/e/10037/sede/procedimientos/RESPONSABILIDAD-PATRIMONIAL"`)
		apptest.Expect(t, c.Get("/e/10037/sede/procedimientos/BONIF-IBI"), http.StatusOK,
			"Bonificación del IBI para familias numerosas", "Requisitos", "art. 74.4", "Documentación que debe aportar",
			"Título de familia numerosa en vigor", "Tasa", "Gratuita.", "Plazo máximo para resolver y notificar", "Seis meses",
			"Efecto del silencio administrativo", "Desestimatorio", "Órgano que resuelve", "Alcaldía-Presidencia", "Normativa",
			`href="/e/10037/sede/solicitud?procedimiento=BONIF-IBI"`)
		// A procedure of the tramitador keeps the sede's details of the same name.
		apptest.Expect(t, c.Get("/e/10037/sede/procedimientos/RESPONSABILIDAD-PATRIMONIAL"), http.StatusOK,
			"Reclamación de responsabilidad patrimonial", "art. 32 de la Ley 40/2015", "Gratuita.", "Ley 40/2015",
			`href="/e/10037/sede/solicitud?procedimiento=RESPONSABILIDAD-PATRIMONIAL"`)
		apptest.Expect(t, c.Get("/e/10037/sede/procedimientos/PADRON-VOLANTE"), http.StatusOK, "Inmediato", "Gratuito.",
			"Obtener mi volante ahora", `href="/e/10037/sede/empadronamiento"`)
		apptest.Expect(t, c.Get("/e/10037/sede/procedimientos/MATRIMONIO"), http.StatusOK, "no se puede iniciar en línea")
		// An unknown code, or another town's: a 404 in the sede's look.
		res = c.Get("/e/10037/sede/procedimientos/NO-EXISTE")
		apptest.Expect(t, res, http.StatusNotFound, "no tiene ningún procedimiento con el código «NO-EXISTE»")
		if !strings.Contains(res.Body, `class="sede"`) {
			t.Fatal("404 not in the sede's look")
		}
		// Abadía publishes no catalogue in the small demo.
		apptest.Expect(t, c.Get("/e/10001/sede/procedimientos/RESPPAT"), http.StatusNotFound)
		// Its stylesheet, and the portal it links to when the town has one.
		apptest.Expect(t, c.Get("/e/10037/sede/identidad.css"), http.StatusOK, "--sede")
	})
}
