package dir3

import (
	"context"
	"strings"

	"concejo/internal/platform/errs"
)

// The Go API other modules use (the registry, to pick the destination of
// a ventanilla única submission or of a SIR interchange). It reads the
// directory as the platform keeps it; it checks no permission, the caller
// having checked its own.

// Search returns the units whose name has every word of q (any order,
// accents and case ignored), or whose code is q, narrowed by opts; only
// vigentes unless opts.All.
func (m *Module) Search(ctx context.Context, q string, opts SearchOptions) ([]Unit, error) {
	units, _, err := searchUnits(ctx, m.kit.DB, m.kit.DB.Engine, q, opts)
	return units, err
}

// Unit returns the unit of code, errs.NotFound when the directory has none.
func (m *Module) Unit(ctx context.Context, code string) (Unit, error) {
	return unitByCode(ctx, m.kit.DB, normCode(code))
}

// Office returns the office of code, errs.NotFound when the directory has none.
func (m *Module) Office(ctx context.Context, code string) (Office, error) {
	return officeByCode(ctx, m.kit.DB, normCode(code))
}

// SIROffice returns the valid office integrated in SIR that registers for
// unitCode through a vigente SIR relation, climbing to the superior units
// when the unit itself has none; errs.NotFound when no unit of its
// hierarchy has one (or the unit is unknown).
func (m *Module) SIROffice(ctx context.Context, unitCode string) (Office, error) {
	code := normCode(unitCode)
	seen := map[string]bool{}
	for code != "" && !seen[code] {
		seen[code] = true
		u, err := unitByCode(ctx, m.kit.DB, code)
		if err != nil {
			return Office{}, err
		}
		offices, err := linkedOffices(ctx, m.kit.DB, linkSIR, code)
		if err != nil {
			return Office{}, err
		}
		for _, o := range offices {
			if o.Valid() && o.SIR {
				return o, nil
			}
		}
		code = u.SuperiorCode
	}
	return Office{}, errs.New(errs.NotFound, "Ni la unidad "+normCode(unitCode)+" ni sus unidades superiores tienen una oficina de registro integrada en SIR.")
}

// Valid tells, for each of codes (units or offices), whether the
// directory has it vigente and still listed; unknown codes are false.
func (m *Module) Valid(ctx context.Context, codes []string) (map[string]bool, error) {
	return validCodes(ctx, m.kit.DB, codes)
}

// normCode is a DIR3 code as the directory writes it: upper case, no spaces.
func normCode(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
