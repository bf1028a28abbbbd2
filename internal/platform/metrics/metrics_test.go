package metrics

import (
	"database/sql"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestExposition(t *testing.T) {
	h := New(func() sql.DBStats { return sql.DBStats{OpenConnections: 3, InUse: 1} })
	h.Observe("GET /entidades", 200, 3*time.Millisecond)
	h.Observe("GET /entidades", 200, 30*time.Millisecond)
	h.Observe("POST /entrar", 401, time.Millisecond)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	for _, want := range []string{
		`concejo_http_requests_total{route="GET /entidades",status="2xx"} 2`,
		`concejo_http_requests_total{route="POST /entrar",status="4xx"} 1`,
		`concejo_http_request_duration_seconds_bucket{route="GET /entidades",status="2xx",le="0.005"} 1`,
		`concejo_http_request_duration_seconds_bucket{route="GET /entidades",status="2xx",le="0.05"} 2`,
		`concejo_http_request_duration_seconds_count{route="GET /entidades",status="2xx"} 2`,
		"concejo_db_open_connections 3",
		"# TYPE concejo_go_goroutines gauge",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("missing %q in\n%s", want, body)
		}
	}
}
