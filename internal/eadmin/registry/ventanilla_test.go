package registry_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
)

// scan is a small greyscale JPEG standing for a scanned page.
func scan(t testing.TB) []byte {
	img := image.NewGray(image.Rect(0, 0, 200, 280))
	for y := 40; y < 60; y++ {
		for x := 20; x < 180; x++ {
			img.SetGray(x, y, color.Gray{Y: 30})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// postVentanilla submits the ventanilla's form with files per field.
func postVentanilla(t testing.TB, c *apptest.Client, form url.Values, files map[string][]file) apptest.Response {
	t.Helper()
	return postMultipart(t, c, "/registro/ventanilla", form, files)
}

func ventanillaForm() url.Values {
	return url.Values{"destino": {"L02000010"}, "interesado_tipo_documento": {"NIF"}, "interesado_documento": {"12345678Z"},
		"interesado_nombre_propio": {"Lucía"}, "interesado_apellido1": {"Gómez"}, "interesado_apellido2": {"Núñez"},
		"interesado_direccion": {"Calle Pintores 10"}, "interesado_codigo_postal": {"10003"}, "interesado_pais": {"724"},
		"interesado_canal": {"01"}, "representante_tipo_documento": {"NIE"}, "representante_documento": {"X1234567L"},
		"representante_nombre_propio": {"Íñigo"}, "representante_apellido1": {"Fernández"}, "representante_apellido2": {"de la Peña"},
		"subject": {"Solicitud de beca de transporte"}, "summary": {"Solicita la beca de transporte escolar del curso 2026-2027"},
		"expone": {"Que su hija cursa estudios en Cáceres."}, "solicita": {"La beca de transporte."}, "documentacion": {"3"},
		"documento1_titulo": {"Solicitud"}, "documento2_titulo": {"DNI"}}
}

var csvRe = regexp.MustCompile(`CSV ([0-9A-Z]{24})`)

// TestVentanilla: Cáceres's clerk registers a paper submission for the
// Diputación (a unit of the DIR3 directory with its SIR office): the
// copias auténticas of its scans are verifiable by their CSV, the entrada
// keeps the interesado, his representante and the destination unit, and
// the interchange leaves for the unit's office. Missing data are refused
// field by field; another town sees none of it.
func TestVentanilla(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.Login(t, apptest.Caceres)
		apptest.Expect(t, cc.Get("/registro/ventanilla"), http.StatusOK, "Ventanilla única", "Todavía no se ha enviado")
		apptest.Expect(t, cc.Get("/registro/ventanilla/nueva?q=diputacion+caceres"), http.StatusOK,
			"Diputación Provincial de Cáceres (L02000010)", "O00002683")
		apptest.Expect(t, cc.Get("/registro/ventanilla/nueva?q=zzzz"), http.StatusOK, "No hay unidades vigentes")

		// Refusals, each on its field.
		empty := url.Values{"documentacion": {"3"}}
		apptest.Expect(t, postVentanilla(t, cc, empty, nil), http.StatusUnprocessableEntity, "Busque y elija la unidad de destino",
			"Digitalice al menos un documento", "Escriba el primer apellido")
		noSurname := ventanillaForm()
		noSurname.Del("interesado_apellido1")
		apptest.Expect(t, postVentanilla(t, cc, noSurname, map[string][]file{"documento1_ficheros": {{"p1.jpg", scan(t)}}}),
			http.StatusUnprocessableEntity, "SIR lo exige")
		disguised := map[string][]file{"documento1_ficheros": {{"solicitud.pdf", scan(t)}}}
		apptest.Expect(t, postVentanilla(t, cc, ventanillaForm(), disguised), http.StatusUnprocessableEntity, "Documento 1")
		if n := env.Count(t, `SELECT COUNT(*) FROM registry_entries WHERE entity_id = $1 AND dest_unit_dir3 = 'L02000010'`,
			env.EntityID(t, apptest.Dir3Caceres)); n != 0 {
			t.Fatalf("a refused submission registered %d entries", n)
		}

		res := postVentanilla(t, cc, ventanillaForm(), map[string][]file{
			"documento1_ficheros": {{"pagina1.jpg", scan(t)}, {"pagina2.jpg", scan(t)}},
			"documento2_ficheros": {{"dni.jpg", scan(t)}}})
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/registro/sir/") {
			t.Fatalf("submit: %d %s", res.Status, apptest.Text(res.Body))
		}
		sent := res.Location
		apptest.Expect(t, cc.Get(sent), http.StatusOK, "Enviado", "Diputación Provincial de Cáceres", "L02000010")
		data := []byte(cc.Get(sent + "/fichero.xml").Body)
		xmllintFile(t, data)
		if !contains(string(data), "<Codigo_Entidad_Registral_Destino>O00002683<", "<Codigo_Unidad_Tramitacion_Destino>L02000010<",
			"<Nombre_Representante>Íñigo</Nombre_Representante>", "<Segundo_Apellido_Representante>de la Peña<",
			"<Validez_Documento>02</Validez_Documento>", "<Documentacion_Fisica>3</Documentacion_Fisica>",
			"<Nombre_Fichero_Anexado>Solicitud.pdf<", "<Nombre_Fichero_Anexado>DNI.pdf<") {
			t.Fatalf("file:\n%.3000s", data)
		}
		// Each copy is verifiable by its CSV.
		codes := csvRe.FindAllStringSubmatch(string(data), -1)
		if len(codes) != 2 {
			t.Fatalf("%d copias auténticas with CSV in the file", len(codes))
		}
		anon := env.Anonymous(t)
		for _, c := range codes {
			apptest.Expect(t, anon.Get("/verificar?csv="+c[1]), http.StatusOK, "Copia auténtica")
		}
		apptest.Expect(t, cc.Get("/registro/ventanilla"), http.StatusOK, "Solicita la beca de transporte", "Enviado")
		// The citizen's justificante names the destination unit and the representante.
		entry := env.String(t, `SELECT entry_id FROM registry_interchanges WHERE id = $1`, strings.TrimPrefix(sent, "/registro/sir/"))
		receipt := strings.Join(strings.Fields(apptest.PDFText(t, cc.Get("/registro/asientos/"+entry+"/justificante.pdf").Body)), " ")
		if !contains(receipt, "Unidad de destino", "(L02000010)", "Representante Íñigo Fernández de la Peña (NIE X1234567L), en nombre de Lucía Gómez Núñez",
			"Solicitud.pdf", "DNI.pdf") {
			t.Fatalf("justificante:\n%s", receipt)
		}

		pl := env.Login(t, apptest.Plasencia)
		apptest.Expect(t, pl.Get("/registro/ventanilla"), http.StatusOK, "Todavía no se ha enviado")
		apptest.Expect(t, pl.Get(sent), http.StatusNotFound)
	})
}
