package account

import (
	"context"
	"database/sql"
	"errors"
	"net/http"

	"concejo/internal/core/users"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
)

// loginData tells the login page which alternatives to offer.
type loginData struct {
	// CertLogin shows "Entrar con certificado electrónico".
	CertLogin bool
}

// loginForm is the sign-in page, offering certificate sign-in when it is
// configured.
func (m *Module) loginForm(w http.ResponseWriter, r *http.Request) error {
	if a := auth.FromContext(r.Context()); a != nil && a.MFADone {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	page := m.loginPage()
	page.Form = map[string]string{"volver": safeNext(r.URL.Query().Get("volver"))}
	return m.kit.Page(w, r, "account/login", page)
}

// certLogin signs in with the electronic certificate the browser presented
// (TLS client certificate, or passed by a trusted reverse proxy). A
// certificate counts as strong authentication: no second factor is asked.
func (m *Module) certLogin(w http.ResponseWriter, r *http.Request) error {
	if !m.kit.Config.CertLogin() {
		return errs.New(errs.NotFound, "La entrada con certificado electrónico no está habilitada en esta instalación.")
	}
	// No per-address throttle here: a verified certificate leaves nothing
	// to guess.
	cert, err := m.certs.Certificate(r)
	if err != nil {
		m.kit.Log.InfoContext(r.Context(), "entrada con certificado rechazada", "motivo", err.Error(), "ip", auth.ClientIP(r))
		return errs.New(errs.Unauthorized, err.Error())
	}
	nif, err := auth.NIFFromCertificate(cert)
	if err != nil {
		m.kit.Log.InfoContext(r.Context(), "entrada con certificado rechazada", "motivo", err.Error(), "ip", auth.ClientIP(r))
		return errs.New(errs.Forbidden, err.Error())
	}
	c, err := users.CredentialsByNIF(r.Context(), m.kit.DB, nif)
	if errors.Is(err, db.ErrNotFound) {
		m.kit.Log.InfoContext(r.Context(), "entrada con certificado rechazada", "motivo", "NIF sin cuenta", "ip", auth.ClientIP(r))
		return errs.New(errs.Forbidden, "No hay ninguna cuenta de Concejo para el NIF "+nif+
			" de su certificado. Pida al administrador de usuarios de su entidad que le dé de alta con ese NIF.")
	}
	if err != nil {
		return err
	}
	switch c.State {
	case "activo":
	case "bloqueado":
		return errs.New(errs.Forbidden, "Su cuenta está bloqueada. Pida al administrador de usuarios de su entidad que la desbloquee.")
	default:
		return errs.New(errs.Forbidden, "Su cuenta está dada de baja.")
	}
	if err := m.startSession(w, r, c, true); err != nil {
		return err
	}
	if err := m.auditCertLogin(r.Context(), r, c, cert.Subject.CommonName); err != nil {
		return err
	}
	http.Redirect(w, r, safeNext(r.URL.Query().Get("volver")), http.StatusSeeOther)
	return nil
}

// auditCertLogin records a certificate sign-in in the audit chain.
func (m *Module) auditCertLogin(ctx context.Context, r *http.Request, c users.Credentials, subject string) error {
	entityID, err := defaultEntity(ctx, m.kit.DB, c.ID)
	if err != nil {
		return err
	}
	actor := &auth.Actor{UserID: c.ID, Name: c.Email, Email: c.Email, IP: auth.ClientIP(r)}
	m.kit.Log.InfoContext(ctx, "inicio de sesión con certificado", "user", c.ID, "certificado", subject)
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		return m.kit.Audit(ctx, tx, actor, kit.Change{EntityID: entityID, Action: "sesion.certificado",
			ObjectType: "usuario", ObjectID: c.ID, After: map[string]string{"certificado": subject}})
	})
}
