package directory

import (
	"context"
	"fmt"
	"strings"

	"concejo/internal/platform/db"
)

// Person is a user of the platform as other modules read him.
type Person struct {
	ID string
	// Given is the first name.
	Given    string
	Surname1 string
	Surname2 string
	NIF      string
	Email    string
	Phone    string
	// State is activo, bloqueado or baja.
	State string
	// GlobalRole is the person's role in the Diputación (dip_admin,
	// dip_tecnico), or "".
	GlobalRole string
}

// Active reports whether the person's account is in use (neither blocked
// nor closed).
func (p Person) Active() bool { return p.State == "activo" }

// Family is the surnames.
func (p Person) Family() string { return strings.TrimSpace(p.Surname1 + " " + p.Surname2) }

// Name is the full name: given name and surnames.
func (p Person) Name() string { return strings.TrimSpace(p.Given + " " + p.Family()) }

// ShortName is the given name and first surname, as lists of staff and the
// history of a record name people.
func (p Person) ShortName() string { return strings.TrimSpace(p.Given + " " + p.Surname1) }

const personCols = `u.id, u.name, u.surname1, u.surname2, u.nif, u.email, u.phone, u.state, u.global_role`

func personFields(p *Person) []any {
	return []any{&p.ID, &p.Given, &p.Surname1, &p.Surname2, &p.NIF, &p.Email, &p.Phone, &p.State, &p.GlobalRole}
}

func scanPerson(sc db.Scanner) (Person, error) {
	var p Person
	err := sc.Scan(personFields(&p)...)
	return p, err
}

// PersonByID returns the user id, or an error wrapping db.ErrNotFound.
func PersonByID(ctx context.Context, q db.Queryer, id string) (Person, error) {
	p, err := scanPerson(q.QueryRowContext(ctx, `SELECT `+personCols+` FROM users u WHERE u.id = $1`, id))
	if err != nil {
		return Person{}, fmt.Errorf("directory: person %s: %w", id, db.NotFound(err))
	}
	return p, nil
}

// EntityAdmins lists up to limit active user administrators of entityID,
// by name: whom to ask for access.
func EntityAdmins(ctx context.Context, q db.Queryer, entityID string, limit int) ([]Person, error) {
	out, err := db.Collect(ctx, q, scanPerson, `SELECT `+personCols+` FROM memberships m
		JOIN users u ON u.id = m.user_id WHERE m.entity_id = $1 AND m.role = 'admin' AND u.state = 'activo'
		ORDER BY u.name, u.surname1, u.id LIMIT $2`, entityID, limit)
	if err != nil {
		return nil, fmt.Errorf("directory: administrators of entity %s: %w", entityID, err)
	}
	return out, nil
}

// PeopleByIDs returns, in one query, the users among ids keyed by id; ids of
// no user (and "") are left out.
func PeopleByIDs(ctx context.Context, q db.Queryer, ids []string) (map[string]Person, error) {
	in, args := idList(ids)
	out := make(map[string]Person, len(args))
	if len(args) == 0 {
		return out, nil
	}
	all, err := db.Collect(ctx, q, scanPerson, `SELECT `+personCols+` FROM users u WHERE u.id IN (`+in+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("directory: %d people by id: %w", len(args), err)
	}
	for _, p := range all {
		out[p.ID] = p
	}
	return out, nil
}

// DiputacionStaff lists the active people with a role in the Diputación
// (dip_admin or dip_tecnico), by first surname and given name.
func DiputacionStaff(ctx context.Context, q db.Queryer) ([]Person, error) {
	out, err := db.Collect(ctx, q, scanPerson, `SELECT `+personCols+` FROM users u
		WHERE u.global_role IN ('dip_tecnico', 'dip_admin') AND u.state = 'activo' ORDER BY u.surname1, u.name, u.id`)
	if err != nil {
		return nil, fmt.Errorf("directory: the Diputación's staff: %w", err)
	}
	return out, nil
}
