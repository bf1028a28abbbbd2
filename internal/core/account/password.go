package account

import (
	"database/sql"
	"errors"
	"net/http"
	"time"

	"concejo/internal/core/users"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/mail"
	"concejo/internal/platform/web"
)

func (m *Module) forgotForm(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Page(w, r, "account/forgot", &web.Page{Title: "He olvidado mi contraseña"})
}

// forgot sends a password link when the account exists; the answer is the
// same either way so the form does not reveal who has an account.
func (m *Module) forgot(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	login := normaliseLogin(web.Field(r, "usuario"))
	if login == "" {
		return m.kit.FormPage(w, r, "account/forgot", &web.Page{Title: "He olvidado mi contraseña"},
			errs.Fields{{Field: "usuario", Message: "Escriba su correo electrónico o su NIF."}})
	}
	if !m.throttle.Allow("olvido:"+auth.ClientIP(r), time.Now()) {
		return errs.New(errs.TooManyRequests, "Demasiadas peticiones. Espere unos minutos y vuelva a intentarlo.")
	}
	c, err := users.CredentialsByLogin(r.Context(), m.kit.DB, login)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return err
	}
	if err == nil && c.State == "activo" {
		if err := m.sendLink(r, c); err != nil {
			return err
		}
	}
	return m.kit.Page(w, r, "account/forgot-sent", &web.Page{Title: "Revise su correo"})
}

func (m *Module) sendLink(r *http.Request, c users.Credentials) error {
	token, err := auth.CreateResetToken(r.Context(), m.kit.DB, c.ID)
	if err != nil {
		return err
	}
	link := m.kit.Config.Public() + "/contrasena/nueva?token=" + token
	return m.kit.Mail.Send(r.Context(), mail.Message{To: c.Email, Subject: "Cambio de contraseña en Concejo",
		Body: "Ha pedido cambiar su contraseña de Concejo, la plataforma de servicios de la Diputación Provincial de Cáceres.\n\n" +
			"Para elegir una nueva, abra este enlace (válido 24 horas y para un solo uso):\n\n" + link +
			"\n\nSi no lo ha pedido usted, ignore este mensaje: su contraseña no cambia.\n"})
}

func (m *Module) resetForm(w http.ResponseWriter, r *http.Request) error {
	token := r.URL.Query().Get("token")
	if !auth.CheckResetToken(r.Context(), m.kit.DB, token) {
		return errs.New(errs.NotFound, auth.ErrResetInvalid.Error())
	}
	return m.kit.Page(w, r, "account/reset", &web.Page{Title: "Elegir contraseña", Form: map[string]string{"token": token}})
}

func (m *Module) reset(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	token := r.PostFormValue("token")
	page := &web.Page{Title: "Elegir contraseña", Form: map[string]string{"token": token}}
	pw, err := m.newPassword(r)
	if err != nil {
		return m.kit.FormPage(w, r, "account/reset", page, err)
	}
	hash, err := auth.Logins.Hash(r.Context(), pw, m.kit.Argon2)
	if err != nil {
		return m.hashRefused(w, r, "account/reset", page, "nueva", err)
	}
	err = m.kit.DB.Tx(r.Context(), func(tx *sql.Tx) error {
		userID, err := auth.ConsumeResetToken(r.Context(), tx, token)
		if errors.Is(err, auth.ErrResetInvalid) {
			return errs.New(errs.NotFound, err.Error())
		}
		if err != nil {
			return err
		}
		if err := users.SetPassword(r.Context(), tx, userID, hash, time.Now().UTC()); err != nil {
			return err
		}
		if _, err := m.kit.Sessions.RevokeUser(r.Context(), tx, userID); err != nil {
			return err
		}
		return m.kit.Audit(r.Context(), tx, &auth.Actor{UserID: userID, Name: "(enlace de contraseña)", IP: auth.ClientIP(r)},
			kit.Change{Action: "usuario.cambiar_contrasena", ObjectType: "usuario", ObjectID: userID})
	})
	if err != nil {
		return err
	}
	return m.kit.Page(w, r, "account/reset-done", &web.Page{Title: "Contraseña cambiada"})
}

// newPassword reads and checks the new password and its repetition.
func (m *Module) newPassword(r *http.Request) (string, error) {
	pw, again := r.PostFormValue("nueva"), r.PostFormValue("repetir")
	var fe errs.Fields
	fe.Check("nueva", auth.CheckPolicy(pw))
	if len(fe) == 0 && pw != again {
		fe.Add("repetir", "Las dos contraseñas no coinciden.")
	}
	return pw, fe.Err()
}

func (m *Module) changePassword(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	a := auth.FromContext(r.Context())
	c, err := m.ctxUser(r.Context(), a)
	if err != nil {
		return err
	}
	pw, err := m.newPassword(r)
	var hash string
	if err == nil {
		hash, err = m.rehash(r, c.PasswordHash, r.PostFormValue("actual"), pw)
	}
	if err != nil {
		p, perr := m.accountPage(r, a)
		if perr != nil {
			return perr
		}
		if errors.Is(err, auth.ErrBusy) {
			return m.hashRefused(w, r, "account/account", p, "actual", err)
		}
		return m.kit.FormPage(w, r, "account/account", p, err)
	}
	err = m.kit.DB.Tx(r.Context(), func(tx *sql.Tx) error {
		if err := users.SetPassword(r.Context(), tx, a.UserID, hash, time.Now().UTC()); err != nil {
			return err
		}
		if _, err := m.kit.Sessions.RevokeOthers(r.Context(), tx, a.UserID, a.SessionHash); err != nil {
			return err
		}
		return m.kit.Audit(r.Context(), tx, a, kit.Change{Action: "usuario.cambiar_contrasena", ObjectType: "usuario", ObjectID: a.UserID})
	})
	if err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/cuenta", "Contraseña cambiada. Se han cerrado sus otras sesiones.")
}

// rehash checks the current password against hash and returns the hash of
// pw, both in one turn of the sign-in queue; a wrong current password is an
// errs.Fields on "actual".
func (m *Module) rehash(r *http.Request, hash, current, pw string) (newHash string, err error) {
	qerr := auth.Logins.Do(r.Context(), func() {
		if !auth.CheckPassword(hash, current) {
			err = errs.Fields{{Field: "actual", Message: "La contraseña actual no es correcta."}}
			return
		}
		newHash, err = auth.HashPassword(pw, m.kit.Argon2)
	})
	if qerr != nil {
		return "", qerr
	}
	return newHash, err
}
