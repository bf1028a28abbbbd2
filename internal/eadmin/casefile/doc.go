// Package casefile is the tramitador de expedientes of each entity (Ley
// 39/2015, Título IV): its catalogue of procedures, adopted from the
// Diputación's model procedures (models/, see Definition) and adapted, and
// its expedientes.
//
// An expediente is opened de oficio or from an entrada of the registro (the
// asiento's interesados become its interesados, linked to terceros, and its
// documents come in with their SHA-256). It gets a gapless number per
// entity and year (EXP2026/000123) from a counter row incremented by an
// upsert in the expediente's own transaction, so a number is only taken by
// a committed expediente. It carries the design of its procedure as it was
// when opened: its trámites, their plazos and templates.
//
// States: iniciado (opened), tramitacion (something was done), suspendido
// (the plazo máximo is stopped, art. 22: a requerimiento de subsanación
// suspends it until it is answered or its plazo ends), concluso (ready to
// resolve, or for a session of a collegiate body), resuelto, archivado.
// Every action is an event of the expediente (dated, attributed) and a row
// of the audit log.
//
// Plazos are computed by package plazo on the municipality's working
// calendar: the plazo máximo para resolver from the entry of the solicitud
// (art. 21.3.b; a filing on an inhábil day counts from the next día hábil,
// art. 31) or from the acuerdo de iniciación, with the suspensions lifted so
// far; each trámite's plazo from the day it starts. The due date is stored
// so that lists of overdue and soon-due expedientes and trámites are index
// reads.
//
// Documents are never overwritten: editing a draft stores a new version;
// issuing one renders its PDF with a CSV (código seguro de verificación)
// checkable at /verificar. Each document keeps its ENI metadata (tipo
// documental, origen, estado de elaboración). An ENI document of another
// administration uploaded to an expediente comes in as the document it
// carries, with the metadata it came with (identifier, órgano, date of
// capture too) and its ENI file, exported as it came. Each document has a
// page with its ENI metadata and the checks of its signatures (XAdES of
// the ENI file, PAdES of a PDF, CSV), and a visualización: a sealed PDF
// with that page first and then the pages of its content when it is a PDF.
//
// Who: staff of the entity with a role of the "expedientes" application
// while the entity is adhered (see perms.go).
//
// Owns tables: casefile_procedures, casefile_counters, casefile_designs, casefile_files,
// casefile_parties, casefile_tasks, casefile_suspensions,
// casefile_documents, casefile_events, casefile_relations,
// casefile_notifications, casefile_remissions.
package casefile
