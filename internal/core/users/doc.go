// Package users is the central management of the platform's users
// (gestión de usuarios): one account per person (usuario, identified by his
// NIF and e-mail), the entities he works for (vinculación: personal, admin =
// administrador de usuarios de la entidad, operador = operador TIC de una
// mancomunidad), and his application roles inside each entity (permisos:
// a perfil of an application of a service the entity is adhered to).
//
// Who may do what:
//   - the user administrator of an entity lists, creates, edits, blocks and
//     removes (baja) the users of that entity, and grants them roles of the
//     applications the entity has an active adhesion to;
//   - a mancomunidad TIC operator reads, without changing anything, the
//     users of the member entities he serves;
//   - the Diputación administrator reaches every user and entity, changes
//     NIFs and global roles (dip_admin, dip_tecnico), and may block anyone.
//
// These are the permissions of perms.go (users:read, users:manage,
// users:accounts), asked of the access layer in the entity concerned.
//
// A person who works for two entities (a secretary shared by two small
// towns) keeps one account with two memberships. Giving the NIF of an
// existing account on the new-user form does not link it: the entity's
// user administrator only invites it (invitación: entity, role and job
// title offered, who invited, 14 days to answer). The person sees it after
// signing in (/invitaciones, and a notice on his home) and accepts it,
// which creates the membership (usuario.vincular), or declines it; the
// administrator may cancel it, and it expires by itself. Until the person
// accepts, the administrator learns nothing of him but the NIF he typed:
// the answer is the same whoever the NIF's owner is, and the audit rows of
// his entity hold only that NIF (a decline is audited outside it). The
// Diputación administrator, who already reaches every account, links an
// existing account at once, and is the one who brings back an account de
// baja.
//
// The actions on the whole account (change its personal data, block,
// unblock, close its sessions, send a password link) are for the
// Diputación administrator, and for an entity's user administrator only on
// accounts that are his entity's alone (no other entity, no Diputación
// role): one guard, target.accountAction, serves them all. On a shared
// account he sees what his entity needs (name, NIF, e-mail, role and job
// title there), not its phone, sessions or last access.
//
// Users are never deleted (the audit log refers to them): removing a user
// from his last entity leaves the account in state baja.
//
// CreateFirstAdmin creates the first Diputación administrator from the
// command line (concejo user create).
//
// Owns tables: users, memberships, grants, invitations.
package users
