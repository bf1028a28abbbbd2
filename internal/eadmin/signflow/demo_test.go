package signflow_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/eadmin/signflow"
	"concejo/internal/platform/kit"
)

// TestDemo: the demo leaves documents waiting in the inboxes of the
// adhered entities (Cáceres's mayor or secretary among them), one rejected
// with its reason; loading again writes nothing.
func TestDemo(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.EntityID(t, apptest.Dir3Caceres)
		if n := env.Count(t, `SELECT COUNT(*) FROM signflow_requests WHERE entity_id = $1`, cc); n != 4 {
			t.Fatalf("Cáceres has %d demo requests, want 4", n)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM signflow_requests WHERE entity_id = $1 AND state = 'rechazada' AND reject_reason <> ''`, cc); n != 1 {
			t.Fatalf("%d rejected with a reason, want 1", n)
		}
		before := env.Count(t, `SELECT COUNT(*) FROM signflow_requests`)
		if err := signflow.LoadDemo(context.Background(), env.DB, kit.DemoOptions{Now: time.Now()}); err != nil {
			t.Fatal(err)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM signflow_requests`); n != before {
			t.Fatalf("a second load wrote %d requests", n-before)
		}
		inboxes := apptest.Text(env.Login(t, alcaldia).Get("/portafirmas").Body) + apptest.Text(env.Login(t, secretaria).Get("/portafirmas").Body)
		if !strings.Contains(inboxes, "Abrir «") {
			t.Fatalf("nothing waits for Cáceres's signers:\n%.2000s", inboxes)
		}
	})
}
