package dir3

import (
	"context"
	"embed"
	"fmt"

	"concejo/internal/platform/db"
	"concejo/internal/platform/kit"
)

//go:embed data/*.csv
var demoFS embed.FS

// demoFiles are the demo's files, in the order the Directorio's ZIPs give them.
var demoFiles = []string{fileUnits, fileOffices, fileOrgLinks, fileSIRLinks, fileServices}

// LoadDemo imports the demo's subset of the directory (data/SOURCES.md)
// through the importer, as a full file; nothing when the directory
// already has units.
func LoadDemo(ctx context.Context, d *db.DB, opts kit.DemoOptions) error {
	has, err := hasData(ctx, d)
	if err != nil || has {
		return err
	}
	data, err := demoData()
	if err != nil {
		return err
	}
	_, err = importNow(ctx, d, opts.At(), "Datos de demostración del DIR3", data, true)
	return err
}

// demoData reads the demo's files.
func demoData() (Data, error) {
	var data Data
	for _, name := range demoFiles {
		content, err := demoFS.ReadFile("data/" + name)
		if err != nil {
			return data, fmt.Errorf("dir3: demo: %w", err)
		}
		if err := data.read(name, content); err != nil {
			return data, fmt.Errorf("dir3: demo %s: %w", name, err)
		}
	}
	return data, nil
}
