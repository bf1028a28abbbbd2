package users

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/phrase"
)

// States of an invitation.
const (
	InvitePending   = "pendiente"
	InviteAccepted  = "aceptada"
	InviteDeclined  = "rechazada"
	InviteCancelled = "cancelada"
	InviteExpired   = "caducada"
)

// InvitationTTL is how long an invitation waits for its answer.
const InvitationTTL = 14 * 24 * time.Hour

// Invitation offers a person who already has an account to work for an
// entity. Until he accepts it, the entity knows of him only the NIF its
// administrator typed.
type Invitation struct {
	ID            string
	EntityID      string
	EntityName    string
	EntityKind    string
	UserID        string
	NIF           string
	Role          string
	JobTitle      string
	State         string
	InvitedBy     string
	InvitedByName string
	CreatedAt     time.Time
	ExpiresAt     time.Time
}

// RoleLabel describes the role offered.
func (i Invitation) RoleLabel() string { return RoleLabel(i.Role) }

// invitationAudit is what the audit log keeps of an invitation: nothing of
// the invited person but the NIF the administrator typed (the entity's
// administrators read their entity's audit rows).
func invitationAudit(i Invitation, state string) map[string]any {
	return map[string]any{"nif": i.NIF, "entidad": i.EntityName, "papel": i.Role, "cargo": i.JobTitle,
		"caduca": i.ExpiresAt.Format(time.RFC3339), "estado": state}
}

// invite offers the existing account u a membership of ent (role, job
// title of n). The caller has checked that a manages ent. It tells the
// administrator nothing about u: its errors name only the NIF he typed.
func (m *Module) invite(ctx context.Context, tx *sql.Tx, a *auth.Actor, ent directory.Entity, u User, n NewUser, role string,
	now time.Time) (Invitation, error) {
	var fe errs.Fields
	ms, err := memberships(ctx, tx, u.ID)
	if err != nil {
		return Invitation{}, err
	}
	for _, mm := range ms {
		if mm.EntityID == ent.ID {
			fe.Add(fNIF, "La persona con NIF "+n.NIF+" ya es usuario "+ent.Of()+": la encontrará en la lista de usuarios.")
			return Invitation{}, fe
		}
	}
	inv := Invitation{ID: id.New(), EntityID: ent.ID, EntityName: ent.Name, EntityKind: ent.Kind, UserID: u.ID, NIF: n.NIF,
		Role: role, JobTitle: n.JobTitle, State: InvitePending, InvitedBy: a.UserID, InvitedByName: a.Name,
		CreatedAt: now, ExpiresAt: now.Add(InvitationTTL)}
	if err := insertInvitation(ctx, tx, inv); err != nil {
		if db.IsUniqueViolation(err) {
			fe.Add(fNIF, "Ya hay una invitación pendiente para la persona con NIF "+n.NIF+" en "+ent.The()+
				": espere a que la acepte o cancélela en la lista de usuarios.")
			return Invitation{}, fe
		}
		return Invitation{}, err
	}
	return inv, m.kit.Audit(ctx, tx, a, kit.Change{EntityID: ent.ID, Action: "usuario.invitar", ObjectType: "invitacion",
		ObjectID: inv.ID, After: invitationAudit(inv, InvitePending)})
}

// expireInvitations closes, as of now, every pending invitation whose time
// ran out (audited, by the system) and returns how many. It runs every hour
// and before every answer to an invitation; until then, an overdue
// invitation is no longer shown nor accepted.
func (m *Module) expireInvitations(ctx context.Context, now time.Time) (int, error) {
	overdue, err := overdueInvitations(ctx, m.kit.DB, now)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, inv := range overdue {
		err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
			closed, err := closeInvitation(ctx, tx, inv.ID, InviteExpired, "sistema", now)
			if err != nil || !closed {
				return err
			}
			n++
			return m.kit.Audit(ctx, tx, nil, kit.Change{EntityID: inv.EntityID, Action: "invitacion.caducar",
				ObjectType: "invitacion", ObjectID: inv.ID, Before: map[string]string{"estado": InvitePending},
				After: invitationAudit(inv, InviteExpired)})
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// PendingInvitations counts the invitations waiting for the user's answer
// (for his home page).
func (m *Module) PendingInvitations(ctx context.Context, userID string) (int, error) {
	return countPending(ctx, m.kit.DB, userID, time.Now().UTC())
}

// answerable loads the invitation id addressed to a, after closing the
// overdue ones: another person's invitation, or one that does not exist,
// is not found; one already closed is a conflict that says why.
func (m *Module) answerable(ctx context.Context, a *auth.Actor, invID string, now time.Time) (Invitation, error) {
	if _, err := m.expireInvitations(ctx, now); err != nil {
		return Invitation{}, err
	}
	inv, err := getInvitation(ctx, m.kit.DB, invID)
	if errors.Is(err, db.ErrNotFound) || (err == nil && inv.UserID != a.UserID) {
		return inv, errs.ErrNotFound
	}
	if err != nil {
		return inv, err
	}
	return inv, closedError(inv)
}

// closedError is the 409 for an invitation that is no longer pending (nil when it is).
func closedError(inv Invitation) error {
	switch inv.State {
	case InvitePending:
		return nil
	case InviteExpired:
		return errs.New(errs.Conflict, "La invitación para trabajar para "+phrase.The(inv.EntityName)+" ha caducado. Si todavía tiene que trabajar "+
			"para esa entidad, pida a su administrador de usuarios que le invite de nuevo.")
	case InviteCancelled:
		return errs.New(errs.Conflict, "La invitación para trabajar para "+phrase.The(inv.EntityName)+" ha sido cancelada por la entidad.")
	default:
		return errs.New(errs.Conflict, "La invitación para trabajar para "+phrase.The(inv.EntityName)+" ya está "+inv.State+".")
	}
}

// accept makes a a member of the invitation's entity, with the role and
// job title offered; the membership change is audited in that entity as
// usuario.vincular. It reports false when he already worked for it.
func (m *Module) accept(ctx context.Context, a *auth.Actor, invID string) (Invitation, bool, error) {
	now := time.Now().UTC().Truncate(time.Second)
	inv, err := m.answerable(ctx, a, invID, now)
	if err != nil {
		return inv, false, err
	}
	joined := false
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		closed, err := closeInvitation(ctx, tx, inv.ID, InviteAccepted, a.UserID, now)
		if err != nil {
			return err
		}
		if !closed {
			return errs.New(errs.Conflict, "Esta invitación acaba de cerrarse. Vuelva a cargar la página.")
		}
		ms, err := memberships(ctx, tx, a.UserID)
		if err != nil {
			return err
		}
		for _, mm := range ms {
			if mm.EntityID == inv.EntityID {
				return nil // he already works for it: the invitation is just closed
			}
		}
		if err := insertMembership(ctx, tx, inv.EntityID, a.UserID, inv.Role, inv.JobTitle, inv.InvitedBy, now); err != nil {
			return err
		}
		joined = true
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: inv.EntityID, Action: "usuario.vincular", ObjectType: "usuario",
			ObjectID: a.UserID, After: map[string]any{"nif": a.NIF, "entidad": inv.EntityName, "papel": inv.Role,
				"cargo": inv.JobTitle, "invitacion": inv.ID}})
	})
	return inv, joined, err
}

// decline closes an invitation addressed to a without a membership. It is
// audited outside the inviting entity: the entity's audit log would
// otherwise name the person who declined.
func (m *Module) decline(ctx context.Context, a *auth.Actor, invID string) (Invitation, error) {
	now := time.Now().UTC().Truncate(time.Second)
	inv, err := m.answerable(ctx, a, invID, now)
	if err != nil {
		return inv, err
	}
	return inv, m.close(ctx, a, inv, InviteDeclined, "", "invitacion.rechazar", now)
}

// cancel withdraws a pending invitation of an entity a manages; any other
// invitation is not found.
func (m *Module) cancel(ctx context.Context, a *auth.Actor, invID string) (Invitation, error) {
	now := time.Now().UTC().Truncate(time.Second)
	if _, err := m.expireInvitations(ctx, now); err != nil {
		return Invitation{}, err
	}
	inv, err := getInvitation(ctx, m.kit.DB, invID)
	if errors.Is(err, db.ErrNotFound) {
		return inv, errs.ErrNotFound
	}
	if err != nil {
		return inv, err
	}
	manages, err := m.kit.Access.Can(ctx, a, PermManage, inv.EntityID)
	if err != nil {
		return inv, err
	}
	if !manages {
		return inv, errs.ErrNotFound
	}
	if inv.State != InvitePending {
		return inv, errs.New(errs.Conflict, "La invitación a la persona con NIF "+inv.NIF+" ya no está pendiente: está "+inv.State+".")
	}
	return inv, m.close(ctx, a, inv, InviteCancelled, inv.EntityID, "invitacion.cancelar", now)
}

// close moves a pending invitation to state, audited as action in auditEntity.
func (m *Module) close(ctx context.Context, a *auth.Actor, inv Invitation, state, auditEntity, action string, now time.Time) error {
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		closed, err := closeInvitation(ctx, tx, inv.ID, state, a.UserID, now)
		if err != nil {
			return err
		}
		if !closed {
			return errs.New(errs.Conflict, "Esta invitación acaba de cerrarse. Vuelva a cargar la página.")
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: auditEntity, Action: action, ObjectType: "invitacion",
			ObjectID: inv.ID, Before: map[string]string{"estado": InvitePending}, After: invitationAudit(inv, state)})
	})
}
