package app_test

import (
	"net/http"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
)

func TestHealthReadinessAndMetrics(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := env.Anonymous(t)
		for _, p := range []string{"/healthz", "/readyz"} {
			if res := c.Get(p); res.Status != http.StatusOK || res.Body != "ok\n" {
				t.Fatalf("%s: %d %q", p, res.Status, res.Body)
			}
		}
		env.Login(t, "admin@caceres.es").Get("/entidades")
		res := c.Get("/metrics")
		if res.Status != http.StatusOK {
			t.Fatalf("/metrics: %d", res.Status)
		}
		for _, want := range []string{
			`concejo_http_requests_total{route="GET /entidades",status="2xx"} 1`,
			`concejo_http_requests_total{route="POST /entrar",status="3xx"} 1`,
			"concejo_db_open_connections",
			"concejo_go_goroutines",
		} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("metrics lack %q", want)
			}
		}
		if strings.Contains(res.Body, "L01100377") {
			t.Error("metrics must be labelled by route pattern, not by path")
		}
	})
}
