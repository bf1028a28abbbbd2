package dir3

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/jobs"
	"concejo/internal/platform/kit"
)

// StartImport checks that a may import, parses the file (a malformed one
// is errs.Invalid with its line and column) and applies it in a background
// job; it returns the import's id at once. full marks a complete file:
// the units and offices it no longer lists are marked as missing.
func (m *Module) StartImport(ctx context.Context, a *auth.Actor, fileName string, content []byte, full bool) (string, error) {
	if err := m.kit.Access.RequireHere(ctx, a, PermImport); err != nil {
		return "", err
	}
	data, err := Parse(fileName, content)
	if err != nil {
		return "", err
	}
	if m.kit.Jobs == nil {
		return "", errs.New(errs.Unavailable, "Los procesos en segundo plano no están disponibles.")
	}
	im := newImport(m.kit.Now(), a.UserID, a.Name, fileName, data, full)
	if err := insertImport(ctx, m.kit.DB, im); err != nil {
		return "", err
	}
	actor := *a
	audit := func(ctx context.Context, tx *sql.Tx, im Import) error {
		return m.kit.Audit(ctx, tx, &actor, kit.Change{Action: "dir3.importar", ObjectType: "importacion_dir3", ObjectID: im.ID,
			After: map[string]any{"fichero": im.FileName, "completo": im.Full, "fecha_datos": im.FileDate, "resultado": im.Counts}})
	}
	jobID, err := m.kit.Jobs.Start(ctx, jobs.Job{Kind: "dir3.importar", Title: "Importación del DIR3: " + fileName,
		CreatedBy: a.UserID, Run: func(ctx context.Context, p *jobs.Progress) error {
			p.Result("/dir3/importaciones/" + im.ID)
			err := applyTo(ctx, m.kit.DB, im, data, func(done, total int64) {
				p.Set(done, total, fmt.Sprintf("Aplicando %s: %d de %d cambios", fileName, done, total))
			}, audit)
			if err != nil {
				if ferr := failImport(context.WithoutCancel(ctx), m.kit.DB, im.ID, "La importación no terminó: "+err.Error()); ferr != nil {
					m.kit.Log.Error("dir3: import failed", "import", im.ID, "err", ferr)
				}
				return fmt.Errorf("la importación del DIR3 no terminó: %v", err)
			}
			return nil
		}})
	if err != nil {
		return "", err
	}
	return im.ID, setImportJob(ctx, m.kit.DB, im.ID, jobID)
}

func newImport(at time.Time, by, byName, fileName string, data Data, full bool) Import {
	return Import{ID: id.New(), At: at.UTC(), By: by, ByName: byName, FileName: fileName, FileDate: data.Date,
		Full: full, State: ImportRunning}
}

// importNow imports data at once, recorded as made by the platform (the
// demo).
func importNow(ctx context.Context, d *db.DB, at time.Time, fileName string, data Data, full bool) (Import, error) {
	im := newImport(at, "sistema", "Sistema", fileName, data, full)
	if err := insertImport(ctx, d, im); err != nil {
		return im, err
	}
	return im, applyTo(ctx, d, im, data, func(int64, int64) {}, nil)
}

// applyTo compares data with the directory and writes the differences,
// then closes the import with its counts and warnings, and audit, when
// given, records it in the same transaction.
func applyTo(ctx context.Context, d *db.DB, im Import, data Data, progress func(done, total int64),
	audit func(ctx context.Context, tx *sql.Tx, im Import) error) error {
	on := im.At
	var units, offices plan
	if data.Has(fileUnits) {
		stored, err := loadStored(ctx, d, "dir3_units")
		if err != nil {
			return err
		}
		units = compare(kindUnit, "dir3_units", unitWriteCols, stored, im.Full, len(data.Units),
			func(i int) (string, string, State, string) {
				u := data.Units[i]
				return u.Code, u.Name, u.State, unitHash(u)
			}, func(i int) []any { return unitArgs(data.Units[i], im.ID) })
	}
	if data.Has(fileOffices) {
		stored, err := loadStored(ctx, d, "dir3_offices")
		if err != nil {
			return err
		}
		offices = compare(kindOffice, "dir3_offices", officeWriteCols, stored, im.Full, len(data.Offices),
			func(i int) (string, string, State, string) {
				o := data.Offices[i]
				return o.Code, o.Name, o.State, officeHash(o)
			}, func(i int) []any { return officeArgs(data.Offices[i], im.ID) })
	}
	storedLinks, err := loadLinks(ctx, d)
	if err != nil {
		return err
	}
	writes, inserts := linkPlan(data, storedLinks, im.Full)
	total := int64(len(units.changes) + len(offices.changes) + len(writes) + len(inserts))
	var done int64
	progress(0, total)
	for _, p := range []plan{units, offices} {
		if err := p.apply(ctx, d, on, &done, total, progress); err != nil {
			return err
		}
	}
	if err := applyLinks(ctx, d, im.ID, writes, inserts); err != nil {
		return err
	}
	progress(total, total)
	im.State = ImportDone
	im.Counts = Counts{UnitsNew: units.new, UnitsChanged: units.changed, UnitsInvalid: units.invalid,
		OfficesNew: offices.new, OfficesChanged: offices.changed, OfficesInvalid: offices.invalid,
		LinksChanged: len(writes) + len(inserts)}
	warnings := append(units.warnings, offices.warnings...)
	return d.Tx(ctx, func(tx *sql.Tx) error {
		if err := finishImport(ctx, tx, d.Engine, im, warnings); err != nil || audit == nil {
			return err
		}
		return audit(ctx, tx, im)
	})
}

func applyLinks(ctx context.Context, d *db.DB, importID string, writes, inserts []Link) error {
	return d.Tx(ctx, func(tx *sql.Tx) error {
		for _, l := range writes {
			_, err := tx.ExecContext(ctx, `UPDATE dir3_office_links SET state = $4, import_id = $5
				WHERE kind = $1 AND office_code = $2 AND unit_code = $3`, l.Kind, l.OfficeCode, l.UnitCode, string(l.State), importID)
			if err != nil {
				return fmt.Errorf("dir3: escribir la relación %s-%s: %w", l.OfficeCode, l.UnitCode, err)
			}
		}
		return db.InsertRows(ctx, tx, d.Engine, "dir3_office_links", linkWriteCols, len(inserts), func(i int) []any {
			l := inserts[i]
			return []any{l.Kind, l.OfficeCode, l.UnitCode, string(l.State), importID}
		})
	})
}

// Imports lists the latest imports, for who may import.
func (m *Module) Imports(ctx context.Context, a *auth.Actor) ([]Import, error) {
	if err := m.kit.Access.RequireHere(ctx, a, PermImport); err != nil {
		return nil, err
	}
	return recentImports(ctx, m.kit.DB, 50)
}

// ImportResult returns an import and its warnings, for who may import.
func (m *Module) ImportResult(ctx context.Context, a *auth.Actor, importID string) (Import, []Warning, error) {
	if err := m.kit.Access.RequireHere(ctx, a, PermImport); err != nil {
		return Import{}, nil, err
	}
	return m.importResultData(ctx, importID)
}

func (m *Module) importResultData(ctx context.Context, importID string) (Import, []Warning, error) {
	im, err := importByID(ctx, m.kit.DB, importID)
	if err != nil {
		return im, nil, err
	}
	w, err := importWarnings(ctx, m.kit.DB, importID)
	return im, w, err
}
