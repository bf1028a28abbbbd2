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
// A person who works for two entities (a secretary shared by two small
// towns) keeps one account with two memberships: creating him in the second
// entity links the existing account instead of duplicating it. Users are
// never deleted (the audit log refers to them): removing a user from his
// last entity leaves the account in state baja.
//
// CreateFirstAdmin creates the first Diputación administrator from the
// command line (concejo user create).
package users
