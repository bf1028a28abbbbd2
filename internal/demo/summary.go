package demo

import (
	"context"

	"concejo/internal/platform/db"
)

// Summary is what the demo database holds.
type Summary struct {
	// Created is true when this Load wrote the data, false when it was there.
	Created          bool
	EntitiesByKind   map[string]int
	Users            int
	AdhesionsByState map[string]int
	Grants           int
	// Logins are the well-known demo accounts, for the CLI to print.
	Logins []Login
}

// Login is a demo account to sign in with.
type Login struct {
	Email, Password string
	Role            string // what the account is, in Spanish
	Note            string
}

// Entities is the number of entities of every kind.
func (s *Summary) Entities() int { return sum(s.EntitiesByKind) }

// Adhesions is the number of adhesions in every state.
func (s *Summary) Adhesions() int { return sum(s.AdhesionsByState) }

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// logins are the well-known demo accounts.
var logins = []Login{
	{dipAdminLogin.Email, AdminPassword, "Administradora de la Diputación", "Con segundo factor (TOTP); gestiona entidades, catálogo y adhesiones"},
	{tecnicoLogin.Email, TecnicoPassword, "Técnico de la Diputación", "Soporte a todas las entidades de la provincia"},
	{caceresLogin.Email, StaffPassword, "Administradora de usuarios del Ayuntamiento de Cáceres", "Con perfiles en todas las aplicaciones de su ayuntamiento"},
	{plasenLogin.Email, StaffPassword, "Administrador de usuarios del Ayuntamiento de Plasencia", "Con perfiles en todas las aplicaciones de su ayuntamiento"},
	{abadiaLogin.Email, StaffPassword, "Secretaria-interventora de Abadía y de Aldeanueva del Camino", "Administra los usuarios de Abadía y trabaja también para Aldeanueva del Camino"},
	{operadorLogin.Email, StaffPassword, "Operador TIC de la Mancomunidad Integral Sierra de Gata", "Da soporte a los municipios de la mancomunidad"},
}

// summarize counts what the database holds.
func summarize(ctx context.Context, q db.Queryer, created bool) (*Summary, error) {
	s := &Summary{Created: created, EntitiesByKind: map[string]int{}, AdhesionsByState: map[string]int{}}
	if err := countBy(ctx, q, `SELECT kind, COUNT(*) FROM entities GROUP BY kind`, s.EntitiesByKind); err != nil {
		return nil, err
	}
	if err := countBy(ctx, q, `SELECT state, COUNT(*) FROM adhesions GROUP BY state`, s.AdhesionsByState); err != nil {
		return nil, err
	}
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&s.Users); err != nil {
		return nil, err
	}
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM grants`).Scan(&s.Grants); err != nil {
		return nil, err
	}
	for _, l := range logins {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE email = $1`, l.Email).Scan(&n); err != nil {
			return nil, err
		}
		if n > 0 {
			s.Logins = append(s.Logins, l)
		}
	}
	return s, nil
}

func countBy(ctx context.Context, q db.Queryer, query string, into map[string]int) error {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		into[k] = n
	}
	return rows.Err()
}
