package registry_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
)

// Demo staff of Cáceres with other roles of the registro application.
const (
	ccUser   = "enrique.prieto@caceres.es" // usuario
	ccReader = "ruben.herrera@caceres.es"  // consulta
)

// file is an uploaded document.
type file struct {
	name    string
	content []byte
}

// postEntry submits the new-asiento form as multipart with files.
func postEntry(t testing.TB, c *apptest.Client, form url.Values, files ...file) apptest.Response {
	t.Helper()
	return postMultipart(t, c, "/registro", form, map[string][]file{"documentos": files})
}

// postMultipart submits a multipart form with files per field.
func postMultipart(t testing.TB, c *apptest.Client, path string, form url.Values, files map[string][]file) apptest.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for field, fs := range files {
		for _, f := range fs {
			w, err := mw.CreateFormFile(field, f.name)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(f.content)
		}
	}
	mw.Close()
	return c.Do(http.MethodPost, path, mw.FormDataContentType(), &body)
}

// entryForm is a complete entrada form.
func entryForm(unit string) url.Values {
	return url.Values{"kind": {"entrada"}, "means": {"presencial"}, "subject": {"Licencia de obra menor"},
		"summary": {"Solicita licencia para reformar el baño de su vivienda"}, "doc_type": {"TD14"}, "unit": {unit},
		"interesado_tipo_documento": {"NIF"}, "interesado_documento": {"12345678z"},
		"interesado_nombre": {"Lucía Gómez Núñez"}, "interesado_email": {"lucia@example.org"},
		"interesado_direccion": {"Calle Pintores 10, 10003 Cáceres"}}
}

var idRe = regexp.MustCompile(`^/registro/(?:asientos|unidades)/([0-9A-Za-z]+)$`)

// idFrom returns the id at the end of a redirect location.
func idFrom(t testing.TB, res apptest.Response) string {
	t.Helper()
	if res.Status != http.StatusSeeOther {
		t.Fatalf("status %d, want 303\n%.600s", res.Status, apptest.Text(res.Body))
	}
	m := idRe.FindStringSubmatch(res.Location)
	if m == nil {
		t.Fatalf("location %q", res.Location)
	}
	return m[1]
}

// createUnit creates a unit as c and returns its id.
func createUnit(t testing.TB, c *apptest.Client, name string) string {
	t.Helper()
	return idFrom(t, c.Post("/registro/unidades", url.Values{"nombre": {name}}))
}

func contains(s string, subs ...string) bool {
	for _, x := range subs {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}
