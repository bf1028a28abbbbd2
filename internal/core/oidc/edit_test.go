package oidc_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
)

// TestEditApplication: the Diputación administrator changes an
// application's name, service and addresses; bad input is a Spanish 422 that
// changes nothing; the change is audited with before and after; nobody else
// may edit.
func TestEditApplication(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		service := grantedService(t, env)
		clientID, _ := register(t, env, service, false)
		path := "/aplicaciones/" + clientID
		admin := env.Login(t, "admin@dipcaceres.es")
		if res := admin.Get(path + "/editar"); res.Status != http.StatusOK || !strings.Contains(res.Body, redirectURI) {
			t.Fatalf("edit page: %d", res.Status)
		}
		other := notAdheredService(t, env)
		form := url.Values{"nombre": {"Correo provincial"}, "servicio": {other},
			"redirecciones": {"https://correo.dipcaceres.es/cb\nhttps://correo2.dipcaceres.es/cb"},
			"tras_salir":    {"https://correo.dipcaceres.es/"}, "cierre_sesion": {"https://correo.dipcaceres.es/logout"}}

		for _, who := range []string{"admin@caceres.es", "tecnico@dipcaceres.es", "operador@sierradegata.es"} {
			c := env.Login(t, who)
			if res := c.Get(path + "/editar"); res.Status != http.StatusForbidden {
				t.Errorf("GET edit as %s: %d", who, res.Status)
			}
			if res := c.Post(path, form); res.Status != http.StatusForbidden {
				t.Errorf("POST edit as %s: %d", who, res.Status)
			}
		}
		if res := env.Anonymous(t).Post(path, form); res.Status != http.StatusUnauthorized {
			t.Errorf("anonymous edit: %d", res.Status)
		}
		if res := admin.Post("/aplicaciones/no-existe", form); res.Status != http.StatusNotFound {
			t.Errorf("unknown application: %d", res.Status)
		}

		bad := url.Values{"nombre": {""}, "servicio": {service}, "redirecciones": {"http://ajena.example/cb"},
			"cierre_sesion": {"nada"}}
		res := admin.Post(path, bad)
		text := apptest.Text(res.Body)
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(text, "Escriba el nombre") ||
			!strings.Contains(text, "solo se admite https") || !strings.Contains(text, "no es una dirección válida") {
			t.Errorf("bad edit: %d\n%.600s", res.Status, text)
		}

		if res := admin.Post(path, form); res.Status != http.StatusSeeOther {
			t.Fatalf("edit: %d\n%.600s", res.Status, apptest.Text(res.Body))
		}
		var name, svc, redirects, back string
		if err := env.DB.QueryRowContext(ctx, `SELECT name, service_code, redirect_uris, backchannel_logout_uri FROM oidc_clients
			WHERE id = $1`, clientID).Scan(&name, &svc, &redirects, &back); err != nil {
			t.Fatal(err)
		}
		if name != "Correo provincial" || svc != other || !strings.Contains(redirects, "correo2") || back != "https://correo.dipcaceres.es/logout" {
			t.Errorf("stored: %q %q %q %q", name, svc, redirects, back)
		}
		var before, after string
		if err := env.DB.QueryRowContext(ctx, `SELECT before_json, after_json FROM audit_log WHERE object_id = $1
			AND action = 'aplicacion.modificar'`, clientID).Scan(&before, &after); err != nil {
			t.Fatalf("no audit entry: %v", err)
		}
		if !strings.Contains(before, "Gestor de pruebas") || !strings.Contains(after, "Correo provincial") {
			t.Errorf("audit before %s after %s", before, after)
		}
		if res := admin.Get(path); !strings.Contains(res.Body, "Correo provincial") || !strings.Contains(res.Body, "correo.dipcaceres.es/logout") {
			t.Error("detail does not show the changes")
		}
	})
}
