package casefile

import (
	"embed"
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"
)

//go:embed models/*.json
var modelsFS embed.FS

// Models returns the Diputación's model procedures, ordered by name: the
// catalogue every entity adopts procedures from. Each is a JSON file in
// models/ (one procedure, see Definition) and must validate. They are read
// once; callers must not change the slice.
var Models = sync.OnceValues(readModels)

func readModels() ([]Definition, error) {
	names, err := modelsFS.ReadDir("models")
	if err != nil {
		return nil, err
	}
	var out []Definition
	for _, n := range names {
		data, err := modelsFS.ReadFile(path.Join("models", n.Name()))
		if err != nil {
			return nil, err
		}
		d, err := parseDefinition(data)
		if err != nil {
			return nil, fmt.Errorf("casefile: model %s: %w", n.Name(), err)
		}
		if want := strings.TrimSuffix(n.Name(), ".json"); d.Code != want {
			return nil, fmt.Errorf("casefile: model %s has code %s", n.Name(), d.Code)
		}
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b Definition) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}
