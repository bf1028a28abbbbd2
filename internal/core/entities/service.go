package entities

import (
	"context"
	"database/sql"
	"errors"
	"reflect"
	"time"

	"concejo/internal/platform/access"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/phrase"
)

// PageSize is the number of entities per page of the list.
const PageSize = 50

// Audited actions.
const (
	actionCreate       = "entidad.crear"
	actionUpdate       = "entidad.modificar"
	actionDeactivate   = "entidad.baja"
	actionReactivate   = "entidad.alta"
	actionAddMember    = "entidad.miembro.alta"
	actionRemoveMember = "entidad.miembro.baja"
	objectEntity       = "entidad"
	objectMember       = "miembro_mancomunidad"
)

// listing is a page of the entities the actor sees matching a filter.
type listing struct {
	Rows   []Entity
	Total  int
	Counts map[string]int // matching entities per kind
	All    bool           // the actor sees every entity
}

// list returns a page of the entities the actor may see matching f (limit 0
// = all).
func (m *Module) list(ctx context.Context, a *auth.Actor, f Filter, limit int) (listing, error) {
	sc, err := m.kit.Access.Scope(ctx, a, PermRead)
	if err != nil {
		return listing{}, err
	}
	offset := 0
	if limit > 0 {
		offset = (max(f.Page, 1) - 1) * limit
	}
	l := listing{All: sc.All}
	if l.Rows, l.Total, err = listEntities(ctx, m.kit.DB, sc, f, limit, offset); err != nil {
		return l, err
	}
	l.Counts, err = kindCounts(ctx, m.kit.DB, sc, f)
	return l, err
}

// get loads an entity the actor may see; any other is db.ErrNotFound.
func (m *Module) get(ctx context.Context, q db.Queryer, a *auth.Actor, entityID string) (Entity, error) {
	seen, err := m.kit.Access.Can(ctx, a, PermRead, entityID)
	if err != nil {
		return Entity{}, err
	}
	if !seen {
		return Entity{}, db.ErrNotFound
	}
	return getEntity(ctx, q, entityID)
}

// create registers a new entity from in (the router has checked PermManage).
func (m *Module) create(ctx context.Context, a *auth.Actor, in Input) (Entity, error) {
	now := time.Now().UTC()
	e := Entity{ID: id.New(), Kind: in[fKind], Active: true, CreatedAt: now, UpdatedAt: now}
	if !hasOption(kinds, e.Kind) {
		var fe errs.Fields
		fe.Add(fKind, "Elija el tipo de entidad.")
		return e, fe
	}
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		var fe errs.Fields
		if err := applyAdmin(ctx, tx, &fe, in, &e, true); err != nil {
			return err
		}
		applyContact(&fe, in, &e, province(e))
		if len(fe) == 0 {
			if err := checkUnique(ctx, tx, &fe, e); err != nil {
				return err
			}
		}
		if err := fe.Err(); err != nil {
			return err
		}
		if err := insertEntity(ctx, tx, e); err != nil {
			return uniqueError(err, e)
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: e.ID, Action: actionCreate, ObjectType: objectEntity,
			ObjectID: e.ID, After: e.snapshot()})
	})
	return e, err
}

// uniqueError turns a unique-index failure (a duplicate saved at the same
// time by someone else) into a form message.
func uniqueError(err error, e Entity) error {
	if !db.IsUniqueViolation(err) {
		return err
	}
	var fe errs.Fields
	if e.Kind == KindAyuntamiento && e.INECode != "" {
		fe.Add(fINE, "Ya existe una entidad con el código INE "+e.INECode+" o con el código DIR3 "+e.DIR3+".")
	} else {
		fe.Add(fDIR3, "Ya existe una entidad con el código DIR3 "+e.DIR3+".")
	}
	return fe
}

// editMode says what the actor may change of an entity: everything
// (PermManage), only the contact data (PermContact), or nothing (the 403
// of PermContact).
func (m *Module) editMode(ctx context.Context, a *auth.Actor, e Entity) (full bool, err error) {
	if full, err = m.kit.Access.Can(ctx, a, PermManage, e.ID); full || err != nil {
		return full, err
	}
	return false, m.kit.Access.Require(ctx, a, PermContact, e.ID)
}

// update changes an entity from in. Fields the actor may not change are ignored.
func (m *Module) update(ctx context.Context, a *auth.Actor, entityID string, in Input) (Entity, error) {
	var after Entity
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := m.get(ctx, tx, a, entityID)
		if err != nil {
			return err
		}
		full, err := m.editMode(ctx, a, before)
		if err != nil {
			return err
		}
		e := before
		var fe errs.Fields
		if full {
			if err := applyAdmin(ctx, tx, &fe, in, &e, false); err != nil {
				return err
			}
			if e.Kind == KindELM && e.ParentID == e.ID {
				fe.Add(fParent, "Una entidad local menor no puede pertenecer a sí misma.")
			}
		}
		applyContact(&fe, in, &e, province(e))
		if full && len(fe) == 0 {
			if err := checkUnique(ctx, tx, &fe, e); err != nil {
				return err
			}
		}
		if err := fe.Err(); err != nil {
			return err
		}
		e.UpdatedAt = time.Now().UTC()
		after = e
		if reflect.DeepEqual(before.snapshot(), e.snapshot()) {
			return nil // nothing changed, nothing to audit
		}
		if err := updateEntity(ctx, tx, e); err != nil {
			return uniqueError(err, e)
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: e.ID, Action: actionUpdate, ObjectType: objectEntity,
			ObjectID: e.ID, Before: before.snapshot(), After: e.snapshot()})
	})
	return after, err
}

// setActive deactivates (active = false) or reactivates an entity.
func (m *Module) setActive(ctx context.Context, a *auth.Actor, entityID string, active bool) (Entity, error) {
	var e Entity
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if e, err = m.get(ctx, tx, a, entityID); err != nil {
			return err
		}
		if err := m.kit.Access.Require(ctx, a, PermManage, e.ID); err != nil {
			return err
		}
		switch {
		case e.Active == active && active:
			return errs.New(errs.Conflict, e.Name+" ya está de alta.")
		case e.Active == active:
			return errs.New(errs.Conflict, e.Name+" ya está de baja.")
		case !active && e.Kind == KindDiputacion:
			return errs.New(errs.Conflict, "La Diputación presta los servicios de la plataforma: no se puede dar de baja.")
		}
		before := e.snapshot()
		e.Active = active
		if err := setActive(ctx, tx, e.ID, active, time.Now().UTC()); err != nil {
			return err
		}
		action := actionReactivate
		if !active {
			action = actionDeactivate
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: e.ID, Action: action, ObjectType: objectEntity,
			ObjectID: e.ID, Before: before, After: e.snapshot()})
	})
	return e, err
}

// memberChange is what the audit records of a membership.
type memberChange struct {
	Mancomunidad string `json:"mancomunidad"`
	Member       string `json:"miembro"`
	MemberName   string `json:"nombre_miembro"`
	Source       string `json:"origen,omitempty"`
}

// mancomunidad loads a mancomunidad the actor may see and checks that he
// may change its members.
func (m *Module) mancomunidad(ctx context.Context, tx *sql.Tx, a *auth.Actor, entityID string) (Entity, error) {
	e, err := m.get(ctx, tx, a, entityID)
	if err != nil {
		return e, err
	}
	if err := m.kit.Access.Require(ctx, a, PermManage, e.ID); err != nil {
		return e, err
	}
	if e.Kind != KindMancomunidad {
		return e, errs.New(errs.Conflict, "Solo las mancomunidades tienen entidades miembro.")
	}
	return e, nil
}

// addMember adds memberID (an ayuntamiento or ELM) to a mancomunidad.
func (m *Module) addMember(ctx context.Context, a *auth.Actor, entityID, memberID string) (Entity, Entity, error) {
	var manc, member Entity
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if manc, err = m.mancomunidad(ctx, tx, a, entityID); err != nil {
			return err
		}
		var fe errs.Fields
		if memberID == "" {
			fe.Add("miembro", "Elija el ayuntamiento o la entidad local menor que entra en la mancomunidad.")
			return fe
		}
		member, err = getEntity(ctx, tx, memberID)
		if errors.Is(err, db.ErrNotFound) || (err == nil && member.Kind != KindAyuntamiento && member.Kind != KindELM) {
			fe.Add("miembro", "Elija un ayuntamiento o una entidad local menor de la lista.")
			return fe
		}
		if err != nil {
			return err
		}
		dup, err := isMember(ctx, tx, manc.ID, member.ID)
		if err != nil {
			return err
		}
		if dup {
			fe.Add("miembro", phrase.TheCap(member.Name)+" ya es miembro "+phrase.Of(manc.Name)+".")
			return fe
		}
		source := "Alta en Concejo por " + a.Name
		if err := insertMember(ctx, tx, manc.ID, member.ID, source); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: manc.ID, Action: actionAddMember, ObjectType: objectMember,
			ObjectID: manc.ID + "/" + member.ID,
			After:    memberChange{Mancomunidad: manc.ID, Member: member.ID, MemberName: member.Name, Source: source}})
	})
	return manc, member, err
}

// removeMember takes memberID out of a mancomunidad.
func (m *Module) removeMember(ctx context.Context, a *auth.Actor, entityID, memberID string) (Entity, Entity, error) {
	var manc, member Entity
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if manc, err = m.mancomunidad(ctx, tx, a, entityID); err != nil {
			return err
		}
		if member, err = getEntity(ctx, tx, memberID); err != nil {
			return err
		}
		if err := deleteMember(ctx, tx, manc.ID, member.ID); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: manc.ID, Action: actionRemoveMember, ObjectType: objectMember,
			ObjectID: manc.ID + "/" + member.ID,
			Before:   memberChange{Mancomunidad: manc.ID, Member: member.ID, MemberName: member.Name}})
	})
	return manc, member, err
}

// detail is what an entity's page shows.
type detail struct {
	E              Entity
	Children       []Ref // ELM of an ayuntamiento
	Members        []Ref // of a mancomunidad
	Mancomunidades []Ref // an ayuntamiento or ELM belongs to
	Candidates     []Ref // ayuntamientos and ELM that may join the mancomunidad
	History        []change
	ParentVisible  bool // the actor may open the parent ayuntamiento of an ELM
	CanEdit        bool // any edit: the contact data at least (PermContact)
	// Manage: the actor changes everything (PermManage): every field,
	// the members, the state.
	Manage bool
	// ShowHistory: the history of changes (PermHistory).
	ShowHistory bool
	ShowNotes   bool
	// ShowUsers: the link to the entity's users, for who may read them there.
	ShowUsers bool
}

// detail loads an entity's page for the actor.
func (m *Module) detail(ctx context.Context, a *auth.Actor, entityID string) (detail, error) {
	var d detail
	var err error
	q := m.kit.DB
	if d.E, err = m.get(ctx, q, a, entityID); err != nil {
		return d, err
	}
	e := d.E
	// What else the actor may do here, each from its permission in the entity.
	for p, held := range map[access.Permission]*bool{PermManage: &d.Manage, PermContact: &d.CanEdit,
		PermHistory: &d.ShowHistory, PermNotes: &d.ShowNotes, usersRead: &d.ShowUsers} {
		if *held, err = m.kit.Access.Can(ctx, a, p, e.ID); err != nil {
			return d, err
		}
	}
	switch e.Kind {
	case KindAyuntamiento:
		if d.Children, err = childrenOf(ctx, q, e.ID); err != nil {
			return d, err
		}
	case KindMancomunidad:
		if d.Members, err = membersOf(ctx, q, e.ID); err != nil {
			return d, err
		}
		if d.Manage {
			all, err := entitiesOfKinds(ctx, q, KindAyuntamiento, KindELM)
			if err != nil {
				return d, err
			}
			in := map[string]bool{}
			for _, r := range d.Members {
				in[r.ID] = true
			}
			for _, r := range all {
				if !in[r.ID] {
					d.Candidates = append(d.Candidates, r)
				}
			}
		}
	}
	if e.Kind == KindAyuntamiento || e.Kind == KindELM {
		if d.Mancomunidades, err = mancomunidadesOf(ctx, q, e.ID); err != nil {
			return d, err
		}
	}
	for _, list := range [][]Ref{d.Children, d.Members, d.Mancomunidades} {
		for i := range list {
			if list[i].Visible, err = m.kit.Access.Can(ctx, a, PermRead, list[i].ID); err != nil {
				return d, err
			}
		}
	}
	if e.ParentID != "" {
		if d.ParentVisible, err = m.kit.Access.Can(ctx, a, PermRead, e.ParentID); err != nil {
			return d, err
		}
	}
	if d.ShowHistory {
		if d.History, err = historyOf(ctx, q, e.ID, 20); err != nil {
			return d, err
		}
	}
	return d, nil
}
