package helpdesk_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"concejo/internal/app"
	"concejo/internal/app/apptest"
	"concejo/internal/demo"
	"concejo/internal/platform/dbtest"
	"concejo/internal/refdata"
	"concejo/internal/services/helpdesk"
)

// BenchmarkHelpdesk loads the full demo (the yearly series 2012–2026, some
// 68,000 tickets) on SQLite, reports how long the support desk's load took,
// and measures, through HTTP, opening a ticket, the queue, searching all
// tickets, a ticket's page and the statistics.
func BenchmarkHelpdesk(b *testing.B) {
	ctx := context.Background()
	d := dbtest.SQLite(b)
	if err := refdata.LoadCatalogue(ctx, d); err != nil {
		b.Fatal(err)
	}
	opts := demo.Options{PasswordParams: apptest.Cheap, Now: time.Now().UTC(), Full: true}
	if _, err := demo.Load(ctx, d, opts); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if err := helpdesk.LoadDemo(ctx, d, opts.Modules()); err != nil {
		b.Fatal(err)
	}
	var n int
	d.QueryRowContext(ctx, `SELECT COUNT(*) FROM helpdesk_tickets`).Scan(&n)
	b.Logf("full support demo: %d tickets loaded in %s", n, time.Since(start).Round(time.Millisecond))
	small := opts
	small.Full = false
	if _, err := app.LoadDemo(ctx, d, small, nil); err != nil { // the other modules' demo, small
		b.Fatal(err)
	}
	env := apptest.Start(b, d)
	rq := env.Login(b, helpdesk.DemoRequester, "concejo-demo-2026")
	te := env.Login(b, apptest.Tecnico)
	da := env.Login(b, apptest.DipAdmin)
	var num string
	d.QueryRowContext(ctx, `SELECT number FROM helpdesk_tickets WHERE subject = $1`, helpdesk.DemoSubjectRequester).Scan(&num)
	get := func(c *apptest.Client, path string) func(b *testing.B) {
		return func(b *testing.B) {
			for b.Loop() {
				if res := c.Get(path); res.Status != http.StatusOK {
					b.Fatalf("%s: %d", path, res.Status)
				}
			}
		}
	}
	b.Run("abrir", func(b *testing.B) {
		for b.Loop() {
			res := rq.Post("/soporte/nueva", form("asunto", "No puedo emitir el volante", "descripcion", "Sale en blanco.",
				"servicio", "padron", "categoria", "error", "prioridad", "normal"))
			if res.Status != http.StatusSeeOther {
				b.Fatal(res.Status)
			}
		}
	})
	b.Run("cola-tecnico", get(te, "/soporte"))
	b.Run("inicio-tecnico", get(te, "/"))
	b.Run("inicio-admin", get(da, "/"))
	b.Run("cola-vencimiento", get(da, "/soporte?orden=vencimiento"))
	b.Run("buscar-todas", get(da, "/soporte?estado=todas&q=certificado+firma"))
	b.Run("buscar-numero", get(da, "/soporte?estado=todas&q="+num))
	b.Run("ficha", get(te, "/soporte/incidencias/"+num))
	b.Run("soluciones-al-escribir", get(rq, "/soporte/nueva?buscar=1&asunto=no+llegan+correos&descripcion=buzon+lleno"))
	b.Run("estadisticas", get(da, "/soporte/estadisticas"))
	b.Run("estadisticas-sin-cache", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			// A different year each time misses the one-minute cache.
			if res := da.Get("/soporte/estadisticas?anio=" + itoa(2012+i%15)); res.Status != http.StatusOK {
				b.Fatal(res.Status)
			}
		}
	})
}
