package app_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/db"
	"concejo/internal/platform/web"
)

// hostile are path values and form values every route must survive.
var hostile = []string{
	"", "0", "-1", "99999999999999999999", "no-existe", "' OR '1'='1", "1; DROP TABLE users; --",
	"<script>alert(1)</script>", "../../etc/passwd", "%00", "ñandú-€", strings.Repeat("A", 5000),
}

// formFields are field names the platform's forms use; the walker fills them
// all with hostile values.
var formFields = []string{"usuario", "contrasena", "codigo", "entidad", "nombre", "apellido1", "apellido2", "nif",
	"email", "telefono", "rol", "servicio", "role", "motivo", "cantidad", "tipo", "name", "ine", "dc", "dir3",
	"poblacion", "direccion", "codigo_postal", "localidad", "alcalde", "padre", "miembro", "texto", "token", "nueva",
	"repetir", "actual", "volver", "cargo", "estado", "q", "min", "max", "kinds", "csv"}

// TestRobustnessWalksEveryRoute sends malformed, oversized, wrongly typed,
// missing and hostile input to every registered route as every role, and
// fails on any 5xx or on a change to data outside the actor's reach.
func TestRobustnessWalksEveryRoute(t *testing.T) {
	if testing.Short() {
		t.Skip("robustness walk is long; run without -short")
	}
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		routes := env.App.Kit.Router.Routes()
		t.Logf("robustness walker: %d registered routes", len(routes))
		foreign := env.EntityID(t, "L01101480") // Plasencia
		roles := []struct {
			name   string
			client *apptest.Client
			// guarded is the DIR3 of an entity whose data this role must not change.
			guarded string
		}{
			{"anónimo", env.Anonymous(t), "L01100377"},
			{"admin Cáceres", env.Login(t, "admin@caceres.es"), "L01101480"},
			{"operador Sierra de Gata", env.Login(t, "operador@sierradegata.es"), "L01100377"},
			{"técnico Diputación", env.Login(t, "tecnico@dipcaceres.es"), ""},
		}
		ids := append([]string{foreign, env.UserID(t, "admin@plasencia.es")}, hostile...)
		covered := 0
		for _, role := range roles {
			before := snapshot(t, env.DB, role.guarded)
			for _, rt := range routes {
				if rt.Pattern == "/salir" && role.name != "anónimo" {
					continue // signing out would turn the rest of the walk anonymous
				}
				for _, p := range expand(rt.Pattern, ids) {
					probe(t, role.name, role.client, rt, p)
				}
				if role.name == "anónimo" {
					covered++
				}
			}
			if after := snapshot(t, env.DB, role.guarded); after != before {
				t.Errorf("%s changed data of %s it must not reach", role.name, role.guarded)
			}
		}
		t.Logf("robustness walker covered %d of %d routes", covered, len(routes))
		if covered != len(routes) {
			t.Fatalf("covered %d routes of %d", covered, len(routes))
		}
	})
}

// expand substitutes each {param} of pattern with every value.
func expand(pattern string, values []string) []string {
	pattern = strings.TrimSuffix(pattern, "{$}")
	if !strings.Contains(pattern, "{") {
		return []string{pattern}
	}
	var out []string
	for _, v := range values {
		p := pattern
		for strings.Contains(p, "{") {
			i := strings.Index(p, "{")
			j := strings.Index(p[i:], "}") + i
			p = p[:i] + url.PathEscape(v) + p[j+1:]
		}
		out = append(out, p)
	}
	return out
}

func probe(t *testing.T, role string, c *apptest.Client, rt web.Route, path string) {
	t.Helper()
	check := func(what string, res apptest.Response) {
		if res.Status >= 500 {
			t.Errorf("%s %s %s as %s (%s): status %d\n%.300s", rt.Method, rt.Pattern, path, role, what, res.Status, apptest.Text(res.Body))
		}
	}
	if rt.Method == http.MethodGet {
		check("sin parámetros", c.Get(path))
		for _, v := range hostile[4:8] {
			check("parámetros hostiles", c.Get(path+"?q="+url.QueryEscape(v)+"&pagina="+url.QueryEscape(v)+
				"&entidad="+url.QueryEscape(v)+"&estado="+url.QueryEscape(v)+"&csv="+url.QueryEscape(v)))
		}
		return
	}
	check("vacío", c.Post(path, nil))
	check("urlencoded roto", c.Do(http.MethodPost, path, "application/x-www-form-urlencoded", strings.NewReader("a=%zz&&=%")))
	check("multipart roto", c.Do(http.MethodPost, path, "multipart/form-data; boundary=x", strings.NewReader("--x\r\nbasura")))
	check("demasiado grande", c.Do(http.MethodPost, path, "application/x-www-form-urlencoded",
		strings.NewReader("nombre="+strings.Repeat("x", 3<<20))))
	for _, v := range hostile {
		form := url.Values{}
		for _, f := range formFields {
			form.Set(f, v)
		}
		check(fmt.Sprintf("campos %.20q", v), c.Post(path, form))
	}
}

// snapshot hashes every row that belongs to the entity with dir3 (or, for
// "", nothing), so a walk can prove it changed none of them.
func snapshot(t *testing.T, d *db.DB, dir3 string) string {
	t.Helper()
	if dir3 == "" {
		return ""
	}
	ctx := context.Background()
	h := sha256.New()
	queries := []string{
		`SELECT e.id, e.name, e.email, e.phone, e.address, e.mayor_name, e.active FROM entities e WHERE e.dir3 = $1`,
		`SELECT a.id, a.state, a.service_code FROM adhesions a JOIN entities e ON e.id = a.entity_id WHERE e.dir3 = $1 ORDER BY a.id`,
		`SELECT m.user_id, m.role FROM memberships m JOIN entities e ON e.id = m.entity_id WHERE e.dir3 = $1 ORDER BY m.user_id`,
		`SELECT g.user_id, g.service_code, g.role_code FROM grants g JOIN entities e ON e.id = g.entity_id WHERE e.dir3 = $1
			ORDER BY g.user_id, g.service_code, g.role_code`,
		`SELECT u.id, u.state, u.email, u.name FROM users u JOIN memberships m ON m.user_id = u.id JOIN entities e ON e.id = m.entity_id
			WHERE e.dir3 = $1 ORDER BY u.id`,
	}
	for _, q := range queries {
		rows, err := d.QueryContext(ctx, q, dir3)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(h, vals...)
		}
		rows.Close()
	}
	return hex.EncodeToString(h.Sum(nil))
}
