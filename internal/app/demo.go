package app

import (
	"context"
	"fmt"
	"time"

	"concejo/internal/backoffice/census"
	"concejo/internal/backoffice/territory"
	"concejo/internal/demo"
	"concejo/internal/eadmin/casefile"
	"concejo/internal/eadmin/decrees"
	"concejo/internal/eadmin/dir3"
	"concejo/internal/eadmin/eoffice"
	"concejo/internal/eadmin/registry"
	"concejo/internal/eadmin/sessions"
	"concejo/internal/eadmin/signflow"
	"concejo/internal/platform/db"
	"concejo/internal/platform/jobs"
	"concejo/internal/platform/kit"
	"concejo/internal/portal"
	"concejo/internal/services/helpdesk"
)

// DemoLoader fills one module's demo data on a database where demo.Load has
// already written the province (entities, users, adhesions). It must be
// idempotent and resumable: when its data are already there it writes
// nothing, and after a stop midway it writes what is missing.
type DemoLoader func(ctx context.Context, d *db.DB, opts kit.DemoOptions) error

// demoLoader is one module's loader with its row in demo_loads (key) and
// what people read of it: its name and the prefixes of its pages.
type demoLoader struct {
	key  string
	part kit.DemoPart
	load DemoLoader
}

func part(name string, prefixes ...string) kit.DemoPart {
	return kit.DemoPart{Name: name, Prefixes: prefixes}
}

// demoLoaders are the modules' demo loaders, run in this order (the padrón
// needs the callejero; the expedientes, the registro's entradas).
var demoLoaders = []demoLoader{
	{"dir3", part("directorio DIR3", "/dir3"), dir3.LoadDemo},
	{"callejero", part("callejero", "/callejero"), territory.LoadDemo},
	{"padron", part("padrón de habitantes", "/padron"), census.LoadDemo},
	{"sede", part("sede electrónica", "/sede-electronica"), eoffice.LoadDemo},
	{"portal", part("portal web", "/portal"), portal.LoadDemo},
	{"soporte", part("incidencias", "/soporte"), helpdesk.LoadDemo},
	{"registro", part("registro de entrada y salida", "/registro"), registry.LoadDemo},
	{"expedientes", part("expedientes", "/expedientes", "/procedimientos"), casefile.LoadDemo},
	{"resoluciones", part("libro de resoluciones", "/resoluciones"), decrees.LoadDemo},
	{"sesiones", part("órganos colegiados", "/sesiones", "/organos"), sessions.LoadDemo},
	{"portafirmas", part("portafirmas", "/portafirmas"), signflow.LoadDemo},
}

// DemoReport hears the demo load: the name of each part when it is in and
// how long it took.
type DemoReport func(part string, took time.Duration)

// LoadDemo loads the demo province and then every module's demo data,
// before it returns (tests; `concejo demo` serves after the province and
// loads the modules behind, see LoadDemoBehind). report, when not nil,
// hears each part.
func LoadDemo(ctx context.Context, d *db.DB, opts demo.Options, report DemoReport) (*demo.Summary, error) {
	start := time.Now()
	sum, err := demo.Load(ctx, d, opts)
	if err != nil {
		return nil, err
	}
	if report == nil {
		report = func(string, time.Duration) {}
	}
	report("entidades, usuarios y adhesiones", time.Since(start))
	pending, err := pendingDemo(ctx, d, demoLoaders)
	if err != nil {
		return nil, err
	}
	err = runDemoLoaders(ctx, d, pending, opts.Modules(), func(int) {}, func(i int, took time.Duration) {
		report(pending[i].part.Name, took)
	})
	return sum, err
}

// LoadDemoBehind starts the modules' demo loaders that have not finished
// (all on a fresh database; the rest after a stop midway) as one background
// job, whose progress the home, the job's page and the modules' own pages
// show. It returns the job's id, "" when every module is loaded. report
// hears each part; done, when not nil, hears the end of the load (nil:
// all loaded).
func (a *App) LoadDemoBehind(ctx context.Context, opts demo.Options, report DemoReport, done func(error)) (string, error) {
	return a.loadDemoBehind(ctx, demoLoaders, opts.Modules(), report, done)
}

func (a *App) loadDemoBehind(ctx context.Context, loaders []demoLoader, opts kit.DemoOptions, report DemoReport,
	done func(error)) (string, error) {
	d := a.Kit.DB
	pending, err := pendingDemo(ctx, d, loaders)
	if err != nil || len(pending) == 0 {
		return "", err
	}
	parts := make([]kit.DemoPart, len(pending))
	for i, l := range pending {
		parts[i] = l.part
	}
	status := a.Kit.DemoLoad
	status.Start(parts)
	n := int64(len(pending))
	jobID, err := a.Kit.Jobs.Start(ctx, jobs.Job{Kind: "demo.cargar", Title: "Carga de los datos de demostración",
		CreatedBy: "sistema", Run: func(ctx context.Context, p *jobs.Progress) error {
			current := 0
			say := func(done, total int64) {
				status.Report(done, total)
				msg := "Cargando " + pending[current].part.Name
				if total > 0 {
					msg += fmt.Sprintf(" (%d %%)", min(done, total)*100/total)
				}
				p.Set(int64(current), n, msg)
			}
			opts.Progress = say
			err := runDemoLoaders(ctx, d, pending, opts, func(i int) {
				current = i
				status.Begin(i)
				say(0, 0)
			}, func(i int, took time.Duration) {
				status.Finish(i)
				if report != nil {
					report(pending[i].part.Name, took)
				}
			})
			if err == nil {
				p.Set(n, n, fmt.Sprintf("Cargados los datos de demostración de %d módulos", n))
			}
			// done hears the end before /readyz/demo says it: who waits
			// for the one finds what the other reports.
			if done != nil {
				done(err)
			}
			status.End()
			return err
		}})
	if err != nil {
		status.End()
		return "", err
	}
	status.SetJob(jobID)
	return jobID, nil
}

// runDemoLoaders runs loaders in order, recording each one finished in
// demo_loads; begin and finish hear each start and end.
func runDemoLoaders(ctx context.Context, d *db.DB, loaders []demoLoader, opts kit.DemoOptions, begin func(i int),
	finish func(i int, took time.Duration)) error {
	for i, l := range loaders {
		begin(i)
		start := time.Now()
		if err := l.load(ctx, d, opts); err != nil {
			return fmt.Errorf("No se han podido cargar los datos de demostración de %s: %w", l.part.Name, err)
		}
		if _, err := d.ExecContext(ctx, `INSERT INTO demo_loads (part, finished_at) VALUES ($1, $2)
			ON CONFLICT (part) DO NOTHING`, l.key, time.Now().UTC()); err != nil {
			return fmt.Errorf("demo: anotar %s como cargado: %w", l.key, err)
		}
		finish(i, time.Since(start))
	}
	if len(loaders) == 0 {
		return nil
	}
	return analyzeAll(ctx, d)
}

// analyzeAll gives the planner the statistics of every table after the
// bulk load: without them SQLite plans the callejero's and others' lists
// as if the tables were empty (a page of Cáceres' streets took 5 s
// instead of 30 ms). Every index is read whole (about 15 s on the whole
// province): a sample (analysis_limit) misjudged the dwellings of a
// section and kept a bad plan.
func analyzeAll(ctx context.Context, d *db.DB) error {
	if err := d.Analyze(ctx); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	return nil
}

// pendingDemo returns the loaders that demo_loads does not record as finished.
func pendingDemo(ctx context.Context, d *db.DB, loaders []demoLoader) ([]demoLoader, error) {
	finished := map[string]bool{}
	keys, err := db.Collect(ctx, d, func(s db.Scanner) (string, error) {
		var k string
		return k, s.Scan(&k)
	}, `SELECT part FROM demo_loads`)
	if err != nil {
		return nil, fmt.Errorf("demo: leer los módulos cargados: %w", err)
	}
	for _, k := range keys {
		finished[k] = true
	}
	var out []demoLoader
	for _, l := range loaders {
		if !finished[l.key] {
			out = append(out, l)
		}
	}
	return out, nil
}
