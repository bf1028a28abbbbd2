package app

import (
	"context"

	"concejo/internal/platform/kit"
)

// TestLoader is a module's demo loader as the tests give it.
type TestLoader struct {
	Key  string
	Part kit.DemoPart
	Load DemoLoader
}

// LoadDemoBehindWith is LoadDemoBehind with the tests' loaders.
func (a *App) LoadDemoBehindWith(ctx context.Context, loaders []TestLoader, done func(error)) (string, error) {
	ls := make([]demoLoader, len(loaders))
	for i, l := range loaders {
		ls[i] = demoLoader{key: l.Key, part: l.Part, load: l.Load}
	}
	return a.loadDemoBehind(ctx, ls, kit.DemoOptions{}, nil, done)
}
