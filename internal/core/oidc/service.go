package oidc

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"concejo/internal/core/directory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
)

// ClientForm is what the administrator submits to register an application.
type ClientForm struct {
	Name         string
	Service      string
	Confidential bool
	Machine      bool
	RedirectURIs string
	LogoutURIs   string
	// BackchannelURI is the optional back-channel logout endpoint.
	BackchannelURI string
}

// clientSummary is what the audit log records of a client (never the secret).
func clientSummary(c *Client) map[string]any {
	return map[string]any{"nombre": c.Name, "servicio": c.ServiceCode, "confidencial": c.Confidential,
		"maquina": c.Machine, "redirecciones": c.RedirectURIs, "tras_salir": c.PostLogoutURIs, "cierre_sesion": c.BackchannelURI, "activa": c.Active}
}

// checkRedirectURI accepts absolute https URIs without fragment, or http
// only towards the local machine (127.0.0.1, ::1, localhost).
func checkRedirectURI(raw string) string {
	if len(raw) > 500 {
		return "La dirección «" + truncate(raw, 60) + "» es demasiado larga (máximo 500 caracteres)."
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Fragment != "" || u.User != nil || !u.IsAbs() {
		return "«" + truncate(raw, 60) + "» no es una dirección válida: escriba una dirección completa como https://aplicacion.dipcaceres.es/callback, sin «#»."
	}
	switch u.Scheme {
	case "https":
		return ""
	case "http":
		h := u.Hostname()
		if ip := net.ParseIP(h); h == "localhost" || (ip != nil && ip.IsLoopback()) {
			return ""
		}
		return "«" + truncate(raw, 60) + "» usa http: solo se admite https, salvo para 127.0.0.1 o localhost (pruebas)."
	}
	return "«" + truncate(raw, 60) + "» debe empezar por https://."
}

// checkBackchannelURI accepts the address to which Concejo itself POSTs
// logout tokens: a valid https address whose host is not this machine nor
// a link-local address (otherwise the platform could be made to call its
// own loopback-only services). The delivery refuses such destinations too,
// for names that resolve to them.
func checkBackchannelURI(raw string) string {
	if msg := checkRedirectURI(raw); msg != "" {
		return msg
	}
	u, _ := url.Parse(raw)
	if u.Scheme != "https" {
		return "«" + truncate(raw, 60) + "» usa http: el cierre de sesión se envía solo a direcciones https."
	}
	if h := strings.ToLower(u.Hostname()); h == "localhost" || strings.HasSuffix(h, ".localhost") || internalIP(net.ParseIP(h)) {
		return "«" + truncate(raw, 60) + "» apunta a este mismo servidor o a una dirección local: escriba la dirección pública " +
			"de la aplicación, como https://aplicacion.dipcaceres.es/cierre-sesion."
	}
	return ""
}

// internalIP reports whether ip is one Concejo must never call on an
// application's behalf: loopback, unspecified, link-local or multicast.
func internalIP(ip net.IP) bool {
	return ip != nil && (ip.IsLoopback() || ip.IsUnspecified() || ip.IsLinkLocalUnicast() ||
		ip.IsLinkLocalMulticast() || ip.IsMulticast())
}

// checkURIs reports on field the first of uris that checkRedirectURI refuses.
func checkURIs(fe *errs.Fields, field string, uris []string) {
	for _, u := range uris {
		if msg := checkRedirectURI(u); msg != "" {
			fe.Add(field, msg)
			return
		}
	}
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

func (f *ClientForm) validate(ctx context.Context, q db.Queryer) (redirects, logouts []string, err error) {
	var fe errs.Fields
	switch n := utf8.RuneCountInString(f.Name); {
	case n == 0:
		fe.Add("nombre", "Escriba el nombre de la aplicación.")
	case n > 120:
		fe.Add("nombre", "El nombre no puede superar los 120 caracteres.")
	}
	if f.Service == "" {
		fe.Add("servicio", "Elija el servicio del catálogo al que pertenece la aplicación.")
	} else {
		s, err := directory.ServiceByCode(ctx, q, f.Service)
		if err != nil && !errors.Is(err, db.ErrNotFound) {
			return nil, nil, fmt.Errorf("oidc: comprobar el servicio %q: %w", f.Service, err)
		}
		if !s.Active {
			fe.Add("servicio", "Elija un servicio del catálogo.")
		}
	}
	redirects = splitLines(f.RedirectURIs)
	if len(redirects) == 0 {
		fe.Add("redirecciones", "Escriba al menos una dirección de retorno (redirect URI).")
	}
	if len(redirects) > 20 {
		fe.Add("redirecciones", "Como máximo 20 direcciones de retorno.")
	}
	checkURIs(&fe, "redirecciones", redirects)
	logouts = splitLines(f.LogoutURIs)
	if len(logouts) > 20 {
		fe.Add("tras_salir", "Como máximo 20 direcciones tras cerrar la sesión.")
	}
	checkURIs(&fe, "tras_salir", logouts)
	if f.BackchannelURI = strings.TrimSpace(f.BackchannelURI); f.BackchannelURI != "" {
		if msg := checkBackchannelURI(f.BackchannelURI); msg != "" {
			fe.Add("cierre_sesion", msg)
		}
	}
	if f.Machine && !f.Confidential {
		fe.Add("tipo", "Solo una aplicación confidencial (con secreto) puede obtener tokens de máquina.")
	}
	return redirects, logouts, fe.Err()
}

func auditChange(action, clientID string, before, after any) kit.Change {
	return kit.Change{Action: action, ObjectType: "aplicacion", ObjectID: clientID, Before: before, After: after}
}

// newSecretValue returns a fresh client secret and its stored hash.
func newSecretValue() (string, string) {
	s := id.Token(32)
	return s, hashOf(s)
}

// createClient registers an application; it returns the client and, for a
// confidential one, the secret (shown once).
func (m *Module) createClient(ctx context.Context, a *auth.Actor, f ClientForm) (*Client, string, error) {
	if err := m.kit.Access.Require(ctx, a, PermManage, a.Entity.ID); err != nil {
		return nil, "", err
	}
	redirects, logouts, err := f.validate(ctx, m.kit.DB)
	if err != nil {
		return nil, "", err
	}
	now := time.Now().UTC()
	c := &Client{ID: id.New(), Name: strings.TrimSpace(f.Name), ServiceCode: f.Service, Confidential: f.Confidential,
		Machine: f.Machine, RedirectURIs: redirects, PostLogoutURIs: logouts, BackchannelURI: f.BackchannelURI, Active: true, CreatedAt: now,
		CreatedBy: a.UserID, UpdatedAt: now}
	var secret string
	if c.Confidential {
		secret, c.SecretHash = newSecretValue()
	}
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := insertClient(ctx, tx, c); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, auditChange("aplicacion.crear", c.ID, nil, clientSummary(c)))
	})
	return c, secret, err
}

// changeClient lets change alter a client read inside one transaction, for
// who holds PermManage only; change also records the audit entry.
func (m *Module) changeClient(ctx context.Context, a *auth.Actor, clientID string, change func(tx *sql.Tx, c *Client) error) (*Client, error) {
	if err := m.kit.Access.Require(ctx, a, PermManage, a.Entity.ID); err != nil {
		return nil, err
	}
	var c *Client
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if c, err = getClient(ctx, tx, clientID); err != nil {
			return err
		}
		return change(tx, c)
	})
	return c, err
}

// rotateSecret replaces a confidential client's secret.
func (m *Module) rotateSecret(ctx context.Context, a *auth.Actor, clientID string) (*Client, string, error) {
	var secret string
	c, err := m.changeClient(ctx, a, clientID, func(tx *sql.Tx, c *Client) error {
		if !c.Confidential {
			return errs.New(errs.Conflict, "Una aplicación pública no tiene secreto.")
		}
		var hash string
		secret, hash = newSecretValue()
		if err := setClientSecret(ctx, tx, c.ID, hash); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, auditChange("aplicacion.secreto", c.ID, nil, map[string]any{"secreto": "renovado"}))
	})
	return c, secret, err
}

// changeActive enables or disables a client; disabling also revokes its tokens.
func (m *Module) changeActive(ctx context.Context, a *auth.Actor, clientID string, active bool) (*Client, error) {
	return m.changeClient(ctx, a, clientID, func(tx *sql.Tx, c *Client) error {
		before := clientSummary(c)
		c.Active = active
		if err := setClientActive(ctx, tx, c.ID, active); err != nil {
			return err
		}
		if !active {
			if _, err := tx.ExecContext(ctx, `UPDATE oidc_tokens SET revoked_at = $1 WHERE client_id = $2 AND revoked_at IS NULL`,
				time.Now().UTC(), c.ID); err != nil {
				return err
			}
		}
		return m.kit.Audit(ctx, tx, a, auditChange(map[bool]string{true: "aplicacion.activar", false: "aplicacion.desactivar"}[active], c.ID, before, clientSummary(c)))
	})
}

// updateClient changes an application's name, service and addresses; its
// type and secret stay as they are.
func (m *Module) updateClient(ctx context.Context, a *auth.Actor, clientID string, f ClientForm) (*Client, error) {
	return m.changeClient(ctx, a, clientID, func(tx *sql.Tx, c *Client) error {
		f.Confidential, f.Machine = c.Confidential, c.Machine
		redirects, logouts, err := f.validate(ctx, tx)
		if err != nil {
			return err
		}
		before := clientSummary(c)
		c.Name, c.ServiceCode, c.RedirectURIs, c.PostLogoutURIs = strings.TrimSpace(f.Name), f.Service, redirects, logouts
		c.BackchannelURI = f.BackchannelURI
		if err := updateClient(ctx, tx, c); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, auditChange("aplicacion.modificar", c.ID, before, clientSummary(c)))
	})
}
