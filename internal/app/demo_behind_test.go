package app_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"concejo/internal/app"
	"concejo/internal/app/apptest"
	"concejo/internal/platform/db"
	"concejo/internal/platform/kit"
)

// blockingLoader is a module loader that reports 35 % and waits until
// released; it fails when fail is set at its release.
type blockingLoader struct {
	started, release chan struct{}
	fail             bool
}

func newBlockingLoader() *blockingLoader {
	return &blockingLoader{started: make(chan struct{}), release: make(chan struct{})}
}

func (b *blockingLoader) load(ctx context.Context, d *db.DB, opts kit.DemoOptions) error {
	opts.Report(35, 100)
	close(b.started)
	select {
	case <-b.release:
	case <-ctx.Done():
		return ctx.Err()
	}
	if b.fail {
		return errors.New("la prueba falla a propósito")
	}
	return nil
}

const (
	loadingHome   = "Cargando los datos de demostración: datos de prueba (35 %)…"
	loadingModule = "Se están cargando los datos de demostración de este módulo."
)

func TestDemoLoadsBehindWithProgress(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		b := newBlockingLoader()
		loaders := []app.TestLoader{{Key: "prueba", Part: kit.DemoPart{Name: "datos de prueba", Prefixes: []string{"/soporte"}},
			Load: b.load}}
		ended := make(chan error, 1)
		jobID, err := env.App.LoadDemoBehindWith(ctx, loaders, func(err error) { ended <- err })
		if err != nil || jobID == "" {
			t.Fatalf("start: %q %v", jobID, err)
		}
		<-b.started
		anon, cc, dip := env.Anonymous(t), env.Login(t, apptest.Caceres), env.Login(t, apptest.DipAdmin)
		apptest.Expect(t, anon.Get("/readyz"), http.StatusOK, "ok")
		apptest.Expect(t, anon.Get("/readyz/demo"), http.StatusServiceUnavailable, "cargando los datos de demostración")

		// Every signed-in person sees the progress on his home; only who
		// may open the job's page gets the link to it.
		home := cc.Get("/")
		apptest.Expect(t, home, http.StatusOK, loadingHome)
		if strings.Contains(home.Body, "/trabajos/"+jobID) {
			t.Error("the home of an entity's administrator links to the platform's job")
		}
		apptest.Expect(t, dip.Get("/"), http.StatusOK, loadingHome, `href="/trabajos/`+jobID+`"`)
		apptest.Expect(t, dip.Get("/trabajos"), http.StatusOK, "Carga de los datos de demostración")
		apptest.Expect(t, dip.Get("/trabajos/"+jobID), http.StatusOK, "Cargando datos de prueba")
		// Tenancy: the platform's job is no entity's; its page does not
		// exist for an entity's administrator.
		apptest.Expect(t, cc.Get("/trabajos/"+jobID), http.StatusNotFound)

		// The module's pages say their data are on the way; the others do not.
		apptest.Expect(t, cc.Get("/soporte"), http.StatusOK, loadingModule)
		if res := cc.Get("/registro"); strings.Contains(res.Body, loadingModule) {
			t.Error("a module already loaded shows the loading notice")
		}

		close(b.release)
		if err := <-ended; err != nil {
			t.Fatal(err)
		}
		env.App.Kit.Jobs.Wait()
		apptest.Expect(t, anon.Get("/readyz/demo"), http.StatusOK, "ok")
		for path, c := range map[string]*apptest.Client{"/": cc, "/soporte": cc} {
			if res := c.Get(path); res.Status != http.StatusOK || strings.Contains(res.Body, "Cargando los datos") ||
				strings.Contains(res.Body, loadingModule) {
				t.Errorf("%s after the load: %d, notice still shown", path, res.Status)
			}
		}
		if s := env.String(t, `SELECT state FROM jobs WHERE id = $1`, jobID); s != "terminado" {
			t.Errorf("job state %q", s)
		}
		// A second start finds every part recorded and starts nothing.
		if again, err := env.App.LoadDemoBehindWith(ctx, loaders, nil); err != nil || again != "" {
			t.Fatalf("second start: %q %v", again, err)
		}
	})
}

func TestDemoLoadResumesAfterAFailure(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		first := newBlockingLoader()
		first.fail = true
		part := kit.DemoPart{Name: "datos de prueba", Prefixes: []string{"/soporte"}}
		ended := make(chan error, 1)
		jobID, err := env.App.LoadDemoBehindWith(ctx, []app.TestLoader{{Key: "prueba", Part: part, Load: first.load}},
			func(err error) { ended <- err })
		if err != nil {
			t.Fatal(err)
		}
		<-first.started
		close(first.release)
		if err := <-ended; err == nil {
			t.Fatal("the failing load reported no error")
		}
		env.App.Kit.Jobs.Wait()
		if s := env.String(t, `SELECT state FROM jobs WHERE id = $1`, jobID); s != "fallido" {
			t.Errorf("failed job state %q", s)
		}
		cc := env.Login(t, apptest.Caceres)
		if res := cc.Get("/soporte"); strings.Contains(res.Body, loadingModule) {
			t.Error("a load that stopped still shows its module as loading")
		}
		home := cc.Get("/")
		apptest.Expect(t, home, http.StatusOK, "La carga de los datos de demostración se ha detenido antes de terminar")
		if strings.Contains(home.Body, "Cargando los datos") || strings.Contains(home.Body, "/trabajos/"+jobID) {
			t.Error("the home of an entity's administrator tells a stopped load as running, or links to its job")
		}
		apptest.Expect(t, env.Login(t, apptest.DipAdmin).Get("/"), http.StatusOK, `href="/trabajos/`+jobID+`"`)
		apptest.Expect(t, env.Anonymous(t).Get("/readyz/demo"), http.StatusInternalServerError, "se ha detenido")
		if n := env.Count(t, `SELECT COUNT(*) FROM demo_loads WHERE part = 'prueba'`); n != 0 {
			t.Fatalf("a failed part is recorded as loaded")
		}
		// The next start runs the part again, and records it this time.
		second := newBlockingLoader()
		close(second.release)
		again, err := env.App.LoadDemoBehindWith(ctx, []app.TestLoader{{Key: "prueba", Part: part, Load: second.load}},
			func(err error) { ended <- err })
		if err != nil || again == "" {
			t.Fatalf("resume: %q %v", again, err)
		}
		if err := <-ended; err != nil {
			t.Fatal(err)
		}
		env.App.Kit.Jobs.Wait()
		if n := env.Count(t, `SELECT COUNT(*) FROM demo_loads WHERE part = 'prueba'`); n != 1 {
			t.Fatalf("the resumed part is not recorded")
		}
	})
}
