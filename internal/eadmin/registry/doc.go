// Package registry is the registro general de entrada y salida of each
// entity (Ley 39/2015 art. 16): the libros de entrada (E) and salida (S)
// with gapless numbering per book and year (2026/E/000123), asientos with
// their interesados, anexos (SHA-256) and the official date and time, the
// justificante de registro (PDF with CSV and QR, issued through csvdoc),
// distribution to the entity's unidades de tramitación (aceptar, rechazar
// con motivo, reenviar) and the SIR interchange (SICRES 3.0, sub-package
// sicres).
//
// Asientos are never edited or deleted: corrections and cancellations
// (anulación) are dated annotations.
//
// Who: entity staff with a role of the "registro" application in the
// current entity: registrador (anota asientos), administrador (also
// configures units and decides any unit's pending steps), consulta (reads
// the whole book), usuario (reads what is distributed to his units); the
// entity's user administrator configures units while the entity is adhered.
// Diputación staff reach no entity's book. These are the permissions of
// perms.go, asked of the access layer; which units a person belongs to is
// the registry's own data, and reach.go works out from it the asientos he
// sees and the pending steps he decides.
//
// Numbering: a counter row per (entity, book, year) is incremented by an
// upsert in the asiento's own transaction, so a number is only taken by a
// committed asiento (no gaps after a rollback or a crash) and concurrent
// clerks queue on that row (PostgreSQL) or on the single writer (SQLite,
// where this process's registrations are group-committed: see writeTx).
// The justificante's CSV is fixed in the same transaction; its PDF is
// rendered and stored in the CSV register on first request (Receipt, the
// asiento's page, or the public /verificar page through IssueByCSV).
//
// Lists: every list and export has a plan bounded by the entity's book,
// whatever the role. The asientos a usuario may see (those ever
// distributed to his units), the unidad filter and the pending state are
// uncorrelated "e.id IN (SELECT entry_id FROM registry_distributions ...)"
// conditions read once from an index of the distributions by unit or by
// state; a correlated EXISTS per asiento made SQLite search a unit's
// distributions for each asiento of the book (minutes on a large book).
// What a row shows of its distributions is read from an index by asiento.
// The export streams the book in chunks, each starting after the last
// asiento read (keyset on registered_at, book, seq), so neither memory nor
// a pooled connection is held for the whole download.
//
// Other modules register entries through the Go API in api.go
// (Module.Register, Module.Receipt): the sede electrónica uses it for the
// solicitud general.
//
// Owns tables: registry_counters, registry_units, registry_unit_members,
// registry_entries, registry_interested, registry_documents,
// registry_annotations, registry_distributions, registry_interchanges,
// registry_interchange_messages.
package registry
