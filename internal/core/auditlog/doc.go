// Package auditlog lets administrators read the platform's audit log
// (registro de auditoría): the append-only, hash-chained record of every
// change, kept by internal/platform/audit.
//
// Who sees what:
//
//   - a Diputación administrator reads every row, of any entity (and the
//     platform-wide ones), may filter by entity, and may verify the chain
//     (verificar la cadena: the same check as `concejo audit verify`);
//   - an entity's user administrator (administrador de usuarios) reads only
//     the rows of the entity he is working for now; another entity's row is
//     "not found";
//   - anyone else is refused.
//
// Spanish terms: acción (action code such as "usuario.crear"), objeto (the
// record changed: its type and id), antes / después (the state before and
// after the change, as JSON), hash / hash anterior (the links of the chain).
//
// The module only reads; it never changes the log.
package auditlog
