package app_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/id"
	"concejo/internal/services/helpdesk"
)

// TestPersonalDataIsNotCached: pages and downloads for a signed-in user
// (padrón, an export, a ticket attachment) say "no-store"; public pages
// and static files keep their own caching.
func TestPersonalDataIsNotCached(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		var entityID, ticketID, number string
		if err := env.DB.QueryRowContext(ctx, `SELECT entity_id, id, number FROM helpdesk_tickets WHERE subject = $1`, helpdesk.DemoSubjectCaceres).
			Scan(&entityID, &ticketID, &number); err != nil {
			t.Fatal(err)
		}
		attachment := id.New()
		if _, err := env.DB.ExecContext(ctx, `INSERT INTO helpdesk_attachments (entity_id, id, ticket_id, filename, content_type,
			size, sha256, content, created_at, created_by) VALUES ($1, $2, $3, 'dni.txt', 'text/plain', 9, '', $4, $5, 'prueba')`,
			entityID, attachment, ticketID, []byte("12345678Z"), time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		plasencia := env.Login(t, apptest.Plasencia)
		tecnico := env.Login(t, apptest.Tecnico)
		for _, c := range []struct {
			name   string
			client *apptest.Client
			path   string
		}{
			{"padrón", plasencia, "/padron?q=a"},
			{"cuenta", plasencia, "/cuenta"},
			{"exportación CSV", tecnico, "/soporte/exportar?formato=csv"},
			{"adjunto de incidencia", tecnico, "/soporte/incidencias/" + number + "/adjuntos/" + attachment},
		} {
			res := c.client.Get(c.path)
			if res.Status != http.StatusOK {
				t.Fatalf("%s: %d", c.name, res.Status)
			}
			if got := res.Header.Get("Cache-Control"); got != "private, no-store" {
				t.Errorf("%s: Cache-Control %q, want private, no-store", c.name, got)
			}
		}
		anon := env.Anonymous(t)
		if got := anon.Get("/static/concejo.css").Header.Get("Cache-Control"); got != "public, max-age=86400" {
			t.Errorf("static file: Cache-Control %q", got)
		}
		if got := plasencia.Get("/static/concejo.css").Header.Get("Cache-Control"); got != "public, max-age=86400" {
			t.Errorf("static file for a signed-in user: Cache-Control %q", got)
		}
		if got := anon.Get("/entrar").Header.Get("Cache-Control"); got != "" {
			t.Errorf("anonymous sign-in page: Cache-Control %q", got)
		}
	})
}
