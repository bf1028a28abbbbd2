package demo

import (
	"context"
	"database/sql"

	"concejo/internal/platform/db"
	"concejo/internal/refdata"
)

// write inserts the whole world inside tx.
func (w *world) write(ctx context.Context, tx *sql.Tx) error {
	for _, step := range []func(context.Context, *sql.Tx) error{
		w.writeEntities, w.writeMembers, w.writeUsers, w.writeMemberships, w.writeAdhesions, w.writeGrants,
	} {
		if err := step(ctx, tx); err != nil {
			return err
		}
	}
	return nil
}

// since is when the demo entities were registered on the platform.
var since = day(2014, 9, 1)

func (w *world) writeEntities(ctx context.Context, tx *sql.Tx) error {
	return db.InsertRows(ctx, tx, w.engine, "entities", []string{"id", "kind", "name", "search_text", "ine_code", "ine_dc", "dir3", "nif",
		"address", "postal_code", "town", "population", "population_year", "email", "phone", "mayor_name", "mayor_title",
		"parent_id", "fictitious", "notes", "active", "created_at", "updated_at"},
		len(w.entities), func(i int) []any {
			e := w.entities[i]
			var dc any
			if e.INECode != "" {
				dc = e.DC
			}
			return []any{e.ID, e.Kind, e.Name, e.searchText(), db.NullString(e.INECode), dc, db.NullString(e.DIR3),
				db.NullString(e.NIF), e.Address, e.PostalCode, e.Town, e.Population, e.PopulationYear, e.Email, e.Phone, e.MayorName,
				e.MayorTitle, db.NullString(e.ParentID), e.Fictitious, e.Notes, true, since, since}
		})
}

func (w *world) writeMembers(ctx context.Context, tx *sql.Tx) error {
	return db.InsertRows(ctx, tx, w.engine, "mancomunidad_members", []string{"mancomunidad_id", "member_id", "fictitious", "source"},
		len(w.members), func(i int) []any {
			m := w.members[i]
			return []any{m.Mancomunidad.ID, m.Member.ID, false, m.Source}
		})
}

func (w *world) writeUsers(ctx context.Context, tx *sql.Tx) error {
	return db.InsertRows(ctx, tx, w.engine, "users", []string{"id", "nif", "name", "surname1", "surname2", "search_text", "email", "phone",
		"state", "global_role", "password_hash", "totp_secret", "totp_enabled", "fictitious", "created_at", "updated_at"},
		len(w.users), func(i int) []any {
			u := w.users[i]
			return []any{u.ID, u.NIF, u.Name, u.Surname1, u.Surname2, u.searchText(), u.Email, u.Phone,
				"activo", u.GlobalRole, u.PasswordHash, u.TOTPSecret, u.TOTPSecret != "", true, u.Created, u.Created}
		})
}

func (w *world) writeMemberships(ctx context.Context, tx *sql.Tx) error {
	return db.InsertRows(ctx, tx, w.engine, "memberships", []string{"entity_id", "user_id", "role", "job_title", "created_at", "created_by"},
		len(w.memberships), func(i int) []any {
			m := w.memberships[i]
			return []any{m.Entity.ID, m.User.ID, m.Role, m.Job, m.Created, m.By.ID}
		})
}

func (w *world) writeAdhesions(ctx context.Context, tx *sql.Tx) error {
	return db.InsertRows(ctx, tx, w.engine, "adhesions", []string{"entity_id", "id", "number", "service_code", "conditions_version", "state",
		"quantity", "requested_at", "requested_by", "csv", "signed_at", "signed_by", "signer_name", "signer_nif",
		"signature_detail", "signature_valid", "decided_at", "decided_by", "decision_reason", "ended_at", "ended_by", "end_reason"},
		len(w.adhesions), func(i int) []any {
			a := w.adhesions[i]
			admin := a.Entity.admin.ID
			var signedBy, decidedBy, endedBy any
			if !a.Signed.IsZero() {
				signedBy = admin
			}
			if !a.Decided.IsZero() {
				decidedBy = w.dipAdmin.ID
			}
			if !a.Ended.IsZero() {
				endedBy = admin
			}
			return []any{a.Entity.ID, a.ID, a.Number, a.Service, refdata.ConditionsVersion, a.State, a.Quantity, a.Requested, admin, a.CSV,
				db.NullTime(a.Signed), signedBy, a.SignerName, a.SignerNIF, a.Detail, !a.Signed.IsZero(),
				db.NullTime(a.Decided), decidedBy, a.DecisionReason, db.NullTime(a.Ended), endedBy, a.EndReason}
		})
}

func (w *world) writeGrants(ctx context.Context, tx *sql.Tx) error {
	return db.InsertRows(ctx, tx, w.engine, "grants", []string{"entity_id", "user_id", "service_code", "role_code", "granted_at", "granted_by"},
		len(w.grants), func(i int) []any {
			g := w.grants[i]
			return []any{g.Entity.ID, g.User.ID, g.Service, g.Role, g.At, g.By.ID}
		})
}
