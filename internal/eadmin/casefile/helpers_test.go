package casefile_test

import (
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
)

// file is an attachment of a test form.
type file struct {
	name    string
	content []byte
}

// postMultipart posts form and files (as field) to path.
func postMultipart(t testing.TB, c *apptest.Client, path string, form url.Values, field string, files ...file) apptest.Response {
	t.Helper()
	fs := make([]apptest.File, len(files))
	for i, f := range files {
		fs[i] = apptest.File{Name: f.name, Content: f.content}
	}
	return c.PostFiles(t, path, form, field, fs...)
}

// postMultipartField posts only files, as field.
func postMultipartField(t testing.TB, c *apptest.Client, path, field string, files ...file) apptest.Response {
	t.Helper()
	return postMultipart(t, c, path, url.Values{}, field, files...)
}

// registerEntrada registers an entrada of a licencia de obra menor with a
// plan attached and returns its id.
func registerEntrada(t testing.TB, c *apptest.Client, doc, name string) string {
	t.Helper()
	res := postMultipart(t, c, "/registro", url.Values{"kind": {"entrada"}, "means": {"presencial"},
		"subject": {"Licencia de obra menor"}, "summary": {"Solicita licencia para reformar el baño de su vivienda"},
		"doc_type": {"TD14"}, "interesado_tipo_documento": {"NIF"}, "interesado_documento": {doc},
		"interesado_nombre": {name}, "interesado_email": {"vecina@example.org"},
		"interesado_direccion": {"Calle Pintores 10, 10003 Cáceres"}}, "documentos", file{"plano.pdf", []byte("%PDF-1.4 plano")})
	return idAfter(t, res, "/registro/asientos/")
}

var idRE = regexp.MustCompile(`^[0-9A-Za-z]+$`)

// idAfter returns the id of a redirect to prefix+id.
func idAfter(t testing.TB, res apptest.Response, prefix string) string {
	t.Helper()
	if res.Status != http.StatusSeeOther {
		t.Fatalf("status %d, want 303\n%.800s", res.Status, apptest.Text(res.Body))
	}
	id := strings.TrimPrefix(res.Location, prefix)
	if id == res.Location || !idRE.MatchString(id) {
		t.Fatalf("location %q, want %s<id>", res.Location, prefix)
	}
	return id
}

// adopt incorporates a model procedure into the actor's entity and
// returns the procedure's id.
func adopt(t testing.TB, c *apptest.Client, code string) string {
	t.Helper()
	return idAfter(t, c.Post("/procedimientos", url.Values{"modelo": {code}}), "/procedimientos/")
}

// openFrom opens an expediente of procedure from an entrada.
func openFrom(t testing.TB, c *apptest.Client, procedure, entry string) string {
	t.Helper()
	return idAfter(t, c.Post("/expedientes", url.Values{"procedimiento": {procedure}, "asiento": {entry}}), "/expedientes/")
}

// taskID is the id of the trámite of an expediente with a step code.
func taskID(t testing.TB, env *apptest.Env, file, step string) string {
	t.Helper()
	return env.String(t, `SELECT id FROM casefile_tasks WHERE file_id = $1 AND step_code = $2`, file, step)
}

// draftFrom returns the document of a redirect to a draft's edit page.
func draftFrom(t testing.TB, res apptest.Response, file string) string {
	t.Helper()
	res.Location = strings.TrimSuffix(res.Location, "/editar")
	return idAfter(t, res, "/expedientes/"+file+"/documentos/")
}

// procedureOf is the id of the procedure adopted from a model in an
// entity's catalogue (the demo adopts most models).
func procedureOf(t testing.TB, env *apptest.Env, dir3, code string) string {
	t.Helper()
	return env.String(t, `SELECT id FROM casefile_procedures WHERE entity_id = $1 AND model_code = $2`, env.EntityID(t, dir3), code)
}

// eniValid checks data against the ENI schema of a documento with xmllint.
func eniValid(t testing.TB, data []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "documento.xml")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("xmllint", "--noout", "--schema", "../../platform/eni/testdata/xsd/DocumentoEni.xsd", path).CombinedOutput()
	if err != nil {
		t.Fatalf("ENI: %v\n%s", err, out)
	}
}
