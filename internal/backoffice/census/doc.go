// Package census is the padrón municipal de habitantes: the register of the
// people who live in the municipality (inhabitants), grouped by dwelling in
// hojas padronales (households), with every variation — altas, bajas and
// modificaciones — kept as history that is never overwritten.
//
// Spanish terms: padrón (census), inscripción (inscription), habitante
// (inhabitant; always a tercero of internal/backoffice/parties), hoja padronal
// (household sheet of a dwelling of the callejero), variación (alta, baja,
// modificación), causa, fecha de efecto, ENCSARP (extranjeros no
// comunitarios sin autorización de residencia permanente, who renew every two
// years or lose the inscription by caducidad), volante and certificado de
// empadronamiento (individual, de convivencia, histórico), fichero de
// intercambio con el INE (inefile), cifras de población.
//
// Who may use it: in the current entity, with an active adhesion to the
// padrón service, the staff holding a role of that service — consulta (reads,
// each read logged), usuario (also issues volantes and certificados), gestor
// (also records variations and works with INE) — and the entity's user
// administrator (as gestor). Diputación staff see only aggregated figures
// (province totals and per-municipality cifras), never a person. Another
// entity's inhabitant is a 404. These rules are the permissions of perms.go
// (census:read, census:certify, census:change, census:province), which
// every route declares and the access layer checks.
//
// Every look-up of a person's record by staff is written to
// census_access_log (LOPDGDD) by group commit before its answer is sent
// (accessLog); every change is audited. A variation keeps only the fields
// it changed, and the whole state at any variation is rebuilt from the
// inscription (history.go).
//
// Owns tables: census_sheets, census_inscriptions, census_residences,
// census_variations, census_access_log, census_certificates, census_ine_files,
// census_ine_incidents, census_search, census_verify_clients, census_documents.
package census
