package sicres_test

import (
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"concejo/internal/eadmin/registry/sicres"
	"concejo/internal/eadmin/registry/sicres/sicrestest"
)

// Every generated file marshals, validates against the schema (xmllint)
// and parses back equal.
func TestGeneratedFilesRoundTrip(t *testing.T) {
	now := receivedAt.In(madrid)
	dir := t.TempDir()
	r := rand.New(rand.NewSource(18))
	var paths []string
	seen := map[string]bool{}
	for i := 0; i < 300; i++ {
		f := sicrestest.Fichero(r, now)
		features(f, seen)
		data, err := sicres.Marshal(f, now, madrid)
		if err != nil {
			t.Fatalf("file %d: %v", i, err)
		}
		back, err := sicres.Parse(data, now, madrid)
		if err != nil {
			t.Fatalf("file %d does not parse: %v\n%s", i, err, data)
		}
		if !reflect.DeepEqual(back, f) {
			t.Fatalf("file %d changed in the round trip:\n%+v\n%+v", i, f, back)
		}
		paths = append(paths, filepath.Join(dir, fmt.Sprintf("f%03d.xml", i)))
		if err := os.WriteFile(paths[i], data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range []string{"anotación 01", "anotación 02", "anotación 03", "anotación 04", "representante",
		"una palabra", "razón social", "sin interesados", "Resumen 240", "Expone 4000", "Nombre_Fichero_Anexado 80",
		"Correo 160", "firma", "ñ", "sin Tipo_MIME"} {
		if !seen[want] {
			t.Errorf("no generated file has %s", want)
		}
	}
	for ext := range sicres.Extensions {
		if !seen["."+ext] {
			t.Errorf("no generated annex is .%s", ext)
		}
	}
	args := append([]string{"--noout", "--schema", filepath.Join(standards, "xsd/sicres/SICRES3_INTERCAMBIO_APL.xsd")}, paths...)
	if out, err := exec.Command("xmllint", args...).CombinedOutput(); err != nil {
		t.Fatalf("xmllint: %v\n%s", err, out)
	}
}

// features notes what a generated file covers.
func features(f *sicres.Fichero, seen map[string]bool) {
	seen["anotación "+f.Control.TipoAnotacion] = true
	seen["Resumen 240"] = seen["Resumen 240"] || utf8.RuneCountInString(f.Asunto.Resumen) == 240
	seen["Expone 4000"] = seen["Expone 4000"] || utf8.RuneCountInString(f.Formulario.Expone) == 4000
	seen["ñ"] = seen["ñ"] || strings.Contains(f.Asunto.Resumen, "ñ")
	for _, i := range f.Interesados {
		seen["representante"] = seen["representante"] || i.RazonSocialRep != "" || i.NombreRep != ""
		seen["una palabra"] = seen["una palabra"] || i.PrimerApellido == sicres.NoSurname
		seen["razón social"] = seen["razón social"] || i.RazonSocial != ""
		seen["sin interesados"] = seen["sin interesados"] || (i.Nombre == "" && i.RazonSocial == "")
		seen["Correo 160"] = seen["Correo 160"] || len(i.Correo) == 160
	}
	for _, a := range f.Anexos {
		seen[strings.ToLower(path.Ext(a.NombreFichero))] = true
		seen["firma"] = seen["firma"] || a.IdentificadorDocFirmado != ""
		seen["sin Tipo_MIME"] = seen["sin Tipo_MIME"] || a.TipoMIME == ""
		seen["Nombre_Fichero_Anexado 80"] = seen["Nombre_Fichero_Anexado 80"] || utf8.RuneCountInString(a.NombreFichero) == 80
	}
}
