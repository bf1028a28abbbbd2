package registry_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/dbtest"
)

// FuzzSIRUpload sends arbitrary files to the register's SIR reception, as
// a clerk uploading what another office sent: every answer is a redirect
// (taken or already taken) or a 4xx with a Spanish message, never a 5xx.
// Seeds: the reception test files of the codec, addressed to Cáceres.
func FuzzSIRUpload(f *testing.F) {
	env := apptest.Start(f, dbtest.SQLite(f))
	cc := env.Login(f, apptest.Caceres)
	office := officeOf(f, cc)
	seeds, _ := filepath.Glob(filepath.Join(standards, "recepcion", "*.xml"))
	samples, _ := filepath.Glob(filepath.Join(standards, "samples", "sicres", "*.xml"))
	for _, p := range append(seeds, samples...) {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(addressedTo(data, office))
	}
	f.Add([]byte(`<?xml version="1.0"?><De_Mensaje><Tipo_Mensaje>01</Tipo_Mensaje></De_Mensaje>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		res := uploadSIR(t, cc.For(t), data)
		if res.Status >= 500 || (res.Status != http.StatusSeeOther && res.Status/100 != 4) {
			t.Fatalf("status %d for %q\n%.500s", res.Status, data[:min(len(data), 200)], apptest.Text(res.Body))
		}
		if res.Status/100 == 4 && !strings.Contains(res.Body, "lang=\"es\"") {
			t.Fatalf("a refusal that is not a Spanish page: %d", res.Status)
		}
	})
}
