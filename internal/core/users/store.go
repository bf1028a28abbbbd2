package users

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
)

// ---- Users ----

const userCols = `u.id, u.nif, u.name, u.surname1, u.surname2, u.email, u.phone, u.state, u.global_role,
	u.last_login_at, u.fictitious, u.created_at, u.updated_at`

// scanUser reads the userCols of a row, and its next columns into extra.
func scanUser(s db.Scanner, extra ...any) (User, error) {
	var u User
	var last sql.NullTime
	err := s.Scan(append([]any{&u.ID, &u.NIF, &u.Name, &u.Surname1, &u.Surname2, &u.Email, &u.Phone, &u.State,
		&u.GlobalRole, &last, &u.Fictitious, &u.CreatedAt, &u.UpdatedAt}, extra...)...)
	if last.Valid {
		u.LastLoginAt = last.Time
	}
	return u, err
}

// getUser loads a user by id (db.ErrNotFound when missing).
func getUser(ctx context.Context, q db.Queryer, id string) (User, error) {
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userCols+` FROM users u WHERE u.id = $1`, id))
	if err := db.NotFound(err); err != nil {
		return u, fmt.Errorf("usuarios: leer el usuario %s: %w", id, err)
	}
	return u, nil
}

// userByNIF loads the user with a (normalised) NIF.
func userByNIF(ctx context.Context, q db.Queryer, nif string) (User, error) {
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userCols+` FROM users u WHERE u.nif = $1`, nif))
	if err := db.NotFound(err); err != nil {
		return u, fmt.Errorf("usuarios: buscar el usuario por NIF: %w", err)
	}
	return u, nil
}

// userByEmail loads the user with an e-mail, ignoring case.
func userByEmail(ctx context.Context, q db.Queryer, email string) (User, error) {
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userCols+` FROM users u WHERE LOWER(u.email) = $1`,
		strings.ToLower(email)))
	if err := db.NotFound(err); err != nil {
		return u, fmt.Errorf("usuarios: buscar el usuario por correo: %w", err)
	}
	return u, nil
}

// insertUser stores a new account; passwordHash may be empty (first access by link).
func insertUser(ctx context.Context, q db.Queryer, u User, passwordHash string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO users (id, nif, name, surname1, surname2, search_text, email, phone,
		state, global_role, password_hash, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`,
		u.ID, u.NIF, u.Name, u.Surname1, u.Surname2, u.searchText(), u.Email, u.Phone, u.State, u.GlobalRole,
		passwordHash, u.CreatedAt)
	if err != nil {
		return fmt.Errorf("usuarios: guardar el usuario %s: %w", u.ID, err)
	}
	return nil
}

// updatePersonal stores the personal data (and search text) of u.
func updatePersonal(ctx context.Context, q db.Queryer, u User, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE users SET nif = $1, name = $2, surname1 = $3, surname2 = $4, search_text = $5,
		email = $6, phone = $7, updated_at = $8 WHERE id = $9`,
		u.NIF, u.Name, u.Surname1, u.Surname2, u.searchText(), u.Email, u.Phone, now, u.ID)
	if err != nil {
		return fmt.Errorf("usuarios: modificar los datos del usuario %s: %w", u.ID, err)
	}
	return nil
}

// setState changes the account state; unblocking also clears the login lock-out.
func setState(ctx context.Context, q db.Queryer, userID, state string, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE users SET state = $1, failed_logins = 0, failed_totp = 0, locked_until = NULL, updated_at = $2
		WHERE id = $3`, state, now, userID)
	if err != nil {
		return fmt.Errorf("usuarios: pasar el usuario %s a %s: %w", userID, state, err)
	}
	return nil
}

func setGlobalRole(ctx context.Context, q db.Queryer, userID, role string, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE users SET global_role = $1, updated_at = $2 WHERE id = $3`, role, now, userID)
	if err != nil {
		return fmt.Errorf("usuarios: dar el rol global %q al usuario %s: %w", role, userID, err)
	}
	return nil
}

// ---- Memberships ----

// memberships lists a user's entities by name.
func memberships(ctx context.Context, q db.Queryer, userID string) ([]Membership, error) {
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (Membership, error) {
		var m Membership
		err := sc.Scan(&m.EntityID, &m.Role, &m.JobTitle, &m.CreatedAt)
		return m, err
	}, `SELECT entity_id, role, job_title, created_at FROM memberships WHERE user_id = $1`, userID)
	if err != nil {
		return nil, fmt.Errorf("usuarios: leer las entidades del usuario %s: %w", userID, err)
	}
	byUser, err := withEntities(ctx, q, map[string][]Membership{userID: rows})
	if err != nil {
		return nil, fmt.Errorf("usuarios: leer las entidades del usuario %s: %w", userID, err)
	}
	return byUser[userID], nil
}

// withEntities fills in the name and kind of the entity of every membership
// (in one look-up), sorts each user's memberships by entity name and id,
// and leaves out those of an entity that no longer exists.
func withEntities(ctx context.Context, q db.Queryer, byUser map[string][]Membership) (map[string][]Membership, error) {
	var ids []string
	for _, ms := range byUser {
		for _, m := range ms {
			ids = append(ids, m.EntityID)
		}
	}
	ents, err := directory.EntitiesByIDs(ctx, q, ids, directory.ByName)
	if err != nil {
		return nil, err
	}
	rank := make(map[string]int, len(ents))
	for i, e := range ents {
		rank[e.ID] = i
	}
	out := make(map[string][]Membership, len(byUser))
	for uid, ms := range byUser {
		var kept []Membership
		for _, m := range ms {
			if i, ok := rank[m.EntityID]; ok {
				m.EntityName, m.EntityKind = ents[i].Name, ents[i].Kind
				kept = append(kept, m)
			}
		}
		slices.SortFunc(kept, func(a, b Membership) int { return rank[a.EntityID] - rank[b.EntityID] })
		if kept != nil {
			out[uid] = kept
		}
	}
	return out, nil
}

func insertMembership(ctx context.Context, q db.Queryer, entityID, userID, role, jobTitle, by string, now time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO memberships (entity_id, user_id, role, job_title, created_at, created_by)
		VALUES ($1, $2, $3, $4, $5, $6)`, entityID, userID, role, jobTitle, now, by)
	if err != nil {
		return fmt.Errorf("usuarios: dar de alta al usuario %s en la entidad %s: %w", userID, entityID, err)
	}
	return nil
}

func updateMembership(ctx context.Context, q db.Queryer, entityID, userID, role, jobTitle string) error {
	_, err := q.ExecContext(ctx, `UPDATE memberships SET role = $1, job_title = $2 WHERE entity_id = $3 AND user_id = $4`,
		role, jobTitle, entityID, userID)
	if err != nil {
		return fmt.Errorf("usuarios: modificar la pertenencia del usuario %s a la entidad %s: %w", userID, entityID, err)
	}
	return nil
}

// deleteMembership removes the user from the entity together with his grants there.
func deleteMembership(ctx context.Context, q db.Queryer, entityID, userID string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM grants WHERE entity_id = $1 AND user_id = $2`, entityID, userID); err != nil {
		return fmt.Errorf("usuarios: quitar al usuario %s de la entidad %s: %w", userID, entityID, err)
	}
	_, err := q.ExecContext(ctx, `DELETE FROM memberships WHERE entity_id = $1 AND user_id = $2`, entityID, userID)
	if err != nil {
		return fmt.Errorf("usuarios: quitar al usuario %s de la entidad %s: %w", userID, entityID, err)
	}
	return nil
}

// membershipsOf returns the memberships of many users (for lists), by user id.
func membershipsOf(ctx context.Context, q db.Queryer, userIDs []string) (map[string][]Membership, error) {
	out := map[string][]Membership{}
	for start := 0; start < len(userIDs); start += 500 {
		var w db.Where
		marks := w.List(userIDs[start:min(start+500, len(userIDs))]...)
		rows, err := q.QueryContext(ctx, `SELECT user_id, entity_id, role, job_title, created_at
			FROM memberships WHERE user_id IN (`+marks+`)`, w.Args...)
		if err != nil {
			return nil, fmt.Errorf("usuarios: leer las entidades de %d usuarios: %w", len(userIDs), err)
		}
		for rows.Next() {
			var uid string
			var m Membership
			if err := rows.Scan(&uid, &m.EntityID, &m.Role, &m.JobTitle, &m.CreatedAt); err != nil {
				rows.Close()
				return nil, fmt.Errorf("usuarios: leer las entidades de %d usuarios: %w", len(userIDs), err)
			}
			out[uid] = append(out[uid], m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("usuarios: leer las entidades de %d usuarios: %w", len(userIDs), err)
		}
	}
	out, err := withEntities(ctx, q, out)
	if err != nil {
		return nil, fmt.Errorf("usuarios: leer las entidades de %d usuarios: %w", len(userIDs), err)
	}
	return out, nil
}

// ---- Grants ----

// grantsIn lists the user's application roles in an entity, by application.
func grantsIn(ctx context.Context, q db.Queryer, entityID, userID string) ([]GrantRow, error) {
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (GrantRow, error) {
		var g GrantRow
		err := sc.Scan(&g.Service, &g.Role, &g.GrantedAt, &g.GrantedBy)
		return g, err
	}, `SELECT g.service_code, g.role_code, g.granted_at, COALESCE(TRIM(u.name || ' ' || u.surname1), g.granted_by)
		FROM grants g LEFT JOIN users u ON u.id = g.granted_by
		WHERE g.entity_id = $1 AND g.user_id = $2`, entityID, userID)
	if err != nil {
		return nil, fmt.Errorf("usuarios: leer los permisos del usuario %s en la entidad %s: %w", userID, entityID, err)
	}
	codes := make([]string, len(rows))
	for i, g := range rows {
		codes[i] = g.Service
	}
	roles, err := directory.RolesOf(ctx, q, codes)
	if err != nil {
		return nil, fmt.Errorf("usuarios: leer los permisos del usuario %s en la entidad %s: %w", userID, entityID, err)
	}
	// The catalogue's order of the roles is the order of the list; a grant
	// of a role the catalogue no longer has is left out.
	rank := make(map[[2]string]int, len(roles))
	for i, r := range roles {
		rank[[2]string{r.Service, r.Code}] = i
	}
	var out []GrantRow
	for _, g := range rows {
		if i, ok := rank[[2]string{g.Service, g.Role}]; ok {
			g.ServiceName, g.RoleName = roles[i].ServiceName, roles[i].Name
			out = append(out, g)
		}
	}
	slices.SortStableFunc(out, func(a, b GrantRow) int {
		return rank[[2]string{a.Service, a.Role}] - rank[[2]string{b.Service, b.Role}]
	})
	return out, nil
}

func hasGrant(ctx context.Context, q db.Queryer, entityID, userID, service, role string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM grants WHERE entity_id = $1 AND user_id = $2
		AND service_code = $3 AND role_code = $4`, entityID, userID, service, role).Scan(&n)
	if err != nil {
		return n > 0, fmt.Errorf("usuarios: comprobar el permiso %s/%s del usuario %s en la entidad %s: %w", service, role, userID, entityID, err)
	}
	return n > 0, nil
}

func insertGrant(ctx context.Context, q db.Queryer, entityID, userID, service, role, by string, now time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO grants (entity_id, user_id, service_code, role_code, granted_at, granted_by)
		VALUES ($1, $2, $3, $4, $5, $6)`, entityID, userID, service, role, now, by)
	if err != nil {
		return fmt.Errorf("usuarios: dar el permiso %s/%s al usuario %s en la entidad %s: %w", service, role, userID, entityID, err)
	}
	return nil
}

// deleteGrant removes one grant and reports whether it existed.
func deleteGrant(ctx context.Context, q db.Queryer, entityID, userID, service, role string) (bool, error) {
	res, err := q.ExecContext(ctx, `DELETE FROM grants WHERE entity_id = $1 AND user_id = $2
		AND service_code = $3 AND role_code = $4`, entityID, userID, service, role)
	if err != nil {
		return false, fmt.Errorf("usuarios: quitar el permiso %s/%s al usuario %s en la entidad %s: %w", service, role, userID, entityID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return n > 0, fmt.Errorf("usuarios: quitar el permiso %s/%s al usuario %s en la entidad %s: %w", service, role, userID, entityID, err)
	}
	return n > 0, nil
}

// ---- Catalogue ----

// App is an application (service) with the roles it offers.
type App struct {
	Code  string
	Name  string
	Roles []AppRole
}

// AppRole is a role an application offers.
type AppRole struct {
	Code, Name, Description string
}

// apps returns the named services with their roles, in catalogue order.
func apps(ctx context.Context, q db.Queryer, codes []string) ([]App, error) {
	if len(codes) == 0 {
		return nil, nil
	}
	roles, err := directory.RolesOf(ctx, q, codes)
	if err != nil {
		return nil, fmt.Errorf("usuarios: leer las aplicaciones %v: %w", codes, err)
	}
	var out []App
	for _, r := range roles {
		if len(out) == 0 || out[len(out)-1].Code != r.Service {
			out = append(out, App{Code: r.Service, Name: r.ServiceName})
		}
		out[len(out)-1].Roles = append(out[len(out)-1].Roles, AppRole{Code: r.Code, Name: r.Name, Description: r.Description})
	}
	return out, nil
}

// serviceName returns the name of a service of the catalogue.
func serviceName(ctx context.Context, q db.Queryer, code string) (string, error) {
	s, err := directory.ServiceByCode(ctx, q, code)
	if err != nil {
		return "", fmt.Errorf("usuarios: leer el servicio %s: %w", code, err)
	}
	return s.Name, nil
}

// roleName returns the name of a role of a service.
func roleName(ctx context.Context, q db.Queryer, service, role string) (string, error) {
	roles, err := directory.RolesOf(ctx, q, []string{service})
	if err != nil {
		return "", fmt.Errorf("usuarios: leer el rol %s/%s: %w", service, role, err)
	}
	for _, r := range roles {
		if r.Code == role {
			return r.Name, nil
		}
	}
	return "", fmt.Errorf("usuarios: leer el rol %s/%s: %w", service, role, db.ErrNotFound)
}

// ---- Entities ----

// entityByID returns the entity id, or an error wrapping db.ErrNotFound.
func entityByID(ctx context.Context, q db.Queryer, id string) (directory.Entity, error) {
	e, err := directory.EntityByID(ctx, q, id)
	if err != nil {
		return directory.Entity{}, fmt.Errorf("usuarios: leer la entidad %s: %w", id, err)
	}
	return e, nil
}

// allEntities lists every entity (for the Diputación administrator's filter).
// The Diputación comes first, then the ayuntamientos, the ELMs and the rest,
// each by name.
func allEntities(ctx context.Context, q db.Queryer) ([]directory.Entity, error) {
	ents, err := directory.Entities(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("usuarios: leer las entidades: %w", err)
	}
	kindRank := func(kind string) int {
		if i := slices.Index([]string{"diputacion", "ayuntamiento", "elm"}, kind); i >= 0 {
			return i
		}
		return 3
	}
	slices.SortStableFunc(ents, func(a, b directory.Entity) int { return kindRank(a.Kind) - kindRank(b.Kind) })
	return ents, nil
}

// ---- Lists ----

// Filter selects users for the list.
type Filter struct {
	EntityID string // "" = every user (Diputación administrator only)
	Text     string // folded search text
	State    string
	Sort     string // "" (name), "alta", "acceso"
	Page     int
}

// Row is a user in a list, with his membership in the filtered entity.
type Row struct {
	User
	Role     string
	JobTitle string
	// Entities are his memberships (all-entities list only).
	Entities []Membership
}

// RoleLabel describes the role in the filtered entity.
func (r Row) RoleLabel() string { return RoleLabel(r.Role) }

// PageSize is the number of rows per list page.
const PageSize = 50

// listUsers returns a page of users matching f (every match when limit is 0) and the total.
func listUsers(ctx context.Context, q db.Queryer, f Filter, limit int) ([]Row, int, error) {
	var w db.Where
	from := ` FROM users u`
	cols := userCols + `, '', ''`
	if f.EntityID != "" {
		from += ` JOIN memberships m ON m.user_id = u.id AND m.entity_id = ` + w.Arg(f.EntityID)
		cols = userCols + `, m.role, m.job_title`
	}
	if f.Text != "" {
		w.Add(w.Contains("u.search_text", f.Text))
	}
	if f.State != "" {
		w.Add("u.state = ?", f.State)
	}
	cond := w.SQL()
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*)`+from+cond, w.Args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("usuarios: listar los usuarios: %w", err)
	}
	order := ` ORDER BY u.surname1, u.surname2, u.name, u.id`
	switch f.Sort {
	case "alta":
		order = ` ORDER BY u.created_at DESC, u.id DESC`
	case "acceso":
		order = ` ORDER BY CASE WHEN u.last_login_at IS NULL THEN 1 ELSE 0 END, u.last_login_at DESC, u.id`
	}
	query := `SELECT ` + cols + from + cond + order
	if limit > 0 {
		query += ` LIMIT ` + strconv.Itoa(limit) + ` OFFSET ` + strconv.Itoa((max(f.Page, 1)-1)*limit)
	}
	out, err := db.Collect(ctx, q, func(sc db.Scanner) (Row, error) {
		var r Row
		var err error
		r.User, err = scanUser(sc, &r.Role, &r.JobTitle)
		return r, err
	}, query, w.Args...)
	if err != nil {
		return out, total, fmt.Errorf("usuarios: listar los usuarios: %w", err)
	}
	return out, total, nil
}

// ---- Invitations ----

const invitationCols = `i.id, i.entity_id, i.user_id, i.nif, i.role, i.job_title, i.state,
	i.invited_by, COALESCE(TRIM(b.name || ' ' || b.surname1), ''), i.created_at, i.expires_at`

const invitationFrom = ` FROM invitations i LEFT JOIN users b ON b.id = i.invited_by`

func scanInvitation(sc db.Scanner) (Invitation, error) {
	var i Invitation
	err := sc.Scan(&i.ID, &i.EntityID, &i.UserID, &i.NIF, &i.Role, &i.JobTitle, &i.State,
		&i.InvitedBy, &i.InvitedByName, &i.CreatedAt, &i.ExpiresAt)
	return i, err
}

// invitationEntities fills in the name and kind of the entity of every
// invitation (in one look-up) and leaves out those of an entity that no
// longer exists.
func invitationEntities(ctx context.Context, q db.Queryer, invs []Invitation) ([]Invitation, error) {
	ids := make([]string, len(invs))
	for n, i := range invs {
		ids[n] = i.EntityID
	}
	ents, err := directory.EntitiesByIDs(ctx, q, ids, directory.ByName)
	if err != nil {
		return nil, fmt.Errorf("usuarios: leer las entidades de %d invitaciones: %w", len(invs), err)
	}
	byID := make(map[string]directory.Entity, len(ents))
	for _, e := range ents {
		byID[e.ID] = e
	}
	var out []Invitation
	for _, i := range invs {
		if e, ok := byID[i.EntityID]; ok {
			i.EntityName, i.EntityKind = e.Name, e.Kind
			out = append(out, i)
		}
	}
	return out, nil
}

// getInvitation loads an invitation by id (db.ErrNotFound when missing).
func getInvitation(ctx context.Context, q db.Queryer, id string) (Invitation, error) {
	i, err := scanInvitation(q.QueryRowContext(ctx, `SELECT `+invitationCols+invitationFrom+` WHERE i.id = $1`, id))
	if err = db.NotFound(err); err != nil && !errors.Is(err, db.ErrNotFound) {
		return i, fmt.Errorf("leyendo la invitación %s: %w", id, err)
	}
	if err != nil {
		return i, fmt.Errorf("usuarios: leer la invitación %s: %w", id, err)
	}
	found, err := invitationEntities(ctx, q, []Invitation{i})
	if err != nil {
		return i, err
	}
	if len(found) == 0 {
		return i, fmt.Errorf("usuarios: leer la invitación %s: %w", id, db.ErrNotFound)
	}
	return found[0], nil
}

// openInvitation is the condition of an open invitation at now: pending,
// not expired, and to someone who does not work for the entity yet (the
// Diputación administrator may have linked him meanwhile).
const openInvitation = `i.state = ? AND i.expires_at > ?
	AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.entity_id = i.entity_id AND m.user_id = i.user_id)`

// pendingInvitations lists the open invitations of an entity (entityID) or
// of a person (userID), oldest first.
func pendingInvitations(ctx context.Context, q db.Queryer, entityID, userID string, now time.Time) ([]Invitation, error) {
	var w db.Where
	w.Add(openInvitation, InvitePending, now)
	if entityID != "" {
		w.Add("i.entity_id = ?", entityID)
	}
	if userID != "" {
		w.Add("i.user_id = ?", userID)
	}
	out, err := db.Collect(ctx, q, scanInvitation, `SELECT `+invitationCols+invitationFrom+w.SQL()+
		` ORDER BY i.created_at, i.id`, w.Args...)
	if err != nil {
		return nil, fmt.Errorf("listando las invitaciones pendientes (entidad %q, usuario %q): %w", entityID, userID, err)
	}
	return invitationEntities(ctx, q, out)
}

// overdueInvitations lists the invitations still pending whose time ran out at now.
func overdueInvitations(ctx context.Context, q db.Queryer, now time.Time) ([]Invitation, error) {
	out, err := db.Collect(ctx, q, scanInvitation, `SELECT `+invitationCols+invitationFrom+
		` WHERE i.state = $1 AND i.expires_at <= $2 ORDER BY i.expires_at, i.id`, InvitePending, now)
	if err != nil {
		return nil, fmt.Errorf("buscando invitaciones caducadas: %w", err)
	}
	return invitationEntities(ctx, q, out)
}

// countPending counts a person's open invitations at now.
func countPending(ctx context.Context, q db.Queryer, userID string, now time.Time) (int, error) {
	var w db.Where
	w.Add("i.user_id = ?", userID)
	w.Add(openInvitation, InvitePending, now)
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM invitations i`+w.SQL(), w.Args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("contando las invitaciones de %s: %w", userID, err)
	}
	return n, nil
}

func insertInvitation(ctx context.Context, q db.Queryer, i Invitation) error {
	_, err := q.ExecContext(ctx, `INSERT INTO invitations (entity_id, id, user_id, nif, role, job_title, state, invited_by,
		created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		i.EntityID, i.ID, i.UserID, i.NIF, i.Role, i.JobTitle, InvitePending, i.InvitedBy, i.CreatedAt, i.ExpiresAt)
	if err != nil {
		return fmt.Errorf("guardando la invitación %s: %w", i.ID, err)
	}
	return nil
}

// closeInvitation moves a pending invitation to state and reports whether
// it was still pending (another request may have closed it meanwhile).
func closeInvitation(ctx context.Context, q db.Queryer, id, state, by string, now time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE invitations SET state = $1, closed_at = $2, closed_by = $3
		WHERE id = $4 AND state = $5`, state, now, by, id, InvitePending)
	if err != nil {
		return false, fmt.Errorf("cerrando la invitación %s como %s: %w", id, state, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return n > 0, fmt.Errorf("usuarios: cerrar la invitación %s como %s: %w", id, state, err)
	}
	return n > 0, nil
}
