package users

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/audit"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
)

// DiputacionDIR3 is the DIR3 code of the Diputación Provincial de Cáceres.
const DiputacionDIR3 = "L02000010"

// CreateFirstAdmin creates, without the web, a Diputación administrator
// (global role dip_admin, user administrator of the Diputación entity) with
// the given password: the first account of a new installation (concejo
// user create). It validates in as the new-user form does and the password
// with the platform's policy, hashes it with params, and writes the user,
// the membership and the audit record ("usuario.crear", by "Sistema") in
// one transaction. The Diputación entity (DIR3 L02000010) must exist. The
// error is a errs.Fields for invalid data, or a Spanish message.
func CreateFirstAdmin(ctx context.Context, d *db.DB, params auth.Argon2Params, in NewUser, password string) (string, error) {
	n, fe := in.normalise(false)
	if err := auth.CheckPolicy(password); err != nil {
		fe.Add("contrasena", err.Error())
	}
	if err := fe.Err(); err != nil {
		return "", err
	}
	hash, err := auth.HashPassword(password, params)
	if err != nil {
		return "", err
	}
	now := time.Now().UTC().Truncate(time.Second)
	u := User{ID: id.New(), NIF: n.NIF, Name: n.Name, Surname1: n.Surname1, Surname2: n.Surname2, Email: n.Email,
		Phone: n.Phone, State: StateActive, GlobalRole: auth.RoleDipAdmin, CreatedAt: now, UpdatedAt: now}
	err = d.Tx(ctx, func(tx *sql.Tx) error {
		dip, err := directory.EntityByDIR3(ctx, tx, DiputacionDIR3)
		if errors.Is(err, db.ErrNotFound) {
			return fmt.Errorf("no existe la entidad Diputación Provincial de Cáceres (DIR3 %s): cree antes las entidades "+
				"(por ejemplo con «concejo demo») y vuelva a intentarlo", DiputacionDIR3)
		}
		if err != nil {
			return err
		}
		if _, err := userByNIF(ctx, tx, u.NIF); err == nil {
			return fmt.Errorf("ya existe una cuenta con el NIF %s", u.NIF)
		} else if !errors.Is(err, db.ErrNotFound) {
			return err
		}
		if _, err := userByEmail(ctx, tx, u.Email); err == nil {
			return fmt.Errorf("ya existe una cuenta con el correo electrónico %s", u.Email)
		} else if !errors.Is(err, db.ErrNotFound) {
			return err
		}
		if err := insertUser(ctx, tx, u, hash); err != nil {
			return err
		}
		if err := insertMembership(ctx, tx, dip.ID, u.ID, auth.MemberAdmin, n.JobTitle, "sistema", now); err != nil {
			return err
		}
		after := snapshotOf(u, &Membership{EntityID: dip.ID, EntityName: dip.Name, Role: auth.MemberAdmin, JobTitle: n.JobTitle})
		return audit.Append(ctx, d.Engine, tx, audit.Event{ActorID: "sistema", ActorName: "Sistema (consola)",
			EntityID: dip.ID, Action: "usuario.crear", ObjectType: "usuario", ObjectID: u.ID,
			After: struct {
				snapshot
				GlobalRole string `json:"rol_global"`
			}{after, auth.RoleDipAdmin}})
	})
	if err != nil {
		return "", err
	}
	return u.ID, nil
}
