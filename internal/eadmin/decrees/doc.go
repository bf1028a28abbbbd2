// Package decrees is the libro de resoluciones (decretos) of each entity
// (ROF arts. 198-200): the resoluciones of the Alcaldía-Presidencia, or of
// a concejal acting by delegation, numbered per entity and calendar year
// (2026/000123).
//
// A resolution starts as a propuesta de resolución (borrador): órgano,
// extracto, texto (antecedentes, fundamentos, parte dispositiva), area and
// an optional expediente reference given by the caller (case id and its
// number, stored as given: this package knows no expedientes module). A
// draft has no number; it may be edited or deleted. It gets its number and
// date only when signed, and from then on it is never edited or deleted: a
// mistake is corrected by another resolution that rectifies it (the
// "rectifica a" link).
//
// Signing: until the portafirmas exists, the signature is recorded as
// "firmado en papel" (signature kind 'papel'): who signed (name and post),
// the date of signature (today or an earlier day of the current year, not
// before the date of the book's last resolution, so that numbers and dates
// grow together) and who recorded it. The signature column names the kind
// so that an electronic signature can be added later.
//
// Numbering: a counter row per (entity, year) is incremented by an upsert
// in the transaction that records the signature, so a number is only taken
// by a committed signature (no gaps after a rollback, never reused) and
// concurrent signatures queue on that row (PostgreSQL) or on SQLite's single
// writer (transactions begin IMMEDIATE). The date of the book's last
// resolution is read after the counter is taken, so the date check sees
// the signature numbered just before. The draft is updated only while it is
// still a draft (a second signature of the same draft is a conflict and
// gives its number back). Module.OnSigned, when the app sets it, runs in
// that same transaction.
//
// Documents: the CSV (código seguro de verificación) is fixed in the
// signing transaction; the PDF is rendered through internal/platform/pdf
// and stored with its SHA-256 in the CSV register (csvdoc) right after the
// signature, or on first request when it is not there (the demo loads
// signed resolutions without rendering them): the resolution's page, its
// download, or /verificar through IssueByCSV.
//
// The book of a year is exported as an index (CSV, ODS, XLSX through
// internal/platform/sheet) and as one PDF with the diligencias de apertura
// and cierre (ROF art. 199) and its sheets numbered from 1. Both stream:
// resolutions are read in chunks by number (keyset on seq), and the PDF is
// written page by page by internal/platform/pdfbook, so
// neither memory nor a pooled connection grows with the book.
//
// Who: the roles of the "expedientes" application in the entity, with the
// adhesion active: every role reads the book; usuario, gestor and
// administrador draft; gestor and administrador record signatures.
//
// Other modules use the Go API in api.go (Propose, Get, ByCase, Sign and
// the OnSigned hook).
//
// Owns tables: decrees_counters, decrees_resolutions.
package decrees
