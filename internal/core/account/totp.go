package account

import (
	"bytes"
	"database/sql"
	"encoding/base64"
	"html/template"
	"image/png"
	"net/http"
	"time"

	"github.com/pquerna/otp"

	"concejo/internal/core/users"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

func (m *Module) totpForm(w http.ResponseWriter, r *http.Request) error {
	a := auth.FromContext(r.Context())
	if !a.TOTPEnabled || a.MFADone {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	return m.kit.Page(w, r, "account/totp", &web.Page{Title: "Segundo factor",
		Form: map[string]string{"volver": safeNext(r.URL.Query().Get("volver"))}})
}

func (m *Module) totp(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	a := auth.FromContext(r.Context())
	if !a.TOTPEnabled || a.MFADone {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	if !m.throttle.Allow("totp:"+a.UserID, time.Now()) {
		return errs.New(errs.TooManyRequests, "Demasiados intentos. Espere unos minutos y vuelva a intentarlo.")
	}
	c, err := m.ctxUser(r.Context(), a)
	if err != nil {
		return err
	}
	now := time.Now()
	if now.Before(c.LockedUntil) {
		return m.endLocked(w, r, a, c.LockedUntil)
	}
	step, ok := auth.TOTPStep(c.TOTPSecret, web.Field(r, "codigo"), now)
	if ok {
		if ok, err = users.AcceptTOTP(r.Context(), m.kit.DB, c.ID, step); err != nil {
			return err
		}
	}
	if !ok {
		until, err := recordFailure(r.Context(), m.kit.DB, c.ID, users.TOTPFailures, now.UTC())
		if err != nil {
			return err
		}
		if !until.IsZero() {
			return m.endLocked(w, r, a, until)
		}
		p := &web.Page{Title: "Segundo factor", Errors: errs.Fields{{Field: "codigo",
			Message: "El código no es correcto, ya se usó o ha caducado. Escriba el código de 6 cifras que muestra ahora su aplicación."}}}
		return m.kit.Renderer.Render(w, r, http.StatusUnauthorized, "account/totp", p)
	}
	if err := m.kit.Sessions.MarkMFADone(r.Context(), m.kit.DB, a.SessionHash); err != nil {
		return err
	}
	http.Redirect(w, r, safeNext(r.PostFormValue("volver")), http.StatusSeeOther)
	return nil
}

// endLocked closes the half-open session of an account locked at the
// second factor and shows the sign-in page with the lock's end: whoever
// holds the password has to wait like someone guessing it.
func (m *Module) endLocked(w http.ResponseWriter, r *http.Request, a *auth.Actor, until time.Time) error {
	if err := m.kit.Sessions.Revoke(r.Context(), m.kit.DB, a.SessionHash); err != nil {
		return err
	}
	m.kit.Sessions.ClearCookie(w)
	return m.loginFailed(w, r.WithContext(auth.WithActor(r.Context(), nil)), m.loginPage(), lockedError(until))
}

// enrolData is what the enrolment page shows.
type enrolData struct {
	Secret string
	QR     template.URL
}

func (m *Module) enrolForm(w http.ResponseWriter, r *http.Request) error {
	a := auth.FromContext(r.Context())
	if a.TOTPEnabled {
		http.Redirect(w, r, "/cuenta", http.StatusSeeOther)
		return nil
	}
	secret, url, err := auth.NewTOTPSecret(a.Email)
	if err != nil {
		return err
	}
	if err := users.SetTOTPSecret(r.Context(), m.kit.DB, a.UserID, secret); err != nil {
		return err
	}
	data, err := enrolPage(secret, url)
	if err != nil {
		return err
	}
	return m.kit.Page(w, r, "account/enrol", &web.Page{Title: "Activar el segundo factor", Data: data})
}

func enrolPage(secret, url string) (enrolData, error) {
	key, err := otp.NewKeyFromURL(url)
	if err != nil {
		return enrolData{}, err
	}
	img, err := key.Image(200, 200)
	if err != nil {
		return enrolData{}, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return enrolData{}, err
	}
	return enrolData{Secret: secret,
		QR: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()))}, nil
}

func (m *Module) enrol(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	a := auth.FromContext(r.Context())
	c, err := m.ctxUser(r.Context(), a)
	if err != nil {
		return err
	}
	if c.TOTPEnabled {
		http.Redirect(w, r, "/cuenta", http.StatusSeeOther)
		return nil
	}
	step, ok := auth.TOTPStep(c.TOTPSecret, web.Field(r, "codigo"), time.Now())
	if !ok {
		data, err := enrolPage(c.TOTPSecret, totpURL(c))
		if err != nil {
			return err
		}
		p := &web.Page{Title: "Activar el segundo factor", Data: data, Errors: errs.Fields{{Field: "codigo",
			Message: "El código no es correcto. Compruebe la hora de su teléfono y escriba el código de 6 cifras que muestra ahora."}}}
		return m.kit.Renderer.Render(w, r, http.StatusUnprocessableEntity, "account/enrol", p)
	}
	err = m.kit.DB.Tx(r.Context(), func(tx *sql.Tx) error {
		if err := users.EnableTOTP(r.Context(), tx, a.UserID, step, time.Now().UTC()); err != nil {
			return err
		}
		if err := m.kit.Sessions.MarkMFADone(r.Context(), tx, a.SessionHash); err != nil {
			return err
		}
		return m.kit.Audit(r.Context(), tx, a, kit.Change{Action: "usuario.activar_segundo_factor", ObjectType: "usuario",
			ObjectID: a.UserID, After: map[string]bool{"totp": true}})
	})
	if err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/", "Segundo factor activado. A partir de ahora se le pedirá un código al iniciar sesión.")
}

func totpURL(c users.Credentials) string {
	return "otpauth://totp/" + auth.Issuer + ":" + c.Email + "?secret=" + c.TOTPSecret + "&issuer=" + auth.Issuer
}
