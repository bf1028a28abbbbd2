package casefile

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/refdata"
)

// Procedure is a procedure of an entity's catalogue.
type Procedure struct {
	EntityID, ID string
	// ModelCode is the Diputación's model it was adopted from ("" when the
	// entity made it).
	ModelCode string
	Active    bool
	UpdatedAt time.Time
	UpdatedBy string
	Definition
}

// InitiationLabel is how the procedure starts, in Spanish.
func (p Procedure) InitiationLabel() string { return initiationLabel(p.Initiation) }

func initiationLabel(i Initiation) string {
	return map[Initiation]string{ByRequest: "A solicitud del interesado", ByOffice: "De oficio",
		EitherWay: "A solicitud o de oficio"}[i]
}

const procedureColumns = `entity_id, id, model_code, active, updated_at, updated_by, definition`

func scanProcedure(sc db.Scanner) (Procedure, error) {
	var p Procedure
	var def string
	if err := sc.Scan(&p.EntityID, &p.ID, &p.ModelCode, &p.Active, &p.UpdatedAt, &p.UpdatedBy, &def); err != nil {
		return p, err
	}
	d, err := readDesign(def)
	p.Definition = d
	return p, err
}

// procedures lists an entity's catalogue by name; only the active ones
// when active is set.
func procedures(ctx context.Context, q db.Queryer, entityID string, active bool) ([]Procedure, error) {
	cond := ""
	if active {
		cond = " AND active = TRUE"
	}
	rows, err := db.Collect(ctx, q, scanProcedure, `SELECT `+procedureColumns+` FROM casefile_procedures
		WHERE entity_id = $1`+cond+` ORDER BY name, code`, entityID)
	if err != nil {
		return nil, fmt.Errorf("expedientes: leer el catálogo de procedimientos: %w", err)
	}
	return rows, nil
}

func procedureByID(ctx context.Context, q db.Queryer, entityID, id string) (Procedure, error) {
	p, err := scanProcedure(q.QueryRowContext(ctx, `SELECT `+procedureColumns+` FROM casefile_procedures
		WHERE entity_id = $1 AND id = $2`, entityID, id))
	if err := db.NotFound(err); err != nil {
		return p, fmt.Errorf("expedientes: leer el procedimiento %s: %w", id, err)
	}
	return p, nil
}

func saveProcedure(ctx context.Context, tx *sql.Tx, p Procedure, insert bool) error {
	def, err := designJSON(p.Definition)
	if err != nil {
		return err
	}
	if insert {
		_, err = tx.ExecContext(ctx, `INSERT INTO casefile_procedures (entity_id, id, code, model_code, name, area,
			initiation, sede, active, definition, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, p.EntityID, p.ID, p.Code, p.ModelCode,
			p.Name, p.Area, string(p.Initiation), p.Sede, p.Active, def, p.UpdatedAt, p.UpdatedBy)
	} else {
		_, err = tx.ExecContext(ctx, `UPDATE casefile_procedures SET name = $3, area = $4, initiation = $5, sede = $6,
			active = $7, definition = $8, updated_at = $9, updated_by = $10 WHERE entity_id = $1 AND id = $2`,
			p.EntityID, p.ID, p.Name, p.Area, string(p.Initiation), p.Sede, p.Active, def, p.UpdatedAt, p.UpdatedBy)
	}
	if db.IsUniqueViolation(err) {
		return errs.New(errs.Conflict, fmt.Sprintf("El catálogo ya tiene un procedimiento con el código %s.", p.Code))
	}
	if err != nil {
		return fmt.Errorf("expedientes: guardar el procedimiento %s: %w", p.Code, err)
	}
	return nil
}

// Adopt copies the Diputación's model procedure code into the entity's
// catalogue, active; the entity may then adapt it.
func (m *Module) Adopt(ctx context.Context, a *auth.Actor, entityID, code string) (Procedure, error) {
	models, err := Models()
	if err != nil {
		return Procedure{}, err
	}
	var def *Definition
	for i := range models {
		if models[i].Code == code {
			def = &models[i]
		}
	}
	if def == nil {
		return Procedure{}, errs.New(errs.NotFound, "El catálogo de la Diputación no tiene ese procedimiento.")
	}
	p := Procedure{EntityID: entityID, ID: id.New(), ModelCode: code, Active: true, UpdatedAt: m.kit.Now(),
		UpdatedBy: a.UserID, Definition: *def}
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := saveProcedure(ctx, tx, p, true); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: entityID, Action: "procedimiento.adoptar",
			ObjectType: "procedimiento", ObjectID: p.ID, After: map[string]string{"codigo": code, "nombre": p.Name}})
	})
	return p, err
}

// Adapt changes what an entity may adapt of a procedure of its catalogue:
// its name, area, summary, plazo máximo, silence, whether the sede offers
// it, whether it is active, and each trámite's plazo and whether it is
// required. Running expedientes keep the design they were opened with.
func (m *Module) Adapt(ctx context.Context, a *auth.Actor, entityID, id string, next Definition, active bool) (Procedure, error) {
	var p Procedure
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if p, err = procedureByID(ctx, tx, entityID, id); err != nil {
			return err
		}
		before := p.Definition
		next.Code, next.Steps, next.Templates = p.Code, mergeSteps(p.Steps, next.Steps), p.Templates
		next.Requirements = cleanLines(next.Requirements)
		if err := next.Validate(); err != nil {
			return err
		}
		p.Definition, p.Active, p.UpdatedAt, p.UpdatedBy = next, active, m.kit.Now(), a.UserID
		if err := saveProcedure(ctx, tx, p, false); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: entityID, Action: "procedimiento.adaptar",
			ObjectType: "procedimiento", ObjectID: p.ID, Before: before, After: next})
	})
	return p, err
}

// mergeSteps keeps the steps of old with the plazo and required flag of
// the same step in changed (matched by code).
func mergeSteps(old, changed []Step) []Step {
	out := make([]Step, len(old))
	copy(out, old)
	for i, s := range out {
		for _, c := range changed {
			if c.Code == s.Code {
				out[i].Term, out[i].Required = c.Term, c.Required
			}
		}
	}
	return out
}

func cleanLines(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// adoptedCodes maps the model codes an entity has adopted to its procedure.
func adoptedCodes(list []Procedure) map[string]string {
	out := map[string]string{}
	for _, p := range list {
		if p.ModelCode != "" {
			out[p.ModelCode] = p.ID
		}
	}
	return out
}

// isNotFound reports a missing row of this module.
func isNotFound(err error) bool { return errors.Is(err, db.ErrNotFound) }

// fold is the search form of a text: lower case, no accents, single spaces.
func fold(s string) string { return strings.Join(strings.Fields(refdata.Fold(s)), " ") }
