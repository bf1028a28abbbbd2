package sessions

import (
	"context"
	"database/sql"
	"fmt"
	"net/mail"
	"strings"

	"concejo/internal/core/directory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
)

// change is an audited change of the module.
func change(entityID, action, objectType, id string, before, after any) kit.Change {
	return kit.Change{EntityID: entityID, Action: action, ObjectType: objectType, ObjectID: id, Before: before, After: after}
}

// actorName is who acts, for the records.
func actorName(a *auth.Actor) (string, string) {
	if a == nil {
		return "sistema", "Sistema"
	}
	return a.UserID, a.Name
}

// defaultPleno is the Pleno an entity starts with: its mayor as
// Presidente, the Secretario to be named, and the número legal of
// concejales by its population (LOREG art. 179).
func defaultPleno(e directory.Entity, by string) (Organ, []Member) {
	o := Organ{EntityID: e.ID, ID: id.New(), Kind: OrganPleno, Name: "Pleno", LegalMembers: legalMembers(e.Population),
		UpdatedBy: by}
	if e.Kind != "ayuntamiento" {
		o.Name = "Pleno (órgano de gobierno colegiado)"
	}
	mayor, post := e.MayorName, e.MayorTitle
	if mayor == "" {
		mayor = "Alcalde o Alcaldesa (escriba su nombre)"
	}
	if post == "" {
		post = "Alcalde-Presidente"
	}
	return o, []Member{
		{EntityID: e.ID, ID: id.New(), OrganID: o.ID, Pos: 1, Role: RolePresident, Name: mayor, Post: post, Active: true},
		{EntityID: e.ID, ID: id.New(), OrganID: o.ID, Pos: 2, Role: RoleSecretary, Name: "Secretaría de la Corporación (escriba el nombre)",
			Post: "Secretario/a", Active: true},
	}
}

// ensureOrgans returns the entity's órganos, creating its Pleno with the
// defaults on first use.
func (m *Module) ensureOrgans(ctx context.Context, a *auth.Actor, entityID string) ([]Organ, error) {
	organs, err := organsOf(ctx, m.kit.DB, entityID)
	if err != nil || len(organs) > 0 {
		return organs, err
	}
	e, err := directory.EntityByID(ctx, m.kit.DB, entityID)
	if err != nil {
		return nil, fmt.Errorf("sesiones: entidad %s: %w", entityID, err)
	}
	by, _ := actorName(a)
	o, members := defaultPleno(e, by)
	o.UpdatedAt = m.kit.Now()
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := insertOrgan(ctx, tx, o); err != nil {
			return err
		}
		for _, mb := range members {
			if err := insertMember(ctx, tx, mb); err != nil {
				return err
			}
		}
		return m.kit.Audit(ctx, tx, a, change(entityID, "sesiones.organo.crear", "organo", o.ID, nil, o))
	})
	if err != nil && !db.IsUniqueViolation(err) { // another request made it meanwhile
		return nil, err
	}
	return organsOf(ctx, m.kit.DB, entityID)
}

// createJunta creates the entity's Junta de Gobierno Local, presided by
// the Pleno's Presidente, with a third of the Pleno's legal members (LBRL
// art. 23.1) until the secretary sets its composition.
func (m *Module) createJunta(ctx context.Context, a *auth.Actor, entityID string) (Organ, error) {
	organs, err := m.ensureOrgans(ctx, a, entityID)
	if err != nil {
		return Organ{}, err
	}
	var pleno Organ
	for _, o := range organs {
		if o.Kind == OrganJunta {
			return Organ{}, errs.New(errs.Conflict, "La entidad ya tiene su Junta de Gobierno Local.")
		}
		pleno = o
	}
	by, _ := actorName(a)
	o := Organ{EntityID: entityID, ID: id.New(), Kind: OrganJunta, Name: "Junta de Gobierno Local",
		LegalMembers: max(1, pleno.LegalMembers/3), UpdatedAt: m.kit.Now(), UpdatedBy: by}
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := insertOrgan(ctx, tx, o); err != nil {
			if db.IsUniqueViolation(err) {
				return errs.New(errs.Conflict, "La entidad ya tiene su Junta de Gobierno Local.")
			}
			return err
		}
		members, err := membersOf(ctx, tx, entityID, pleno.ID, false)
		if err != nil {
			return err
		}
		pos := 1
		for _, mb := range members {
			if mb.Role == RolePresident || mb.Role == RoleSecretary {
				mb.ID, mb.OrganID, mb.Pos = id.New(), o.ID, pos
				if err := insertMember(ctx, tx, mb); err != nil {
					return err
				}
				pos++
			}
		}
		return m.kit.Audit(ctx, tx, a, change(entityID, "sesiones.organo.crear", "organo", o.ID, nil, o))
	})
	return o, err
}

// editOrgan changes the name and the legal number of an órgano.
func (m *Module) editOrgan(ctx context.Context, a *auth.Actor, entityID, organID, name string, legal int) error {
	if _, err := organByID(ctx, m.kit.DB, entityID, organID); err != nil {
		return err // another entity's órgano is not found before the form is read
	}
	name = strings.TrimSpace(name)
	var fe errs.Fields
	checkText(&fe, "nombre", name, "El nombre del órgano", true, maxShort)
	if legal < 1 || legal > 200 {
		fe.Add("miembros", "Escriba el número legal de miembros: un número entre 1 y 200.")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := organByID(ctx, tx, entityID, organID)
		if err != nil {
			return err
		}
		o := before
		o.Name, o.LegalMembers, o.UpdatedAt = name, legal, m.kit.Now()
		o.UpdatedBy, _ = actorName(a)
		if err := updateOrgan(ctx, tx, o); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, change(entityID, "sesiones.organo.modificar", "organo", o.ID, before, o))
	})
}

// normalizeMember trims mb and checks it.
func normalizeMember(mb *Member) error {
	for _, s := range []*string{&mb.Role, &mb.Name, &mb.Post, &mb.Group, &mb.Email} {
		*s = strings.TrimSpace(*s)
	}
	var fe errs.Fields
	if mb.Role != RolePresident && mb.Role != RoleMember && mb.Role != RoleSecretary {
		fe.Add("papel", "Elija el papel: Presidente, miembro o Secretario.")
	}
	checkText(&fe, "nombre", mb.Name, "El nombre", true, maxShort)
	checkText(&fe, "cargo", mb.Post, "El cargo", true, maxShort)
	checkText(&fe, "grupo", mb.Group, "El grupo político", false, maxShort)
	if mb.Email != "" {
		if addr, err := mail.ParseAddress(mb.Email); err != nil || addr.Address != mb.Email {
			fe.Add("correo", "El correo electrónico no es válido: escríbalo como nombre@dominio.es.")
		}
	}
	return fe.Err()
}

// saveMember adds a member to an órgano (mb.ID empty) or changes one. An
// órgano has one Presidente and one Secretario: naming another one makes
// the former an ordinary member (or, the Secretario, removes him).
func (m *Module) saveMember(ctx context.Context, a *auth.Actor, mb Member) (Member, error) {
	if _, err := organByID(ctx, m.kit.DB, mb.EntityID, mb.OrganID); err != nil {
		return mb, err // another entity's órgano is not found before the form is read
	}
	if mb.ID != "" {
		if _, err := memberByID(ctx, m.kit.DB, mb.EntityID, mb.OrganID, mb.ID); err != nil {
			return mb, err
		}
	}
	if err := normalizeMember(&mb); err != nil {
		return mb, err
	}
	mb.Active = true
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := organByID(ctx, tx, mb.EntityID, mb.OrganID); err != nil {
			return err
		}
		var before any
		if mb.ID == "" {
			pos, err := nextMemberPos(ctx, tx, mb.EntityID, mb.OrganID)
			if err != nil {
				return err
			}
			mb.ID, mb.Pos = id.New(), pos
		} else {
			old, err := memberByID(ctx, tx, mb.EntityID, mb.OrganID, mb.ID)
			if err != nil {
				return err
			}
			if !old.Active {
				return errs.New(errs.Conflict, "Ese miembro ya causó baja en el órgano.")
			}
			mb.Pos, before = old.Pos, old
		}
		if mb.Role != RoleMember {
			others, err := membersOf(ctx, tx, mb.EntityID, mb.OrganID, false)
			if err != nil {
				return err
			}
			for _, o := range others {
				if o.ID != mb.ID && o.Role == mb.Role {
					if o.Role == RoleSecretary {
						o.Active = false
					}
					o.Role = RoleMember
					if err := updateMember(ctx, tx, o); err != nil {
						return err
					}
				}
			}
		}
		action := "sesiones.miembro.modificar"
		if before == nil {
			action = "sesiones.miembro.alta"
			if err := insertMember(ctx, tx, mb); err != nil {
				return err
			}
		} else if err := updateMember(ctx, tx, mb); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, change(mb.EntityID, action, "miembro", mb.ID, before, mb))
	})
	return mb, err
}

// removeMember records that a member left the órgano (kept for the actas).
func (m *Module) removeMember(ctx context.Context, a *auth.Actor, entityID, organID, memberID string) error {
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		mb, err := memberByID(ctx, tx, entityID, organID, memberID)
		if err != nil {
			return err
		}
		if !mb.Active {
			return errs.New(errs.Conflict, "Ese miembro ya causó baja en el órgano.")
		}
		if mb.Role == RolePresident {
			return errs.New(errs.Conflict, "El Presidente no puede causar baja sin más: nombre antes a otro Presidente.")
		}
		before := mb
		mb.Active = false
		if err := updateMember(ctx, tx, mb); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, change(entityID, "sesiones.miembro.baja", "miembro", mb.ID, before, mb))
	})
}
