package dir3_test

import (
	"archive/zip"
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/eadmin/dir3"
	"concejo/internal/platform/access"
)

// unitsCSV is a Unidades.csv of the Directorio with one unit per row of
// code, name and state (56 columns, the ones not given empty).
func unitsCSV(rows ...[3]string) []byte {
	var b strings.Builder
	b.WriteString(strings.Repeat("columna;", 55) + "columna\n")
	for _, r := range rows {
		cols := make([]string, 56)
		cols[0], cols[1], cols[2], cols[5], cols[8], cols[9], cols[11], cols[14] = r[0], "1", r[1], r[2], "2", "1", r[0], r[0]
		b.WriteString(strings.Join(cols, ";") + "\n")
	}
	return []byte(b.String())
}

func zipped(t *testing.T, name string, content []byte) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create(name)
	w.Write(content)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestAuthorizationTable makes every route of the directory as every demo
// login: the registro's people of an adhered entity (the user
// administrators of Cáceres, Plasencia and the Sierra de Gata's
// mancomunidad) and the Diputación's staff read it; Abadía's secretary
// (not adhered) gets 403; only the Diputación's administrator imports; a
// visitor is sent to sign in.
func TestAuthorizationTable(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		clients := env.Clients(t)
		ok, seeOther, forbidden, notFound, unauth, invalid := http.StatusOK, http.StatusSeeOther,
			http.StatusForbidden, http.StatusNotFound, http.StatusUnauthorized, http.StatusUnprocessableEntity
		read := func(pattern, path string, mine int) apptest.AuthzCase {
			return apptest.AuthzCase{Method: "GET", Pattern: pattern, Path: path, Perm: dir3.PermRead, Def: forbidden,
				Want: map[string]int{apptest.Anon: seeOther, apptest.DipAdmin: mine, apptest.Tecnico: mine,
					apptest.Caceres: mine, apptest.Plasencia: mine, apptest.Operador: mine}}
		}
		imp := func(method, pattern, path string, form url.Values, mine int) apptest.AuthzCase {
			anon := seeOther
			if method == "POST" {
				anon = unauth
			}
			return apptest.AuthzCase{Method: method, Pattern: pattern, Path: path, Perm: dir3.PermImport, Form: form, Def: forbidden,
				Want: map[string]int{apptest.Anon: anon, apptest.DipAdmin: mine}}
		}
		var importID string
		env.DB.QueryRow(`SELECT id FROM dir3_imports`).Scan(&importID)
		cases := []apptest.AuthzCase{
			read("/dir3", "/dir3?q=c%C3%A1ceres", ok),
			read("/dir3/unidades/{code}", "/dir3/unidades/L02000010", ok),
			read("/dir3/unidades/{code}", "/dir3/unidades/A99999999", notFound),
			read("/dir3/oficinas/{code}", "/dir3/oficinas/O00002683", ok),
			read("/dir3/oficinas/{code}", "/dir3/oficinas/O99999999", notFound),
			imp("GET", "/dir3/importaciones", "/dir3/importaciones", nil, ok),
			imp("POST", "/dir3/importaciones", "/dir3/importaciones", url.Values{}, invalid),
			imp("GET", "/dir3/importaciones/{id}", "/dir3/importaciones/"+importID, nil, ok),
			imp("GET", "/dir3/importaciones/{id}", "/dir3/importaciones/NOEXISTE", nil, notFound),
		}
		apptest.CheckAuthz(t, clients, cases)
		for _, r := range env.CheckRoutes(t, cases, func(p string) bool { return strings.HasPrefix(p, "/dir3") }) {
			if r.Perm == access.Public {
				t.Errorf("route %s %s is public", r.Method, r.Pattern)
			}
		}
		// An entity's administrator cannot import even a valid file.
		file := apptest.File{Name: "Unidades.csv", Content: unitsCSV([3]string{"A11000001", "Consejería de Prueba", "V"})}
		apptest.Expect(t, clients[apptest.Caceres].PostFiles(t, "/dir3/importaciones", nil, "fichero", file), forbidden,
			"Solo los administradores de la Diputación importan")
		if n := env.Count(t, `SELECT COUNT(*) FROM dir3_units WHERE code = 'A11000001'`); n != 0 {
			t.Fatal("a refused import wrote the unit")
		}
	})
}

// TestImportThroughThePage imports as the Diputación's administrator: a
// malformed file is refused with its line (422, nothing written); a valid
// ZIP is applied in the background and its result page lists the unit it
// extinguished; the search then finds the new unit and not the old one.
func TestImportThroughThePage(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		admin := env.Login(t, apptest.DipAdmin)
		apptest.Expect(t, admin.Get("/dir3/importaciones"), http.StatusOK, "Datos de demostración del DIR3")
		bad := apptest.File{Name: "Unidades.csv", Content: unitsCSV([3]string{"A11000001", "Consejería de Prueba", "Z"})}
		apptest.Expect(t, admin.PostFiles(t, "/dir3/importaciones", nil, "fichero", bad), http.StatusUnprocessableEntity,
			"Unidades.csv, línea 2: el estado «Z» no es V, E, A ni T.")
		apptest.Expect(t, admin.PostFiles(t, "/dir3/importaciones", nil, "fichero", apptest.File{Name: "foto.jpg", Content: []byte("\xff\xd8\xff")}),
			http.StatusUnprocessableEntity, "No se reconoce foto.jpg como un fichero del DIR3")
		if n := env.Count(t, `SELECT COUNT(*) FROM dir3_imports`); n != 1 {
			t.Fatalf("refused files were recorded: %d imports", n)
		}
		good := zipped(t, "Unidades.csv", unitsCSV([3]string{"A11000001", "Consejería de Prueba Única", "V"},
			[3]string{"L02000010", "Diputación Provincial de Cáceres", "E"}))
		res := admin.PostFiles(t, "/dir3/importaciones", url.Values{"completo": {""}}, "fichero", apptest.File{Name: "descarga.zip", Content: good})
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/dir3/importaciones/") {
			t.Fatalf("import: %d %s", res.Status, apptest.Text(res.Body))
		}
		var page apptest.Response
		for range 100 {
			if page = admin.Get(res.Location); strings.Contains(page.Body, "Terminada") {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		apptest.Expect(t, page, http.StatusOK, "Terminada", "1 nuevas, 1 cambiadas, 1 ya no vigentes", "L02000010", "Ha pasado a Extinguida.")
		if n := env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'dir3.importar' AND actor_id = $1`, env.UserID(t, apptest.DipAdmin)); n != 1 {
			t.Errorf("%d audit records of the import", n)
		}
		apptest.Expect(t, admin.Get("/dir3?q=prueba+unica"), http.StatusOK, "Consejería de Prueba Única")
		if strings.Contains(admin.Get("/dir3?q=diputacion+caceres").Body, `href="/dir3/unidades/L02000010"`) {
			t.Error("the extinguished Diputación is listed among the vigentes")
		}
		apptest.Expect(t, admin.Get("/dir3?q=diputacion+caceres&todas=1"), http.StatusOK, `href="/dir3/unidades/L02000010"`)
		apptest.Expect(t, admin.Get("/dir3/unidades/L02000010"), http.StatusOK, "Extinguida", "no está vigente", "O00002683")
		apptest.Expect(t, admin.Get("/dir3?q=o00002683"), http.StatusOK, "Oficina de registro con ese código", `href="/dir3/oficinas/O00002683"`)
	})
}
