package account

import (
	"context"
	"errors"
	"time"

	"concejo/internal/core/users"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/errs"
)

// Confirm checks the password of the signed-in person again before an act
// that needs her explicit will (a signature with a centrally held
// certificate). A wrong password counts as a failed sign-in and may lock
// the account; the error is an errs.Fields on field, in Spanish.
func (m *Module) Confirm(ctx context.Context, a *auth.Actor, field, password string) error {
	if password == "" {
		return errs.Fields{{Field: field, Message: "Escriba su contraseña para confirmar."}}
	}
	c, err := users.CredentialsByID(ctx, m.kit.DB, a.UserID)
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	if now.Before(c.LockedUntil) {
		return errs.Fields{{Field: field, Message: lockedError(c.LockedUntil).Error()}}
	}
	ok, err := auth.Logins.Check(ctx, c.PasswordHash, password)
	if err != nil || ok {
		return err
	}
	until, err := recordFailure(ctx, m.kit.DB, c.ID, users.PasswordFailures, now)
	if err != nil {
		return err
	}
	if !until.IsZero() {
		return errs.Fields{{Field: field, Message: lockedError(until).Error()}}
	}
	return errs.Fields{{Field: field, Message: errWrongPassword.Error()}}
}

// errWrongPassword is a failed confirmation.
var errWrongPassword = errors.New("La contraseña no es correcta.")
