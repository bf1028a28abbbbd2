package account

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"concejo/internal/core/users"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/phrase"
	"concejo/internal/platform/validate"
	"concejo/internal/platform/web"
)

// dummyHash keeps the time of a login for an unknown user close to that of
// a known one, so timing does not reveal which accounts exist.
var dummyHash, _ = auth.HashPassword("concejo-no-user", auth.DefaultArgon2)

var errBadLogin = errors.New("El usuario o la contraseña no son correctos.")

// safeNext keeps only paths of this site (web.LocalPath), so signing in
// cannot send the browser elsewhere; signing out is not a place to return to.
func safeNext(next string) string {
	if len(next) > 500 || !web.LocalPath(next) || strings.HasPrefix(next, "/salir") {
		return "/"
	}
	return next
}

func (m *Module) login(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	page := m.loginPage()
	loginID := normaliseLogin(web.Field(r, "usuario"))
	password := r.PostFormValue("contrasena")
	var fe errs.Fields
	if loginID == "" {
		fe.Add("usuario", "Escriba su correo electrónico o su NIF.")
	}
	if password == "" {
		fe.Add("contrasena", "Escriba su contraseña.")
	}
	if err := fe.Err(); err != nil {
		return m.kit.FormPage(w, r, "account/login", page, err)
	}
	now := time.Now()
	if !m.throttle.Allow(auth.ClientIP(r), now) {
		return errs.New(errs.TooManyRequests, "Demasiados intentos de inicio de sesión desde su dirección. Espere unos minutos y vuelva a intentarlo.")
	}
	c, err := users.CredentialsByLogin(r.Context(), m.kit.DB, loginID)
	if errors.Is(err, db.ErrNotFound) {
		if _, err := auth.Logins.Check(r.Context(), dummyHash, password); err != nil {
			return m.hashRefused(w, r, "account/login", page, "usuario", err)
		}
		return m.loginFailed(w, r, page, errBadLogin)
	}
	if err != nil {
		return err
	}
	if now.Before(c.LockedUntil) {
		return m.loginFailed(w, r, page, lockedError(c.LockedUntil))
	}
	ok, err := auth.Logins.Check(r.Context(), c.PasswordHash, password)
	if err != nil {
		return m.hashRefused(w, r, "account/login", page, "usuario", err)
	}
	if !ok {
		until, err := recordFailure(r.Context(), m.kit.DB, c.ID, users.PasswordFailures, now.UTC())
		if err != nil {
			return err
		}
		if !until.IsZero() {
			return m.loginFailed(w, r, page, lockedError(until))
		}
		return m.loginFailed(w, r, page, errBadLogin)
	}
	switch c.State {
	case "bloqueado":
		return m.loginFailed(w, r, page, errors.New("Su cuenta está bloqueada. Pida al administrador de usuarios de su entidad que la desbloquee."))
	case "baja":
		return m.loginFailed(w, r, page, errors.New("Su cuenta está dada de baja."))
	}
	if err := m.startSession(w, r, c, !c.TOTPEnabled); err != nil {
		return err
	}
	next := safeNext(r.PostFormValue("volver"))
	if c.TOTPEnabled {
		next = "/entrar/segundo-factor?volver=" + url.QueryEscape(next)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// loginPage is the sign-in page, before the form's values and errors.
func (m *Module) loginPage() *web.Page {
	return &web.Page{Title: "Iniciar sesión", Data: loginData{CertLogin: m.kit.Config.CertLogin()}}
}

// hashRefused answers a form whose password check or hash found the
// queue of sign-ins full (auth.ErrBusy): the form again with the reason on
// field, as a 503 with Retry-After. Other errors (the browser gave up while
// waiting) are returned as they are.
func (m *Module) hashRefused(w http.ResponseWriter, r *http.Request, name string, p *web.Page, field string, err error) error {
	if !errors.Is(err, auth.ErrBusy) {
		return err
	}
	auth.SetRetryAfter(w, err)
	p.Errors = errs.Fields{{Field: field, Message: err.Error()}}
	return m.kit.Renderer.Render(w, r, http.StatusServiceUnavailable, name, p)
}

func lockedError(until time.Time) error {
	return errors.New("Su cuenta está bloqueada temporalmente por demasiados intentos fallidos. Vuelva a intentarlo a partir de las " +
		until.In(web.Madrid).Format("15:04") + " o pida un enlace para cambiar la contraseña.")
}

func (m *Module) loginFailed(w http.ResponseWriter, r *http.Request, p *web.Page, err error) error {
	p.Errors = errs.Fields{{Field: "usuario", Message: err.Error()}}
	return m.kit.Renderer.Render(w, r, http.StatusUnauthorized, "account/login", p)
}

func normaliseLogin(s string) string {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "@") {
		return strings.ToLower(s)
	}
	return validate.NormalizeID(s)
}

// startSession renews the session on login: the old one (if any) is revoked
// and a new token is issued.
func (m *Module) startSession(w http.ResponseWriter, r *http.Request, c users.Credentials, mfaDone bool) error {
	ctx := r.Context()
	entityID, err := defaultEntity(ctx, m.kit.DB, c.ID)
	if err != nil {
		return err
	}
	var token string
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if old, err := r.Cookie(auth.CookieName); err == nil {
			if err := m.kit.Sessions.Revoke(ctx, tx, auth.HashToken(old.Value)); err != nil {
				return err
			}
		}
		if err := users.RecordSignIn(ctx, tx, c.ID, time.Now().UTC()); err != nil {
			return err
		}
		token, err = m.kit.Sessions.Create(ctx, tx, c.ID, entityID, mfaDone, r)
		return err
	})
	if err != nil {
		return err
	}
	m.kit.Sessions.SetCookie(w, token)
	m.kit.Log.InfoContext(ctx, "inicio de sesión", "user", c.ID, "ip", auth.ClientIP(r))
	return nil
}

func (m *Module) logout(w http.ResponseWriter, r *http.Request) error {
	a := auth.FromContext(r.Context())
	if err := m.kit.Sessions.Revoke(r.Context(), m.kit.DB, a.SessionHash); err != nil {
		return err
	}
	m.kit.Sessions.ClearCookie(w)
	http.Redirect(w, r, "/entrar", http.StatusSeeOther)
	return nil
}

func (m *Module) switchEntity(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	a := auth.FromContext(r.Context())
	target := web.Field(r, "entidad")
	if !a.CanSwitchTo(target) {
		return errs.ErrNotFound
	}
	if err := m.kit.Sessions.SetEntity(r.Context(), a.SessionHash, target); err != nil {
		return err
	}
	name := ""
	for _, e := range a.Switchable() {
		if e.ID == target {
			name = e.Name
		}
	}
	return m.kit.Redirect(w, r, "/", "Ahora trabaja para "+phrase.The(name)+".")
}

// ctxUser loads the credentials of the actor.
func (m *Module) ctxUser(ctx context.Context, a *auth.Actor) (users.Credentials, error) {
	return users.CredentialsByID(ctx, m.kit.DB, a.UserID)
}
