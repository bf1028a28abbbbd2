package background_test

import (
	"context"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/jobs"
)

func TestJobPageVisibility(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		caceres := env.EntityID(t, apptest.Dir3Caceres)
		r := env.App.Kit.Jobs
		id, err := r.Start(context.Background(), jobs.Job{Kind: "prueba", Title: "Lote de caducidades de prueba",
			EntityID: caceres, CreatedBy: env.UserID(t, apptest.Caceres),
			Run: func(ctx context.Context, p *jobs.Progress) error {
				p.Set(40, 40, "40 inscripciones revisadas")
				p.Result("/trabajos")
				return nil
			}})
		if err != nil {
			t.Fatal(err)
		}
		r.Wait()
		clients := env.Clients(t)
		apptest.Expect(t, clients[apptest.Caceres].Get("/trabajos/"+id), 200, "Lote de caducidades de prueba",
			"Terminado", "40 inscripciones revisadas", "Ver el resultado")
		apptest.Expect(t, clients[apptest.DipAdmin].Get("/trabajos/"+id), 200, "Terminado")
		for _, who := range []string{apptest.Plasencia, apptest.Operador, apptest.Tecnico, apptest.Abadia} {
			apptest.Expect(t, clients[who].Get("/trabajos/"+id), 404)
		}
		apptest.Expect(t, clients[apptest.Anon].Get("/trabajos/"+id), 303)
		apptest.Expect(t, clients[apptest.Caceres].Get("/trabajos"), 200, "Lote de caducidades de prueba")
		if res := clients[apptest.Plasencia].Get("/trabajos"); res.Status != 200 ||
			strings.Contains(res.Body, "Lote de caducidades") {
			t.Fatalf("Plasencia's list must not show Cáceres's job: %d", res.Status)
		}
		apptest.Expect(t, clients[apptest.Caceres].Get("/trabajos/no-existe"), 404)
	})
}
