package portal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
	"concejo/internal/platform/web"
	"concejo/internal/refdata"
)

// Site is the public site of an entity: who it is and how it presents itself.
type Site struct {
	EntityID, Code, Name, Kind, INE, DIR3, NIF string
	// Host and SedeHost are the entity's own host names ("" = none).
	Host, SedeHost                               string
	Tagline, About, Email, Phone, Address, Hours string
	// Colour is the identity colour ("#rrggbb"; "" = the default).
	Colour string
	// Lat and Lon are in millionths of a degree; HasPos says they are set.
	Lat, Lon       int64
	HasPos         bool
	HasCoat        bool
	Population     int64
	PopulationYear int
	UpdatedAt      time.Time
	// Base is the path prefix of the site's links for this request: "/e/{code}"
	// or "" when the request came by the entity's own host name.
	Base string
	// URL is the site's absolute address (own host, or the platform's /e/{code}).
	URL string
}

// siteCols are the columns of a site's saved settings (scanSettings).
const siteCols = `entity_id, COALESCE(host, ''), COALESCE(sede_host, ''), tagline, about, email, phone, address, hours,
	lat_e6, lon_e6, coat_type, colour, updated_at`

// scanSettings reads a row of siteCols: the settings of a site.
func scanSettings(sc db.Scanner) (*Site, error) {
	var s Site
	var lat, lon sql.NullInt64
	var coatType string
	err := sc.Scan(&s.EntityID, &s.Host, &s.SedeHost, &s.Tagline, &s.About, &s.Email, &s.Phone, &s.Address, &s.Hours,
		&lat, &lon, &coatType, &s.Colour, &s.UpdatedAt)
	if lat.Valid && lon.Valid {
		s.Lat, s.Lon, s.HasPos = lat.Int64, lon.Int64, true
	}
	s.HasCoat = coatType != ""
	s.UpdatedAt = s.UpdatedAt.UTC()
	return &s, err
}

// complete fills in what the site s (its saved settings, or none yet) takes
// from its entity e: who it is, and the contact details it does not set.
func (s *Site) complete(e directory.Entity) *Site {
	s.EntityID, s.Code, s.Name, s.Kind = e.ID, e.Code(), e.Name, e.Kind
	s.INE, s.DIR3, s.NIF, s.Population, s.PopulationYear = e.INE, e.DIR3, e.NIF, e.Population, e.PopulationYear
	if s.Email == "" {
		s.Email = e.Email
	}
	if s.Phone == "" {
		s.Phone = e.Phone
	}
	if s.Address == "" {
		s.Address = web.Join(", ", e.Address, strings.TrimSpace(e.PostalCode+" "+e.Town))
	}
	return s
}

// siteByCode returns the site served at /e/{code}/, or db.ErrNotFound when
// no active entity with an active portal adhesion has that code.
func siteByCode(ctx context.Context, q db.Queryer, code string) (*Site, error) {
	if !validCode(code) {
		return nil, db.ErrNotFound
	}
	e, err := directory.EntityByCode(ctx, q, code)
	if err != nil {
		return nil, err
	}
	return siteFor(ctx, q, e)
}

// siteOf returns the site of entityID (db.ErrNotFound without an active adhesion).
func siteOf(ctx context.Context, q db.Queryer, entityID string) (*Site, error) {
	e, err := directory.EntityByID(ctx, q, entityID)
	if err != nil {
		return nil, err
	}
	return siteFor(ctx, q, e)
}

// siteFor returns the site of e, or db.ErrNotFound unless e is active and
// has an active portal adhesion. The Diputación, which provides the
// service, always has its site: the province's front page.
func siteFor(ctx context.Context, q db.Queryer, e directory.Entity) (*Site, error) {
	if !e.Active {
		return nil, db.ErrNotFound
	}
	if e.Kind != refdata.KindDiputacion {
		adhered, err := directory.HasActiveAdhesion(ctx, q, e.ID, Service)
		if err != nil {
			return nil, err
		}
		if !adhered {
			return nil, db.ErrNotFound
		}
	}
	s, err := scanSettings(q.QueryRowContext(ctx, `SELECT `+siteCols+` FROM portal_sites WHERE entity_id = $1`, e.ID))
	if errors.Is(err, sql.ErrNoRows) {
		s, err = &Site{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("portal: leer el sitio de la entidad %s: %w", e.ID, err)
	}
	return s.complete(e), nil
}

// allSites lists every public site, by name.
func allSites(ctx context.Context, q db.Queryer) ([]*Site, error) {
	ents, err := directory.AdheredEntities(ctx, q, Service, directory.ByName)
	if err != nil {
		return nil, err
	}
	saved, err := db.Collect(ctx, q, scanSettings, `SELECT `+siteCols+` FROM portal_sites`)
	if err != nil {
		return nil, fmt.Errorf("portal: leer los sitios: %w", err)
	}
	byEntity := make(map[string]*Site, len(saved))
	for _, s := range saved {
		byEntity[s.EntityID] = s
	}
	var out []*Site
	for _, e := range ents {
		if !e.Active {
			continue
		}
		s := byEntity[e.ID]
		if s == nil {
			s = &Site{}
		}
		out = append(out, s.complete(e))
	}
	return out, nil
}

// validCode accepts what directory.Entity.Code gives: a 5-digit INE code,
// a DIR3 code, or the id (26 characters) of an entity that has neither.
func validCode(code string) bool {
	if len(code) < 5 || len(code) > 26 {
		return false
	}
	for _, r := range code {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// SiteSettings are what editors change of their site.
type SiteSettings struct {
	Tagline, About, Email, Phone, Address, Hours, Colour string
	Lat, Lon                                             int64
	HasPos                                               bool
}

// saveSettings writes the site row of entityID (creating it).
func saveSettings(ctx context.Context, tx *sql.Tx, s *Site, set SiteSettings, by string, now time.Time) error {
	var lat, lon any
	if set.HasPos {
		lat, lon = set.Lat, set.Lon
	}
	res, err := tx.ExecContext(ctx, `UPDATE portal_sites SET tagline = $2, about = $3, email = $4, phone = $5, address = $6,
		hours = $7, lat_e6 = $8, lon_e6 = $9, updated_at = $10, updated_by = $11, colour = $12 WHERE entity_id = $1`,
		s.EntityID, set.Tagline, set.About, set.Email, set.Phone, set.Address, set.Hours, lat, lon, now, by, set.Colour)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO portal_sites (entity_id, code, tagline, about, email, phone, address, hours,
		lat_e6, lon_e6, updated_at, updated_by, colour) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		s.EntityID, s.Code, set.Tagline, set.About, set.Email, set.Phone, set.Address, set.Hours, lat, lon, now, by, set.Colour)
	return err
}

// ensureSite creates the site row of s when missing.
func ensureSite(ctx context.Context, tx *sql.Tx, s *Site, by string, now time.Time) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM portal_sites WHERE entity_id = $1`, s.EntityID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO portal_sites (entity_id, code, updated_at, updated_by) VALUES ($1, $2, $3, $4)`,
		s.EntityID, s.Code, now, by)
	return err
}

// SedeHref is the address of the entity's sede electrónica: its own host,
// or the platform's /e/{code}/sede.
func (s *Site) SedeHref() string {
	if s.SedeHost != "" {
		return "https://" + s.SedeHost + "/"
	}
	return "/e/" + s.Code + "/sede"
}

// IsProvince reports whether the site is the Diputación's: the province's
// front page.
func (s *Site) IsProvince() bool { return s.Kind == refdata.KindDiputacion }

// coatOf returns the coat of arms image of entityID.
func coatOf(ctx context.Context, q db.Queryer, entityID string) ([]byte, string, time.Time, error) {
	var b []byte
	var ct string
	var at time.Time
	err := q.QueryRowContext(ctx, `SELECT coat, coat_type, updated_at FROM portal_sites WHERE entity_id = $1 AND coat_type <> ''`,
		entityID).Scan(&b, &ct, &at)
	return b, ct, at.UTC(), db.NotFound(err)
}
