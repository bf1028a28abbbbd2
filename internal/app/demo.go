package app

import (
	"context"
	"time"

	"concejo/internal/backoffice/census"
	"concejo/internal/backoffice/territory"
	"concejo/internal/demo"
	"concejo/internal/eadmin/casefile"
	"concejo/internal/eadmin/decrees"
	"concejo/internal/eadmin/eoffice"
	"concejo/internal/eadmin/registry"
	"concejo/internal/eadmin/sessions"
	"concejo/internal/eadmin/signflow"
	"concejo/internal/platform/db"
	"concejo/internal/platform/kit"
	"concejo/internal/portal"
	"concejo/internal/services/helpdesk"
)

// DemoLoader fills one module's demo data on a database where demo.Load has
// already written the province (entities, users, adhesions). It must be
// idempotent: when its data are already there it writes nothing.
type DemoLoader func(ctx context.Context, d *db.DB, opts kit.DemoOptions) error

// demoLoaders are the modules' demo loaders, run in this order, with the
// name the demo command prints while it waits for each.
var demoLoaders = []struct {
	name string
	load DemoLoader
}{
	{"callejero", territory.LoadDemo},
	{"padrón de habitantes", census.LoadDemo},
	{"sede electrónica", eoffice.LoadDemo},
	{"portal web", portal.LoadDemo},
	{"incidencias", helpdesk.LoadDemo},
	{"registro de entrada y salida", registry.LoadDemo},
	{"expedientes", casefile.LoadDemo},
	{"libro de resoluciones", decrees.LoadDemo},
	{"órganos colegiados", sessions.LoadDemo},
	{"portafirmas", signflow.LoadDemo},
}

// LoadDemo loads the demo province and then every module's demo data,
// telling progress (when not nil) the name of each part and how long it took.
func LoadDemo(ctx context.Context, d *db.DB, opts demo.Options, progress func(part string, took time.Duration)) (*demo.Summary, error) {
	start := time.Now()
	sum, err := demo.Load(ctx, d, opts)
	if err != nil {
		return nil, err
	}
	if progress == nil {
		progress = func(string, time.Duration) {}
	}
	progress("entidades, usuarios y adhesiones", time.Since(start))
	modules := opts.Modules()
	for _, l := range demoLoaders {
		start = time.Now()
		if err := l.load(ctx, d, modules); err != nil {
			return nil, err
		}
		progress(l.name, time.Since(start))
	}
	return sum, nil
}
