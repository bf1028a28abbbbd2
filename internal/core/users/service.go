package users

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/phrase"
)

// target is a user as an actor reaches him: in one entity (the working
// entity), with what the actor may do.
type target struct {
	User        User
	Memberships []Membership
	// Entity is the working entity (empty ID for the Diputación
	// administrator looking at a user who belongs to no entity).
	Entity directory.Entity
	// Member is the user's membership in Entity (nil when Entity is empty).
	Member *Membership
	// CanManage: the actor holds PermManage in Entity.
	CanManage bool
	// Accounts: the actor holds PermAccounts, over every account.
	Accounts bool
}

// load finds userID as seen by a, in the entity named by explicit (the
// ?entidad= of the URL) or the one pickEntity chooses. A user a cannot
// reach is errs.ErrNotFound, whether or not he exists.
func (m *Module) load(ctx context.Context, a *auth.Actor, userID, explicit string) (*target, error) {
	u, err := getUser(ctx, m.kit.DB, userID)
	if errors.Is(err, db.ErrNotFound) {
		return nil, errs.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	ms, err := memberships(ctx, m.kit.DB, userID)
	if err != nil {
		return nil, err
	}
	t := &target{User: u, Memberships: ms}
	if t.Accounts, err = m.administersAccounts(ctx, a); err != nil {
		return nil, err
	}
	entityID, err := m.pickEntity(ctx, a, explicit, ms, t.Accounts)
	if err != nil {
		return nil, err
	}
	for i := range ms {
		if ms[i].EntityID == entityID {
			t.Member = &ms[i]
			t.Entity = directory.Entity{ID: ms[i].EntityID, Name: ms[i].EntityName, Kind: ms[i].EntityKind}
		}
	}
	// With no working entity, only a holder over every entity manages him.
	t.CanManage, err = m.kit.Access.Can(ctx, a, PermManage, entityID)
	return t, err
}

// administersAccounts reports whether a holds PermAccounts, a permission
// over every account, held in no entity in particular.
func (m *Module) administersAccounts(ctx context.Context, a *auth.Actor) (bool, error) {
	return m.kit.Access.Can(ctx, a, PermAccounts, "")
}

// reads reports whether a reads the users of entityID ("" is none).
func (m *Module) reads(ctx context.Context, a *auth.Actor, entityID string) (bool, error) {
	if entityID == "" {
		return false, nil
	}
	return m.kit.Access.Can(ctx, a, PermRead, entityID)
}

// pickEntity chooses the entity in which a reads or changes the user with
// memberships ms: the one named in the URL (explicit), else the actor's
// current entity, else the first of the user's entities the actor reads.
// It returns "" only for who administers every account (accounts) looking
// at a user with no entity; otherwise an unreachable user is not found.
func (m *Module) pickEntity(ctx context.Context, a *auth.Actor, explicit string, ms []Membership, accounts bool) (string, error) {
	candidates := []string{explicit}
	if explicit == "" {
		candidates = []string{a.Entity.ID}
		for _, mm := range ms {
			candidates = append(candidates, mm.EntityID)
		}
	}
	for _, id := range candidates {
		if !slices.ContainsFunc(ms, func(mm Membership) bool { return mm.EntityID == id }) {
			continue
		}
		ok, err := m.reads(ctx, a, id)
		if ok || err != nil {
			return id, err
		}
	}
	if explicit == "" && accounts {
		return "", nil
	}
	return "", errs.ErrNotFound
}

// manage returns a 403 unless the actor may change the target.
func (t *target) manage() error {
	if !t.CanManage {
		return errReadOnly(t.Entity.Name)
	}
	return nil
}

// errReadOnly is the 403 for a visible user the actor may not change: the
// words of PermManage's, with the entity's name.
func errReadOnly(entityName string) error {
	return errs.New(errs.Forbidden, "Puede consultar los usuarios "+phrase.Of(entityName)+", pero solo su administrador "+
		"de usuarios (o la Diputación) puede darlos de alta, cambiarlos o concederles perfiles.")
}

// needEntity returns a 409 when an action needs a working entity and there is none.
func (t *target) needEntity() error {
	if t.Member == nil {
		return errs.New(errs.Conflict, t.User.FullName()+" no trabaja para ninguna entidad; esta acción se hace dentro de una entidad.")
	}
	return nil
}

// ownAccount reports whether the account is the working entity's alone:
// its user works for no other entity and holds no Diputación role.
func (t *target) ownAccount() bool { return len(t.Memberships) == 1 && t.User.GlobalRole == "" }

// mayActOnAccount reports whether the actor may act on the account as a
// whole: change its personal data (name, e-mail, phone), block or unblock
// it, close its sessions, send it a password link. Who holds PermAccounts
// (the Diputación administrator) always may; an entity's user administrator only on an
// account that is his entity's alone (otherwise one town could take over,
// or lock out, an account other entities and the Diputación rely on).
func (t *target) mayActOnAccount() bool {
	return t.Accounts || (t.CanManage && t.ownAccount())
}

// accountAction is the one guard of the actions on the whole account
// (what: "bloquear", "cerrar las sesiones de"...): a 403 when the actor may not
// change the target, a 409 when the account is shared (mayActOnAccount).
func (t *target) accountAction(what string) error {
	if err := t.manage(); err != nil {
		return err
	}
	if t.mayActOnAccount() {
		return nil
	}
	return errs.New(errs.Conflict, t.User.FullName()+" también trabaja para otras entidades o para la Diputación, y su cuenta es de todas "+
		"ellas: solo la Diputación puede "+what+" su cuenta. Si ya no debe trabajar para "+t.Entity.The()+
		", quítelo de su entidad con «Dar de baja en "+t.Entity.The()+"»; si hay un problema de seguridad, avise a la Diputación.")
}

// notSelf refuses actions on one's own account.
func notSelf(a *auth.Actor, t *target, what string) error {
	if a.UserID == t.User.ID {
		return errs.New(errs.Conflict, "No puede "+what+" su propia cuenta.")
	}
	return nil
}

// ---- Create ----

// created is what creating (or linking, or inviting) a user did.
type created struct {
	User User // the new account, or the one the Diputación administrator linked
	// Linked is set when the Diputación administrator linked an existing account.
	Linked bool
	// Invitation is set when an existing account was invited (entity administrators).
	Invitation *Invitation
	Mailed     bool // the e-mail (first-access link, notice or invitation) was sent
}

// roleOptions lists the membership roles offered in an entity of kind.
func roleOptions(kind string) []string {
	if kind == "mancomunidad" {
		return []string{auth.MemberStaff, auth.MemberAdmin, auth.MemberOperator}
	}
	return []string{auth.MemberStaff, auth.MemberAdmin}
}

// checkRole validates a membership role for an entity of kind.
func checkRole(fe *errs.Fields, role, kind string) {
	switch {
	case role == "":
		fe.Add(fRole, "Elija qué papel tiene en la entidad.")
	case !slices.Contains(roleOptions(kind), role):
		if role == auth.MemberOperator {
			fe.Add(fRole, "El papel de operador TIC solo existe en las mancomunidades.")
		} else {
			fe.Add(fRole, "Elija uno de los papeles de la lista.")
		}
	}
}

// create makes a new account in ent. When the NIF already has an account,
// an entity's user administrator only invites it (the person accepts
// after signing in, and until then the administrator learns nothing of
// him), while who holds PermAccounts (the Diputación administrator), who
// already reaches every account, links it at once. The caller has checked
// that a manages ent.
func (m *Module) create(ctx context.Context, a *auth.Actor, ent directory.Entity, in NewUser, role string) (created, error) {
	var out created
	n, fe := in.normalise(true)
	if fe.For(fNIF) == "" && len(fe) > 0 {
		// An existing account keeps its personal data: what the form
		// says of name and phone does not matter then.
		if _, err := userByNIF(ctx, m.kit.DB, n.NIF); err == nil {
			fe = slices.DeleteFunc(fe, func(e errs.FieldError) bool {
				return e.Field == fName || e.Field == fSurname1 || e.Field == fSurname2 || e.Field == fPhone
			})
		} else if !errors.Is(err, db.ErrNotFound) {
			return out, err
		}
	}
	checkRole(&fe, role, ent.Kind)
	if err := fe.Err(); err != nil {
		return out, err
	}
	links, err := m.administersAccounts(ctx, a)
	if err != nil {
		return out, err
	}
	now := time.Now().UTC().Truncate(time.Second)
	if _, err := m.expireInvitations(ctx, now); err != nil {
		return out, err
	}
	var token string
	var invited User
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		existing, err := userByNIF(ctx, tx, n.NIF)
		switch {
		case err == nil && links:
			out.User, out.Linked = existing, true
			return m.link(ctx, tx, a, ent, existing, n, role, now)
		case err == nil:
			inv, err := m.invite(ctx, tx, a, ent, existing, n, role, now)
			invited, out.Invitation = existing, &inv
			return err
		case !errors.Is(err, db.ErrNotFound):
			return err
		}
		var fe errs.Fields
		if n.Email == "" {
			fe.Add(fEmail, "Escriba el correo electrónico: le enviaremos el enlace para elegir su contraseña.")
			return fe
		}
		if _, err := userByEmail(ctx, tx, n.Email); err == nil {
			fe.Add(fEmail, "El correo electrónico "+n.Email+" ya es el de otra persona de Concejo, con otro NIF. "+
				"Cada persona necesita su propio correo: compruebe el NIF y el correo.")
			return fe
		} else if !errors.Is(err, db.ErrNotFound) {
			return err
		}
		u := User{ID: id.New(), NIF: n.NIF, Name: n.Name, Surname1: n.Surname1, Surname2: n.Surname2, Email: n.Email,
			Phone: n.Phone, State: StateActive, CreatedAt: now, UpdatedAt: now}
		if err := insertUser(ctx, tx, u, ""); err != nil {
			return err
		}
		if err := insertMembership(ctx, tx, ent.ID, u.ID, role, n.JobTitle, a.UserID, now); err != nil {
			return err
		}
		if token, err = auth.CreateResetToken(ctx, tx, u.ID); err != nil {
			return err
		}
		out.User = u
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: ent.ID, Action: "usuario.crear", ObjectType: "usuario",
			ObjectID: u.ID, After: snapshotOf(u, &Membership{EntityID: ent.ID, EntityName: ent.Name, Role: role, JobTitle: n.JobTitle})})
	})
	if db.IsUniqueViolation(err) {
		// Someone created the same person at the same moment.
		var fe errs.Fields
		fe.Add(fNIF, "Otra persona acaba de dar de alta este NIF o este correo electrónico. Vuelva a enviar el formulario.")
		return out, fe
	}
	if err != nil {
		return out, err
	}
	base := m.kit.Config.Public()
	switch {
	case out.Invitation != nil:
		out.Mailed = m.send(ctx, invitationMail(invited, *out.Invitation, a.Name, base)) == nil
	case out.Linked:
		out.Mailed = m.send(ctx, linkedMail(out.User, ent.Name, a.Name, base)) == nil
	default:
		out.Mailed = m.send(ctx, firstAccessMail(out.User, ent.Name, a.Name, m.passwordLink(token))) == nil
	}
	return out, nil
}

// link adds a membership in ent to the existing account u (same NIF): the
// Diputación administrator's way (see create).
func (m *Module) link(ctx context.Context, tx *sql.Tx, a *auth.Actor, ent directory.Entity, u User, n NewUser, role string, now time.Time) error {
	var fe errs.Fields
	if n.Email != "" && n.Email != strings.ToLower(u.Email) {
		fe.Add(fEmail, "La persona con NIF "+u.NIF+" ya tiene cuenta en Concejo con otro correo electrónico ("+u.Email+
			"). Para vincularla "+ent.To()+", deje el correo en blanco o escriba ese mismo; si ha cambiado, cámbielo "+
			"antes en su ficha.")
		return fe
	}
	ms, err := memberships(ctx, tx, u.ID)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(ms, func(x Membership) bool { return x.EntityID == ent.ID }) {
		fe.Add(fNIF, "La persona con NIF "+u.NIF+" ("+u.FullName()+") ya es usuario "+ent.Of()+".")
		return fe
	}
	if err := insertMembership(ctx, tx, ent.ID, u.ID, role, n.JobTitle, a.UserID, now); err != nil {
		return err
	}
	after := joinAudit(u.NIF, ent.Name, role, n.JobTitle)
	if u.State == StateGone {
		if err := setState(ctx, tx, u.ID, StateActive, now); err != nil {
			return err
		}
		after["estado"] = StateActive
	}
	return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: ent.ID, Action: "usuario.vincular", ObjectType: "usuario",
		ObjectID: u.ID, Before: map[string]any{"estado": u.State}, After: after})
}

// joinAudit is what the audit log keeps when an existing account joins an
// entity: the membership and the NIF, not the personal data of an account
// other entities share (the entity's administrators read these rows).
func joinAudit(nif, entityName, role, jobTitle string) map[string]any {
	return map[string]any{"nif": nif, "entidad": entityName, "papel": role, "cargo": jobTitle}
}

// ---- Edit ----

// edit is what the edit form submits.
type edit struct {
	NewUser
	Role string
}

// update applies the edit form to the target.
func (m *Module) update(ctx context.Context, a *auth.Actor, t *target, in edit) (bool, error) {
	if err := t.manage(); err != nil {
		return false, err
	}
	personal := t.mayActOnAccount()
	next := t.User
	var fe errs.Fields
	if personal {
		n, problems := in.NewUser.normalise(false)
		fe = problems
		if !t.Accounts {
			// The NIF is not on his form: keep it as stored, whatever its shape.
			fe = slices.DeleteFunc(fe, func(e errs.FieldError) bool { return e.Field == fNIF })
			n.NIF = t.User.NIF
		}
		next.NIF, next.Name, next.Surname1, next.Surname2, next.Email, next.Phone = n.NIF, n.Name, n.Surname1, n.Surname2, n.Email, n.Phone
		in.JobTitle = n.JobTitle
	} else {
		in.JobTitle = cleanText(in.JobTitle)
		checkText(&fe, fJobTitle, "Cargo o puesto", "", in.JobTitle, 120)
	}
	var nextMember *Membership
	if t.Member != nil {
		mm := *t.Member
		mm.JobTitle = in.JobTitle
		if in.Role != t.Member.Role {
			checkRole(&fe, in.Role, t.Entity.Kind)
			if a.UserID == t.User.ID {
				fe.Add(fRole, "No puede cambiar su propio papel en la entidad: pídaselo a otro administrador de usuarios o a la Diputación.")
			}
			mm.Role = in.Role
		}
		nextMember = &mm
	}
	if err := fe.Err(); err != nil {
		return false, err
	}
	before, after := snapshotOf(t.User, t.Member), snapshotOf(next, nextMember)
	if before == after {
		return false, nil
	}
	now := time.Now().UTC().Truncate(time.Second)
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		var fe errs.Fields
		if next.NIF != t.User.NIF {
			if _, err := userByNIF(ctx, tx, next.NIF); err == nil {
				fe.Add(fNIF, "El NIF "+next.NIF+" ya es el de otra persona de Concejo.")
			} else if !errors.Is(err, db.ErrNotFound) {
				return err
			}
		}
		if !strings.EqualFold(next.Email, t.User.Email) {
			if other, err := userByEmail(ctx, tx, next.Email); err == nil && other.ID != t.User.ID {
				fe.Add(fEmail, "El correo electrónico "+next.Email+" ya es el de otra persona de Concejo.")
			} else if err != nil && !errors.Is(err, db.ErrNotFound) {
				return err
			}
		}
		if err := fe.Err(); err != nil {
			return err
		}
		if err := updatePersonal(ctx, tx, next, now); err != nil {
			return err
		}
		if nextMember != nil {
			if err := updateMembership(ctx, tx, t.Entity.ID, t.User.ID, nextMember.Role, nextMember.JobTitle); err != nil {
				return err
			}
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: t.Entity.ID, Action: "usuario.modificar", ObjectType: "usuario",
			ObjectID: t.User.ID, Before: before, After: after})
	})
	if db.IsUniqueViolation(err) {
		var fe errs.Fields
		fe.Add(fEmail, "Otra persona acaba de registrar este NIF o este correo electrónico. Compruebe los datos.")
		return false, fe
	}
	return err == nil, err
}

// ---- Block, unblock, remove ----

// block sets the account bloqueado and ends its sessions.
func (m *Module) block(ctx context.Context, a *auth.Actor, t *target) error {
	if err := t.accountAction("bloquear"); err != nil {
		return err
	}
	if err := notSelf(a, t, "bloquear"); err != nil {
		return err
	}
	switch t.User.State {
	case StateBlocked:
		return errs.New(errs.Conflict, "La cuenta de "+t.User.FullName()+" ya está bloqueada.")
	case StateGone:
		return errs.New(errs.Conflict, "La cuenta de "+t.User.FullName()+" está dada de baja.")
	}
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := time.Now().UTC().Truncate(time.Second)
		if err := setState(ctx, tx, t.User.ID, StateBlocked, now); err != nil {
			return err
		}
		n, err := m.kit.Sessions.RevokeUser(ctx, tx, t.User.ID)
		if err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: t.Entity.ID, Action: "usuario.bloquear", ObjectType: "usuario",
			ObjectID: t.User.ID, Before: map[string]any{"estado": t.User.State},
			After: map[string]any{"estado": StateBlocked, "sesiones_cerradas": n}})
	})
}

// unblock makes a blocked account active again.
func (m *Module) unblock(ctx context.Context, a *auth.Actor, t *target) error {
	if err := t.accountAction("desbloquear"); err != nil {
		return err
	}
	if err := notSelf(a, t, "desbloquear"); err != nil {
		return err
	}
	if t.User.State != StateBlocked {
		return errs.New(errs.Conflict, "La cuenta de "+t.User.FullName()+" no está bloqueada.")
	}
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := setState(ctx, tx, t.User.ID, StateActive, time.Now().UTC().Truncate(time.Second)); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: t.Entity.ID, Action: "usuario.desbloquear", ObjectType: "usuario",
			ObjectID: t.User.ID, Before: map[string]any{"estado": StateBlocked}, After: map[string]any{"estado": StateActive}})
	})
}

// remove takes the user out of the working entity (his grants there and
// the membership); with no entity left the account goes to baja and its
// sessions end. The users row is kept: the audit log refers to it.
func (m *Module) remove(ctx context.Context, a *auth.Actor, t *target) (gone bool, err error) {
	if err := t.manage(); err != nil {
		return false, err
	}
	if err := t.needEntity(); err != nil {
		return false, err
	}
	if err := notSelf(a, t, "dar de baja en la entidad"); err != nil {
		return false, err
	}
	gone = len(t.Memberships) == 1
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		grants, err := grantsIn(ctx, tx, t.Entity.ID, t.User.ID)
		if err != nil {
			return err
		}
		if err := deleteMembership(ctx, tx, t.Entity.ID, t.User.ID); err != nil {
			return err
		}
		before := map[string]any{"entidad": t.Entity.Name, "papel": t.Member.Role, "cargo": t.Member.JobTitle,
			"permisos": grantNames(grants), "estado": t.User.State}
		after := map[string]any{"entidad": nil, "estado": t.User.State}
		if gone {
			now := time.Now().UTC().Truncate(time.Second)
			if err := setState(ctx, tx, t.User.ID, StateGone, now); err != nil {
				return err
			}
			n, err := m.kit.Sessions.RevokeUser(ctx, tx, t.User.ID)
			if err != nil {
				return err
			}
			after["estado"], after["sesiones_cerradas"] = StateGone, n
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: t.Entity.ID, Action: "usuario.baja", ObjectType: "usuario",
			ObjectID: t.User.ID, Before: before, After: after})
	})
	return gone, err
}

func grantNames(gs []GrantRow) []string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = g.ServiceName + ": " + g.RoleName
	}
	return out
}

// ---- Grants ----

// grant gives the user a role of an application in the working entity: only
// of services the entity has an active adhesion to, and only roles the
// service declares.
func (m *Module) grant(ctx context.Context, a *auth.Actor, t *target, service, role string) (string, error) {
	if err := t.manage(); err != nil {
		return "", err
	}
	if err := t.needEntity(); err != nil {
		return "", err
	}
	var fe errs.Fields
	if service == "" {
		fe.Add(fGrant, "Elija el perfil que quiere conceder.")
		return "", fe
	}
	sname, err := serviceName(ctx, m.kit.DB, service)
	if errors.Is(err, db.ErrNotFound) {
		fe.Add(fGrant, "La aplicación elegida no existe en el catálogo de servicios.")
		return "", fe
	}
	if err != nil {
		return "", err
	}
	active, err := m.adh.ActiveServices(ctx, t.Entity.ID)
	if err != nil {
		return "", err
	}
	if !slices.Contains(active, service) {
		fe.Add(fGrant, "Su entidad no está adherida a "+sname+": "+t.Entity.The()+" no tiene una adhesión activa a ese servicio, "+
			"así que no puede conceder perfiles en su aplicación. Puede solicitar la adhesión en el catálogo de servicios.")
		return "", fe
	}
	if role == "" {
		fe.Add(fGrant, "Elija el perfil de "+sname+" que quiere conceder.")
		return "", fe
	}
	rname, err := roleName(ctx, m.kit.DB, service, role)
	if errors.Is(err, db.ErrNotFound) {
		fe.Add(fGrant, "El perfil elegido no existe en la aplicación "+sname+".")
		return "", fe
	}
	if err != nil {
		return "", err
	}
	label := sname + " — " + rname
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		held, err := hasGrant(ctx, tx, t.Entity.ID, t.User.ID, service, role)
		if err != nil {
			return err
		}
		if held {
			var fe errs.Fields
			fe.Add(fGrant, t.User.FullName()+" ya tiene el perfil «"+rname+"» de "+sname+" en "+t.Entity.The()+".")
			return fe
		}
		if err := insertGrant(ctx, tx, t.Entity.ID, t.User.ID, service, role, a.UserID, time.Now().UTC().Truncate(time.Second)); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: t.Entity.ID, Action: "permiso.conceder", ObjectType: "usuario",
			ObjectID: t.User.ID, After: grantAudit(service, sname, role, rname)})
	})
	if db.IsForeignKeyViolation(err) { // the membership went away meanwhile
		return "", errs.ErrNotFound
	}
	return label, err
}

// revoke removes one grant in the working entity.
func (m *Module) revoke(ctx context.Context, a *auth.Actor, t *target, service, role string) (string, error) {
	if err := t.manage(); err != nil {
		return "", err
	}
	if err := t.needEntity(); err != nil {
		return "", err
	}
	sname, err1 := serviceName(ctx, m.kit.DB, service)
	rname, err2 := roleName(ctx, m.kit.DB, service, role)
	if err1 != nil || err2 != nil {
		return "", errs.ErrNotFound
	}
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		found, err := deleteGrant(ctx, tx, t.Entity.ID, t.User.ID, service, role)
		if err != nil {
			return err
		}
		if !found {
			return errs.New(errs.NotFound, t.User.FullName()+" no tiene el perfil «"+rname+"» de "+sname+" en "+t.Entity.The()+".")
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: t.Entity.ID, Action: "permiso.retirar", ObjectType: "usuario",
			ObjectID: t.User.ID, Before: grantAudit(service, sname, role, rname)})
	})
	return sname + " — " + rname, err
}

func grantAudit(service, sname, role, rname string) map[string]string {
	return map[string]string{"servicio": service, "aplicacion": sname, "rol": role, "perfil": rname}
}

// fGrant is the field of the detail page's grant form (its select of
// application roles); every grant problem is shown there.
const fGrant = "perfil"

// ---- Sessions, password link, global role ----

// closeSessions ends every open session of the user.
func (m *Module) closeSessions(ctx context.Context, a *auth.Actor, t *target) (int64, error) {
	if err := t.accountAction("cerrar las sesiones de"); err != nil {
		return 0, err
	}
	if a.UserID == t.User.ID {
		return 0, errs.New(errs.Conflict, "Para cerrar sus propias sesiones use «Mi cuenta».")
	}
	var n int64
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if n, err = m.kit.Sessions.RevokeUser(ctx, tx, t.User.ID); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: t.Entity.ID, Action: "usuario.cerrar_sesiones", ObjectType: "usuario",
			ObjectID: t.User.ID, After: map[string]any{"sesiones_cerradas": n}})
	})
	return n, err
}

// sendLink e-mails the user a new single-use link to set his password.
func (m *Module) sendLink(ctx context.Context, a *auth.Actor, t *target) error {
	if err := t.accountAction("enviar un enlace para la contraseña de"); err != nil {
		return err
	}
	if t.User.State != StateActive {
		return errs.New(errs.Conflict, "La cuenta de "+t.User.FullName()+" no está activa ("+strings.ToLower(t.User.StateLabel())+
			"): no se le puede enviar un enlace para la contraseña.")
	}
	var token string
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if token, err = auth.CreateResetToken(ctx, tx, t.User.ID); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: t.Entity.ID, Action: "usuario.enviar_enlace", ObjectType: "usuario",
			ObjectID: t.User.ID, After: map[string]any{"correo": t.User.Email}})
	})
	if err != nil {
		return err
	}
	if err := m.send(ctx, resetMail(t.User, a.Name, m.passwordLink(token))); err != nil {
		return errs.New(errs.Upstream, "No se ha podido enviar el correo a "+t.User.Email+
			". Inténtelo de nuevo dentro de unos minutos; si sigue fallando, avise a la Diputación.")
	}
	return nil
}

// setGlobal changes the Diputación role of the user (PermAccounts).
func (m *Module) setGlobal(ctx context.Context, a *auth.Actor, t *target, role string) error {
	if err := m.kit.Access.Require(ctx, a, PermAccounts, ""); err != nil {
		return err
	}
	if _, ok := globalRoleLabels[role]; !ok {
		return errs.Fields{{Field: "rol_global", Message: "Elija uno de los roles de la lista."}}
	}
	if a.UserID == t.User.ID && role != auth.RoleDipAdmin {
		return errs.Fields{{Field: "rol_global", Message: "No puede quitarse a sí mismo el rol de administrador de la Diputación: " +
			"pídaselo a otro administrador."}}
	}
	if role == t.User.GlobalRole {
		return nil
	}
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := setGlobalRole(ctx, tx, t.User.ID, role, time.Now().UTC().Truncate(time.Second)); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{Action: "usuario.rol_global", ObjectType: "usuario", ObjectID: t.User.ID,
			Before: map[string]string{"rol_global": t.User.GlobalRole}, After: map[string]string{"rol_global": role}})
	})
}

// ---- Audit snapshots ----

// snapshot is the audited picture of a user in an entity.
type snapshot struct {
	NIF      string `json:"nif"`
	Name     string `json:"nombre"`
	Surname1 string `json:"apellido1"`
	Surname2 string `json:"apellido2,omitempty"`
	Email    string `json:"correo"`
	Phone    string `json:"telefono,omitempty"`
	State    string `json:"estado"`
	Entity   string `json:"entidad,omitempty"`
	Role     string `json:"papel,omitempty"`
	JobTitle string `json:"cargo,omitempty"`
}

func snapshotOf(u User, mm *Membership) snapshot {
	s := snapshot{NIF: u.NIF, Name: u.Name, Surname1: u.Surname1, Surname2: u.Surname2, Email: u.Email, Phone: u.Phone, State: u.State}
	if mm != nil {
		s.Entity, s.Role, s.JobTitle = mm.EntityName, mm.Role, mm.JobTitle
	}
	return s
}

// passwordLink is the address of the page where a token sets the password.
func (m *Module) passwordLink(token string) string {
	return strings.TrimRight(m.kit.Config.Public(), "/") + "/contrasena/nueva?token=" + token
}

// send delivers an e-mail, logging a failure (the change it follows is already committed).
func (m *Module) send(ctx context.Context, msg mailMessage) error {
	err := m.kit.Mail.Send(ctx, msg)
	if err != nil {
		m.kit.Log.ErrorContext(ctx, "no se ha podido enviar un correo", "to", msg.To, "subject", msg.Subject, "err", err.Error())
	}
	return err
}
