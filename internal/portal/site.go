package portal

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"concejo/internal/directory"
	"concejo/internal/platform/db"
	"concejo/internal/platform/web"
)

// Site is the public site of an entity: who it is and how it presents itself.
type Site struct {
	EntityID, Code, Name, Kind, INE, DIR3, NIF string
	// Host and SedeHost are the entity's own host names ("" = none).
	Host, SedeHost                               string
	Tagline, About, Email, Phone, Address, Hours string
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

// siteCode is the public path code of an entity: its INE code when it is a
// municipality, its DIR3 otherwise.
func siteCode(kind, ine, dir3, id string) string {
	switch {
	case kind == "ayuntamiento" && ine != "":
		return ine
	case dir3 != "":
		return dir3
	}
	return id
}

var siteSelect = `SELECT e.id, e.name, e.kind, COALESCE(e.ine_code, ''), COALESCE(e.dir3, ''), COALESCE(e.nif, ''),
	e.email, e.phone, e.address, e.postal_code, e.town, e.population, e.population_year,
	COALESCE(s.host, ''), COALESCE(s.sede_host, ''), COALESCE(s.tagline, ''), COALESCE(s.about, ''),
	COALESCE(s.email, ''), COALESCE(s.phone, ''), COALESCE(s.address, ''), COALESCE(s.hours, ''),
	s.lat_e6, s.lon_e6, COALESCE(s.coat_type, ''), s.updated_at
	FROM entities e LEFT JOIN portal_sites s ON s.entity_id = e.id
	WHERE e.active AND ` + directory.ActiveAdhesion("e.id", "'portal'")

func scanSite(sc db.Scanner) (*Site, error) {
	var s Site
	var eEmail, ePhone, eAddr, ePC, eTown, coatType string
	var lat, lon sql.NullInt64
	var upd sql.NullTime
	err := sc.Scan(&s.EntityID, &s.Name, &s.Kind, &s.INE, &s.DIR3, &s.NIF, &eEmail, &ePhone, &eAddr, &ePC, &eTown,
		&s.Population, &s.PopulationYear, &s.Host, &s.SedeHost, &s.Tagline, &s.About, &s.Email, &s.Phone, &s.Address,
		&s.Hours, &lat, &lon, &coatType, &upd)
	if err != nil {
		return nil, err
	}
	s.Code = siteCode(s.Kind, s.INE, s.DIR3, s.EntityID)
	if s.Email == "" {
		s.Email = eEmail
	}
	if s.Phone == "" {
		s.Phone = ePhone
	}
	if s.Address == "" {
		s.Address = web.Join(", ", eAddr, strings.TrimSpace(ePC+" "+eTown))
	}
	if lat.Valid && lon.Valid {
		s.Lat, s.Lon, s.HasPos = lat.Int64, lon.Int64, true
	}
	s.HasCoat = coatType != ""
	if upd.Valid {
		s.UpdatedAt = upd.Time.UTC()
	}
	return &s, nil
}

// siteByCode returns the site served at /e/{code}/, or db.ErrNotFound when
// no active entity with an active portal adhesion has that code.
func siteByCode(ctx context.Context, q db.Queryer, code string) (*Site, error) {
	if !validCode(code) {
		return nil, db.ErrNotFound
	}
	s, err := scanSite(q.QueryRowContext(ctx, siteSelect+
		` AND ((e.kind = 'ayuntamiento' AND e.ine_code = $1) OR (e.dir3 = $1 AND (e.kind <> 'ayuntamiento' OR e.ine_code IS NULL)))`, code))
	return s, db.NotFound(err)
}

// siteOf returns the site of entityID (db.ErrNotFound without an active adhesion).
func siteOf(ctx context.Context, q db.Queryer, entityID string) (*Site, error) {
	s, err := scanSite(q.QueryRowContext(ctx, siteSelect+` AND e.id = $1`, entityID))
	return s, db.NotFound(err)
}

// allSites lists every public site, by name.
func allSites(ctx context.Context, q db.Queryer) ([]*Site, error) {
	return db.Collect(ctx, q, scanSite, siteSelect+` ORDER BY e.name`)
}

// validCode accepts a 5-digit INE code or a DIR3-like code.
func validCode(code string) bool {
	if len(code) < 5 || len(code) > 12 {
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
	Tagline, About, Email, Phone, Address, Hours string
	Lat, Lon                                     int64
	HasPos                                       bool
}

// saveSettings writes the site row of entityID (creating it).
func saveSettings(ctx context.Context, tx *sql.Tx, s *Site, set SiteSettings, by string, now time.Time) error {
	var lat, lon any
	if set.HasPos {
		lat, lon = set.Lat, set.Lon
	}
	res, err := tx.ExecContext(ctx, `UPDATE portal_sites SET tagline = $2, about = $3, email = $4, phone = $5, address = $6,
		hours = $7, lat_e6 = $8, lon_e6 = $9, updated_at = $10, updated_by = $11 WHERE entity_id = $1`,
		s.EntityID, set.Tagline, set.About, set.Email, set.Phone, set.Address, set.Hours, lat, lon, now, by)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO portal_sites (entity_id, code, tagline, about, email, phone, address, hours,
		lat_e6, lon_e6, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		s.EntityID, s.Code, set.Tagline, set.About, set.Email, set.Phone, set.Address, set.Hours, lat, lon, now, by)
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

// coatOf returns the coat of arms image of entityID.
func coatOf(ctx context.Context, q db.Queryer, entityID string) ([]byte, string, time.Time, error) {
	var b []byte
	var ct string
	var at time.Time
	err := q.QueryRowContext(ctx, `SELECT coat, coat_type, updated_at FROM portal_sites WHERE entity_id = $1 AND coat_type <> ''`,
		entityID).Scan(&b, &ct, &at)
	return b, ct, at.UTC(), db.NotFound(err)
}
