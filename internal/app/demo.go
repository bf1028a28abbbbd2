package app

import (
	"context"

	"concejo/internal/census"
	"concejo/internal/demo"
	"concejo/internal/eoffice"
	"concejo/internal/helpdesk"
	"concejo/internal/platform/db"
	"concejo/internal/portal"
	"concejo/internal/registry"
	"concejo/internal/territory"
)

// DemoLoader fills one module's demo data on a database where demo.Load has
// already written the province (entities, users, adhesions). It must be
// idempotent: when its data are already there it writes nothing.
type DemoLoader func(ctx context.Context, d *db.DB, opts demo.Options) error

// demoLoaders are the modules' demo loaders, run in this order.
var demoLoaders = []DemoLoader{
	territory.LoadDemo,
	census.LoadDemo,
	eoffice.LoadDemo,
	portal.LoadDemo,
	helpdesk.LoadDemo,
	registry.LoadDemo,
}

// LoadDemo loads the demo province and then every module's demo data.
func LoadDemo(ctx context.Context, d *db.DB, opts demo.Options) (*demo.Summary, error) {
	sum, err := demo.Load(ctx, d, opts)
	if err != nil {
		return nil, err
	}
	for _, load := range demoLoaders {
		if err := load(ctx, d, opts); err != nil {
			return nil, err
		}
	}
	return sum, nil
}
