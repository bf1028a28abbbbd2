package oidc

import (
	"context"
	"fmt"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
)

const clientColumns = `c.id, c.name, c.service_code, c.confidential, c.secret_hash, c.machine, c.redirect_uris,
	c.post_logout_uris, c.backchannel_logout_uri, c.active, c.created_at, c.created_by, c.updated_at`

type scanner interface{ Scan(...any) error }

func scanClient(s scanner) (*Client, error) {
	c := &Client{}
	var redirects, logouts string
	if err := s.Scan(&c.ID, &c.Name, &c.ServiceCode, &c.Confidential, &c.SecretHash, &c.Machine,
		&redirects, &logouts, &c.BackchannelURI, &c.Active, &c.CreatedAt, &c.CreatedBy, &c.UpdatedAt); err != nil {
		return nil, err
	}
	c.RedirectURIs, c.PostLogoutURIs = splitLines(redirects), splitLines(logouts)
	return c, nil
}

// getClient loads one client (active or not).
func getClient(ctx context.Context, q db.Queryer, id string) (*Client, error) {
	c, err := clientRow(ctx, q, id)
	if err != nil {
		return c, err
	}
	s, err := directory.ServiceByCode(ctx, q, c.ServiceCode)
	if err != nil {
		return nil, fmt.Errorf("oidc: leer la aplicación cliente %s: %w", id, err)
	}
	c.ServiceName = s.Name
	return c, nil
}

// clientRow loads one client without its service's name: what the
// protocol endpoints need.
func clientRow(ctx context.Context, q db.Queryer, id string) (*Client, error) {
	c, err := scanClient(q.QueryRowContext(ctx, `SELECT `+clientColumns+` FROM oidc_clients c WHERE c.id = $1`, id))
	if err := db.NotFound(err); err != nil {
		return c, fmt.Errorf("oidc: leer la aplicación cliente %s: %w", id, err)
	}
	return c, nil
}

// listClients returns every client, by name.
func listClients(ctx context.Context, q db.Queryer) ([]*Client, error) {
	services, err := directory.Services(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("oidc: listar las aplicaciones cliente: %w", err)
	}
	names := make(map[string]string, len(services))
	for _, s := range services {
		names[s.Code] = s.Name
	}
	rows, err := q.QueryContext(ctx, `SELECT `+clientColumns+` FROM oidc_clients c ORDER BY c.name, c.id`)
	if err != nil {
		return nil, fmt.Errorf("oidc: listar las aplicaciones cliente: %w", err)
	}
	defer rows.Close()
	var out []*Client
	for rows.Next() {
		c, err := scanClient(rows)
		if err != nil {
			return nil, fmt.Errorf("oidc: listar las aplicaciones cliente: %w", err)
		}
		c.ServiceName = names[c.ServiceCode]
		out = append(out, c)
	}
	return out, rows.Err()
}

func insertClient(ctx context.Context, q db.Queryer, c *Client) error {
	_, err := q.ExecContext(ctx, `INSERT INTO oidc_clients (id, name, service_code, confidential, secret_hash, machine,
		redirect_uris, post_logout_uris, backchannel_logout_uri, active, created_at, created_by, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $11)`,
		c.ID, c.Name, c.ServiceCode, c.Confidential, c.SecretHash, c.Machine, strings.Join(c.RedirectURIs, "\n"),
		strings.Join(c.PostLogoutURIs, "\n"), c.BackchannelURI, c.Active, c.CreatedAt, c.CreatedBy)
	if err != nil {
		return fmt.Errorf("oidc: guardar la aplicación cliente %s: %w", c.ID, err)
	}
	return nil
}

func updateClient(ctx context.Context, q db.Queryer, c *Client) error {
	_, err := q.ExecContext(ctx, `UPDATE oidc_clients SET name = $1, service_code = $2, redirect_uris = $3,
		post_logout_uris = $4, backchannel_logout_uri = $5, updated_at = $6 WHERE id = $7`,
		c.Name, c.ServiceCode, strings.Join(c.RedirectURIs, "\n"), strings.Join(c.PostLogoutURIs, "\n"), c.BackchannelURI,
		time.Now().UTC(), c.ID)
	if err != nil {
		return fmt.Errorf("oidc: modificar la aplicación cliente %s: %w", c.ID, err)
	}
	return nil
}

func setClientActive(ctx context.Context, q db.Queryer, id string, active bool) error {
	_, err := q.ExecContext(ctx, `UPDATE oidc_clients SET active = $1, updated_at = $2 WHERE id = $3`, active, time.Now().UTC(), id)
	if err != nil {
		return fmt.Errorf("oidc: activar (%t) la aplicación cliente %s: %w", active, id, err)
	}
	return nil
}

func setClientSecret(ctx context.Context, q db.Queryer, id, hash string) error {
	_, err := q.ExecContext(ctx, `UPDATE oidc_clients SET secret_hash = $1, updated_at = $2 WHERE id = $3`, hash, time.Now().UTC(), id)
	if err != nil {
		return fmt.Errorf("oidc: cambiar el secreto de la aplicación cliente %s: %w", id, err)
	}
	return nil
}

// listServices returns the active services of the catalogue, in its
// order: those offered in the client form.
func listServices(ctx context.Context, q db.Queryer) ([]directory.Service, error) {
	all, err := directory.Services(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("oidc: listar los servicios: %w", err)
	}
	var out []directory.Service
	for _, s := range all {
		if s.Active {
			out = append(out, s)
		}
	}
	return out, nil
}

// entityAdmins names the user administrators of entityID (whom to ask).
func entityAdmins(ctx context.Context, q db.Queryer, entityID string) ([]string, error) {
	admins, err := directory.EntityAdmins(ctx, q, entityID, 5)
	if err != nil {
		return nil, fmt.Errorf("oidc: leer los administradores de la entidad %s: %w", entityID, err)
	}
	var out []string
	for _, p := range admins {
		out = append(out, p.ShortName()+" ("+p.Email+")")
	}
	return out, nil
}
