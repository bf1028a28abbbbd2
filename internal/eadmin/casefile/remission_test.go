package casefile_test

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/eni"
)

// fileWithDocuments opens an expediente of Cáceres from an entrada with a
// plan, and issues a document in it.
func fileWithDocuments(t testing.TB, env *apptest.Env, cc *apptest.Client) string {
	t.Helper()
	id := openFrom(t, cc, procedureOf(t, env, apptest.Dir3Caceres, "OBRA-MENOR"), registerEntrada(t, cc, "12345678Z", "Lucía Gómez Núñez"))
	draft := draftFrom(t, cc.Post("/expedientes/"+id+"/borradores", url.Values{"plantilla": {"requerimiento"}}), id)
	idAfter(t, cc.Post("/expedientes/"+id+"/documentos/"+draft+"/emitir", url.Values{}), "/expedientes/")
	return id
}

// xmlTool runs an XML tool on data and returns its output and whether it passed.
func xmlTool(t testing.TB, data []byte, name string, args ...string) (string, bool) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s is not installed (Debian package %s)", name, map[string]string{"xmllint": "libxml2-utils", "xmlsec1": "xmlsec1"}[name])
	}
	path := filepath.Join(t.TempDir(), "expediente.xml")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(name, append(args, path)...).CombinedOutput()
	return string(out), err == nil
}

// checkExpediente validates an ENI expediente against its schema and its
// índice's signature with xmlsec1, and that a changed fingerprint breaks it.
func checkExpediente(t testing.TB, data []byte) {
	t.Helper()
	if out, ok := xmlTool(t, data, "xmllint", "--noout", "--schema", "../../platform/eni/testdata/xsd/ExpedienteEni.xsd"); !ok {
		t.Fatalf("xmllint: %s", out)
	}
	verify := []string{"--verify", "--insecure", "--id-attr:Id", "http://administracionelectronica.gob.es/ENI/XSD/v1.0/expediente-e/indice-e:IndiceContenido",
		"--id-attr:Id", "http://uri.etsi.org/01903/v1.3.2#:SignedProperties"}
	if out, ok := xmlTool(t, data, "xmlsec1", verify...); !ok || !strings.Contains(out, "OK") {
		t.Fatalf("xmlsec1 on the signed índice: %s", out)
	}
	i := bytes.Index(data, []byte("<eniconexpind:ValorHuella>"))
	tampered := bytes.Clone(data)
	tampered[i+len("<eniconexpind:ValorHuella>")] ^= 1
	if out, ok := xmlTool(t, tampered, "xmlsec1", verify...); ok {
		t.Fatalf("xmlsec1 verified a changed ValorHuella: %s", out)
	}
}

// TestRemission: the expediente exports as ENI with its índice sealed; a
// remission packs it with each document; the court's link opens without a
// session and its first use is the acuse; another entity sees nothing; an
// expired link is gone.
func TestRemission(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.Login(t, apptest.Caceres)
		id := fileWithDocuments(t, env, cc)
		res := cc.Get("/expedientes/" + id + "/eni.xml")
		apptest.Expect(t, res, http.StatusOK, "<eniexpmeta:Estado>E0")
		checkExpediente(t, []byte(res.Body))

		apptest.Expect(t, cc.Post("/expedientes/"+id+"/remisiones", url.Values{"destino": {""}}), http.StatusUnprocessableEntity, "Escriba el órgano de destino")
		res = cc.Post("/expedientes/"+id+"/remisiones", url.Values{"destino": {"Juzgado de lo Contencioso-Administrativo n.º 1 de Cáceres"},
			"referencia": {"Procedimiento abreviado 123/2026"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("prepare: %d %s", res.Status, apptest.Text(res.Body))
		}
		rem := env.String(t, `SELECT id FROM casefile_remissions WHERE file_id = $1`, id)
		token := env.String(t, `SELECT token FROM casefile_remissions WHERE id = $1`, rem)
		pkg := cc.Get("/expedientes/" + id + "/remisiones/" + rem + "/paquete.zip")
		apptest.Expect(t, pkg, http.StatusOK)
		z, err := zip.NewReader(bytes.NewReader([]byte(pkg.Body)), int64(len(pkg.Body)))
		if err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{}
		for _, f := range z.File {
			rc, _ := f.Open()
			files[f.Name], _ = io.ReadAll(rc)
			rc.Close()
		}
		checkExpediente(t, files["expediente.xml"])
		exp, sigs, err := eni.ParseExpediente(files["expediente.xml"])
		if err != nil || exp.State != "E03" || len(sigs) != 1 || !sigs[0].Intact {
			t.Fatalf("expediente: %+v %+v %v", exp, sigs, err)
		}
		if !bytes.HasPrefix(files["indice.pdf"], []byte("%PDF")) {
			t.Fatal("no índice PDF")
		}
		docs := 0
		for name, data := range files {
			if !strings.HasPrefix(name, "documentos/") {
				continue
			}
			docs++
			found := false
			for _, d := range exp.Documents {
				found = found || d.Matches(data)
			}
			if !found {
				t.Fatalf("%s does not match any fingerprint of the índice", name)
			}
		}
		if docs == 0 || docs != len(exp.Documents) {
			t.Fatalf("%d document files for %d entries", docs, len(exp.Documents))
		}

		other := env.Login(t, apptest.Plasencia)
		apptest.Expect(t, other.Get("/expedientes/"+id+"/remisiones"), http.StatusNotFound)
		apptest.Expect(t, other.Get("/expedientes/"+id+"/remisiones/"+rem+"/paquete.zip"), http.StatusNotFound)
		apptest.Expect(t, other.Post("/expedientes/"+id+"/remisiones/"+rem+"/enviar", nil), http.StatusNotFound)

		apptest.Expect(t, cc.Post("/expedientes/"+id+"/remisiones/"+rem+"/enviar", nil), http.StatusSeeOther)
		court := env.Anonymous(t)
		apptest.Expect(t, court.Get("/remision/"+token), http.StatusOK, "Juzgado de lo Contencioso-Administrativo", "Primer acceso")
		if s := env.String(t, `SELECT state FROM casefile_remissions WHERE id = $1`, rem); s != "recibida" {
			t.Fatalf("state after the court's access: %s", s)
		}
		if got := court.Get("/remision/" + token + "/paquete.zip"); got.Body != pkg.Body {
			t.Fatal("the court's package differs from the prepared one")
		}
		apptest.Expect(t, cc.Get("/expedientes/"+id), http.StatusOK, "Remisión recibida por Juzgado")
		apptest.Expect(t, court.Get("/remision/NOEXISTE"), http.StatusNotFound)
		if _, err := env.DB.Exec(`UPDATE casefile_remissions SET expires_at = $1 WHERE id = $2`, "2000-01-01 00:00:00", rem); err != nil {
			t.Fatal(err)
		}
		apptest.Expect(t, court.Get("/remision/"+token), http.StatusGone, "caducó")
	})
}
