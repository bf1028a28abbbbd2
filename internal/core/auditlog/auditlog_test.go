package auditlog_test

import (
	"context"
	"database/sql"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/core/auditlog"
	"concejo/internal/platform/access"
	"concejo/internal/platform/audit"
	"concejo/internal/platform/phrase"
	"concejo/internal/platform/web"
)

func miles(n int64) string { return web.Thousands(n) }

// appendRow writes one audit row as the demo user actorEmail on entityID
// and returns its sequence number.
func appendRow(t *testing.T, env *apptest.Env, entityID, actorEmail, action string, before, after any) int64 {
	t.Helper()
	ctx := context.Background()
	actorID, name := "sistema", "Sistema"
	if actorEmail != "" {
		actorID = env.UserID(t, actorEmail)
		if err := env.DB.QueryRowContext(ctx, `SELECT name FROM users WHERE id = $1`, actorID).Scan(&name); err != nil {
			t.Fatal(err)
		}
	}
	var seq int64
	err := env.DB.Tx(ctx, func(tx *sql.Tx) error {
		err := audit.Append(ctx, env.DB.Engine, tx, audit.Event{ActorID: actorID, ActorName: name, EntityID: entityID,
			Action: action, ObjectType: "prueba", ObjectID: "obj-" + action, Before: before, After: after, IP: "192.0.2.7"})
		if err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT MAX(seq) FROM audit_log`).Scan(&seq)
	})
	if err != nil {
		t.Fatal(err)
	}
	return seq
}

func entityName(t *testing.T, env *apptest.Env, id string) string {
	t.Helper()
	var name string
	if err := env.DB.QueryRowContext(context.Background(), `SELECT name FROM entities WHERE id = $1`, id).Scan(&name); err != nil {
		t.Fatal(err)
	}
	return name
}

func body(res apptest.Response) string { return html.UnescapeString(apptest.Text(res.Body)) }

func expect(t *testing.T, what string, res apptest.Response, status int, texts ...string) {
	t.Helper()
	if res.Status != status {
		t.Fatalf("%s: status %d, want %d\n%s", what, res.Status, status, body(res))
	}
	b := body(res)
	for _, s := range texts {
		if !strings.Contains(b, s) {
			t.Fatalf("%s: page lacks %q:\n%s", what, s, b)
		}
	}
}

var tableRe = regexp.MustCompile(`(?s)<table>.*?</table>`)

// lacks checks the rows shown (the table, not the filter options) lack texts.
func lacks(t *testing.T, what string, res apptest.Response, texts ...string) {
	t.Helper()
	b := html.UnescapeString(apptest.Text(strings.Join(tableRe.FindAllString(res.Body, -1), " ")))
	for _, s := range texts {
		if strings.Contains(b, s) {
			t.Fatalf("%s: rows must not show %q:\n%s", what, s, b)
		}
	}
}

// rowCount counts the rows of the log shown (links to a row's detail).
func rowCount(res apptest.Response) int {
	return len(regexp.MustCompile(`<a href="/auditoria/[0-9]+" aria-label`).FindAllString(res.Body, -1))
}

func todayES() string  { return time.Now().In(web.Madrid).Format("02/01/2006") }
func todayISO() string { return time.Now().In(web.Madrid).Format("2006-01-02") }

// fixture is two rows, one per town, written directly to the chain.
type fixture struct {
	cacID, plaID   string
	cacSeq, plaSeq int64
}

func setup(t *testing.T, env *apptest.Env) fixture {
	f := fixture{cacID: env.EntityID(t, apptest.Dir3Caceres), plaID: env.EntityID(t, apptest.Dir3Plasencia)}
	f.cacSeq = appendRow(t, env, f.cacID, apptest.Caceres, "pruebacac.modificar",
		map[string]any{"nombre": "Antiguo", "n": 1}, map[string]any{"nombre": "Nuevo", "n": 1, "extra": true})
	f.plaSeq = appendRow(t, env, f.plaID, apptest.Plasencia, "pruebapla.crear", nil, map[string]any{"nombre": "Secreto de Plasencia"})
	return f
}

func TestAuthorizationTable(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		f := setup(t, env)
		clients := env.Clients(t)
		ok, see, forbidden, notFound := http.StatusOK, http.StatusSeeOther, http.StatusForbidden, http.StatusNotFound
		cac, pla := "/auditoria/"+strconv.FormatInt(f.cacSeq, 10), "/auditoria/"+strconv.FormatInt(f.plaSeq, 10)
		// Only the users listed are checked.
		get := func(pattern string, perm access.Permission, path string, want map[string]int) apptest.AuthzCase {
			return apptest.AuthzCase{Method: "GET", Pattern: pattern, Path: path, Perm: perm, Want: want, Def: apptest.Skip}
		}
		read, verify := auditlog.PermRead, auditlog.PermVerify
		cases := []apptest.AuthzCase{
			get("/auditoria", read, "/auditoria",
				map[string]int{apptest.Anon: see, apptest.DipAdmin: ok, apptest.Tecnico: forbidden, apptest.Caceres: ok, apptest.Plasencia: ok, apptest.Abadia: ok, apptest.Operador: forbidden}),
			get("/auditoria", read, "/auditoria?entidad="+f.plaID,
				map[string]int{apptest.Anon: see, apptest.DipAdmin: ok, apptest.Tecnico: forbidden, apptest.Caceres: notFound, apptest.Plasencia: ok, apptest.Abadia: notFound, apptest.Operador: forbidden}),
			get("/auditoria/{seq}", read, cac,
				map[string]int{apptest.Anon: see, apptest.DipAdmin: ok, apptest.Tecnico: forbidden, apptest.Caceres: ok, apptest.Plasencia: notFound, apptest.Abadia: notFound, apptest.Operador: forbidden}),
			get("/auditoria/{seq}", read, pla,
				map[string]int{apptest.Anon: see, apptest.DipAdmin: ok, apptest.Tecnico: forbidden, apptest.Caceres: notFound, apptest.Plasencia: ok, apptest.Abadia: notFound, apptest.Operador: forbidden}),
			get("/auditoria/{seq}", read, "/auditoria/999999999",
				map[string]int{apptest.Anon: see, apptest.DipAdmin: notFound, apptest.Tecnico: forbidden, apptest.Caceres: notFound, apptest.Plasencia: notFound, apptest.Abadia: notFound, apptest.Operador: forbidden}),
			get("/auditoria/{seq}", read, "/auditoria/abc",
				map[string]int{apptest.Anon: see, apptest.DipAdmin: notFound, apptest.Tecnico: forbidden, apptest.Caceres: notFound, apptest.Plasencia: notFound, apptest.Abadia: notFound, apptest.Operador: forbidden}),
			get("/auditoria/{seq}", read, "/auditoria/-1",
				map[string]int{apptest.DipAdmin: notFound, apptest.Caceres: notFound, apptest.Tecnico: forbidden}),
			get("/auditoria/verificar", verify, "/auditoria/verificar",
				map[string]int{apptest.Anon: see, apptest.DipAdmin: ok, apptest.Tecnico: forbidden, apptest.Caceres: forbidden, apptest.Plasencia: forbidden, apptest.Abadia: forbidden, apptest.Operador: forbidden}),
		}
		env.CheckRoutes(t, cases, func(p string) bool { return strings.HasPrefix(p, "/auditoria") })
		apptest.CheckAuthz(t, clients, cases)
	})
}

func TestEntityAdminSeesOnlyHisEntity(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		f := setup(t, env)
		c := env.Login(t, apptest.Caceres)
		list := c.Get("/auditoria")
		expect(t, "Cáceres list", list, http.StatusOK, "pruebacac.modificar", "los datos "+phrase.Of(entityName(t, env, f.cacID)))
		lacks(t, "Cáceres list", list, "pruebapla.crear", "Secreto de Plasencia")
		if !strings.Contains(list.Body, `href="/auditoria"`) {
			t.Fatal("the menu lacks Auditoría for an entity administrator")
		}
		// No entity filter for him, and the action select offers only his actions.
		if strings.Contains(list.Body, `name="entidad"`) {
			t.Fatal("an entity administrator must not get the entity filter")
		}
		detail := c.Get("/auditoria/" + strconv.FormatInt(f.cacSeq, 10))
		expect(t, "Cáceres detail", detail, http.StatusOK, "Cambio nº "+strconv.FormatInt(f.cacSeq, 10),
			"pruebacac.modificar", "192.0.2.7", "Hash de esta fila", "Hash de la fila anterior")
		// Pretty-printed JSON, side by side, and the changed fields.
		raw := html.UnescapeString(detail.Body)
		for _, s := range []string{"<h3 id=\"antes\">Antes</h3>", "<h3 id=\"despues\">Después</h3>",
			"{\n  \"n\": 1,\n  \"nombre\": \"Antiguo\"\n}", "\"extra\": true"} {
			if !strings.Contains(raw, s) {
				t.Fatalf("detail lacks %q:\n%s", s, raw)
			}
		}
		var hash, prev string
		env.DB.QueryRowContext(context.Background(), `SELECT hash, prev_hash FROM audit_log WHERE seq = $1`, f.cacSeq).Scan(&hash, &prev)
		expect(t, "hashes", detail, http.StatusOK, hash, prev)
		changed := regexp.MustCompile(`(?s)<caption>Campos cuyo valor cambió</caption>.*?</table>`).FindString(raw)
		if !strings.Contains(changed, "nombre") || !strings.Contains(changed, "extra") || strings.Contains(changed, ">n<") {
			t.Fatalf("changed fields table wrong:\n%s", changed)
		}
		// Plasencia's row is not found, by path or by forging the filter.
		expect(t, "foreign detail", c.Get("/auditoria/"+strconv.FormatInt(f.plaSeq, 10)), http.StatusNotFound)
		expect(t, "foreign filter", c.Get("/auditoria?entidad="+f.plaID), http.StatusNotFound)
		expect(t, "own filter", c.Get("/auditoria?entidad="+f.cacID), http.StatusOK, "pruebacac.modificar")
		expect(t, "verify", c.Get("/auditoria/verificar"), http.StatusForbidden)
		// Searching a person from another town finds nobody (no leak of names).
		res := c.Get("/auditoria?persona=" + url.QueryEscape(apptest.Plasencia))
		expect(t, "foreign actor", res, http.StatusOK, "Nadie con el nombre o el correo")
		lacks(t, "foreign actor", res, "pruebapla.crear")
	})
}

func TestSecretaryOnlyWhileWorkingForTheEntitySheAdministers(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		abadiaID, aldeanueva := env.EntityID(t, apptest.Dir3Abadia), env.EntityID(t, "L01100152")
		appendRow(t, env, abadiaID, apptest.Abadia, "pruebaaba.crear", nil, map[string]string{"x": "1"})
		appendRow(t, env, aldeanueva, apptest.Abadia, "pruebaald.crear", nil, map[string]string{"x": "2"})
		c := env.Login(t, apptest.Abadia)
		if res := c.Post("/entidad-actual", url.Values{"entidad": {abadiaID}}); res.Status != http.StatusSeeOther {
			t.Fatalf("switch to Abadía: %d", res.Status)
		}
		res := c.Get("/auditoria")
		expect(t, "Abadía", res, http.StatusOK, "pruebaaba.crear")
		lacks(t, "Abadía", res, "pruebaald.crear")
		if res := c.Post("/entidad-actual", url.Values{"entidad": {aldeanueva}}); res.Status != http.StatusSeeOther {
			t.Fatalf("switch to Aldeanueva: %d", res.Status)
		}
		expect(t, "Aldeanueva (staff only)", c.Get("/auditoria"), http.StatusForbidden, "Trabajar para")
	})
}

func TestDiputacionAdminSeesEverythingAndFilters(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		f := setup(t, env)
		platform := appendRow(t, env, "", "", "pruebaplat.cargar", nil, map[string]int{"servicios": 3})
		c := env.Login(t, apptest.DipAdmin)
		all := c.Get("/auditoria")
		expect(t, "all", all, http.StatusOK, "pruebacac.modificar", "pruebapla.crear", "pruebaplat.cargar",
			"Cáceres pruebacac.modificar", entityName(t, env, f.plaID)+" pruebapla.crear", "Plataforma pruebaplat.cargar",
			"Verificar la integridad de la cadena")
		if !strings.Contains(all.Body, `<option value="`+f.plaID+`"`) {
			t.Fatal("the entity filter lacks Plasencia")
		}
		if !strings.Contains(all.Body, `<option value="pruebacac.">`) || !strings.Contains(all.Body, `<option value="pruebacac.modificar">`) {
			t.Fatal("the action select lacks the family and the action seen")
		}
		byEntity := c.Get("/auditoria?entidad=" + f.plaID)
		expect(t, "by entity", byEntity, http.StatusOK, "pruebapla.crear")
		lacks(t, "by entity", byEntity, "pruebacac.modificar", "pruebaplat.cargar")

		byAction := c.Get("/auditoria?accion=pruebacac.")
		expect(t, "by action", byAction, http.StatusOK, "pruebacac.modificar")
		lacks(t, "by action", byAction, "pruebapla.crear")

		byEmail := c.Get("/auditoria?persona=" + url.QueryEscape("ADMIN@plasencia.es"))
		expect(t, "by e-mail", byEmail, http.StatusOK, "pruebapla.crear")
		lacks(t, "by e-mail", byEmail, "pruebacac.modificar")

		var plaName string
		env.DB.QueryRowContext(context.Background(), `SELECT name FROM users WHERE email = $1`, apptest.Plasencia).Scan(&plaName)
		byName := c.Get("/auditoria?persona=" + url.QueryEscape(strings.ToUpper(plaName)))
		expect(t, "by name", byName, http.StatusOK, "pruebapla.crear")
		lacks(t, "by name", byName, "pruebacac.modificar")

		expect(t, "nobody", c.Get("/auditoria?persona=zzzz-nadie"), http.StatusOK, "Nadie con el nombre o el correo «zzzz-nadie»")

		byObject := c.Get("/auditoria?tipo=prueba&objeto=obj-pruebaplat.cargar")
		expect(t, "by object", byObject, http.StatusOK, "pruebaplat.cargar")
		lacks(t, "by object", byObject, "pruebapla.crear")

		expect(t, "platform row", c.Get("/auditoria/"+strconv.FormatInt(platform, 10)), http.StatusOK,
			"Plataforma (cambio que no es de ninguna entidad)", "Sistema", "No había nada: el objeto se creó")
		expect(t, "foreign row for him", c.Get("/auditoria/"+strconv.FormatInt(f.plaSeq, 10)), http.StatusOK, "Secreto de Plasencia")

		// Dates: both formats, the whole "hasta" day included, and Spanish errors.
		res := c.Get("/auditoria?desde=" + url.QueryEscape(todayES()) + "&hasta=" + todayISO())
		expect(t, "today", res, http.StatusOK, "pruebacac.modificar", "pruebapla.crear")
		res = c.Get("/auditoria?desde=01/01/2000&hasta=31/12/2000")
		expect(t, "year 2000", res, http.StatusOK, "No hay cambios que cumplan los filtros")
		res = c.Get("/auditoria?desde=31/02/2026")
		expect(t, "bad date", res, http.StatusUnprocessableEntity, "Hay un problema", "La fecha «desde» no es válida: escríbala como día/mes/año")
		res = c.Get("/auditoria?desde=2026-03-10&hasta=09/03/2026")
		expect(t, "reversed dates", res, http.StatusUnprocessableEntity, "no puede ser anterior")
	})
}

func TestKeysetPagination(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cacID := env.EntityID(t, apptest.Dir3Caceres)
		var seqs []int64
		for i := 0; i < 60; i++ {
			seqs = append(seqs, appendRow(t, env, cacID, apptest.Caceres, "pagina.fila"+strconv.Itoa(i), nil, map[string]int{"i": i}))
		}
		c := env.Login(t, apptest.Caceres)
		first := c.Get("/auditoria?accion=pagina.")
		expect(t, "first page", first, http.StatusOK, "pagina.fila59", "Más antiguos →")
		lacks(t, "first page", first, "pagina.fila9 ")
		if strings.Contains(first.Body, "Más recientes") {
			t.Fatal("the first page links to newer rows")
		}
		if n := rowCount(first); n != 50 {
			t.Fatalf("first page has %d rows, want 50", n)
		}
		next := regexp.MustCompile(`<a href="([^"]+)" rel="next">Más antiguos`).FindStringSubmatch(first.Body)
		if next == nil {
			t.Fatal("no link to older rows")
		}
		link := html.UnescapeString(next[1])
		if !strings.Contains(link, "antes="+strconv.FormatInt(seqs[10], 10)) || !strings.Contains(link, "accion=pagina.") {
			t.Fatalf("older link %s must keep the filter and start before row %d", link, seqs[10])
		}
		second := c.Get(link)
		expect(t, "second page", second, http.StatusOK, "pagina.fila0", "pagina.fila9", "← Más recientes")
		lacks(t, "second page", second, "pagina.fila10")
		if strings.Contains(second.Body, "Más antiguos") {
			t.Fatal("the last page links to older rows")
		}
		if n := rowCount(second); n != 10 {
			t.Fatalf("second page has %d rows, want 10", n)
		}
	})
}

func TestVerifyChain(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := env.Login(t, apptest.DipAdmin)
		res := c.Get("/auditoria/verificar")
		expect(t, "demo chain", res, http.StatusOK, "La cadena es íntegra: 0 problemas")
		// The count shown covers every row (the demo's and any written since).
		if !strings.Contains(body(res), "Filas comprobadas") {
			t.Fatal("rows checked not shown")
		}
		f := setup(t, env)
		expect(t, "still intact", c.Get("/auditoria/verificar"), http.StatusOK, "La cadena es íntegra: 0 problemas")
		if _, err := env.DB.ExecContext(context.Background(),
			`UPDATE audit_log SET after_json = '{"nombre":"Falsificado"}' WHERE seq = $1`, f.plaSeq); err != nil {
			t.Fatal(err)
		}
		res = c.Get("/auditoria/verificar")
		expect(t, "tampered", res, http.StatusOK, "La cadena NO es íntegra: 1 problema encontrado",
			"su contenido no coincide con su hash (fila alterada)")
		if !strings.Contains(res.Body, `<a href="/auditoria/`+strconv.FormatInt(f.plaSeq, 10)+`">`) {
			t.Fatal("the problem does not link to the altered row")
		}
		// The same result as the library check (what `concejo audit verify` runs).
		n, problems, err := audit.Verify(context.Background(), env.DB)
		if err != nil || len(problems) != 1 || problems[0].Seq != f.plaSeq {
			t.Fatalf("audit.Verify: n=%d problems=%v err=%v", n, problems, err)
		}
		if !strings.Contains(body(res), "Filas comprobadas "+miles(n)) {
			t.Fatalf("rows checked should be %d:\n%s", n, body(res))
		}
	})
}

func TestMenu(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		for user, visible := range map[string]bool{apptest.DipAdmin: true, apptest.Caceres: true, apptest.Tecnico: false, apptest.Operador: false} {
			home := env.Login(t, user).Get("/")
			if got := strings.Contains(home.Body, `<a href="/auditoria"`); got != visible {
				t.Errorf("menu Auditoría for %s: %v, want %v", user, got, visible)
			}
		}
	})
}
