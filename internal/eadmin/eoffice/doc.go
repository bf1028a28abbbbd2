// Package eoffice is the sede electrónica of each local entity (RD 203/2021
// arts. 9–11; Ley 39/2015 arts. 16 and 31): the public pages with the legal
// minimum content, citizen identification (Cl@ve by SAML 2.0 and electronic
// certificate), the solicitud general that makes an asiento in the registro
// electrónico and returns its justificante, and "Mis registros".
//
// Spanish terms: sede electrónica (eoffice site), titular (owner body),
// catálogo de procedimientos (procedures), días inhábiles (non-working days),
// fecha y hora oficial (official time), declaración de accesibilidad,
// solicitud general (generic submission), justificante (receipt),
// interesado (citizen), Cl@ve (SAML identity federation).
//
// Addressing: every public page lives under /e/{sede}/sede where {sede} is
// the key of the entity: the five-digit INE code for an ayuntamiento, else its
// DIR3 code (ELM, mancomunidad, Diputación), else — for entities whose DIR3
// is not yet recorded — its internal id, until the Diputación records it.
// Handlers only read {sede}; nothing else depends on the /e/ prefix, so a
// host-name mapping can serve the same handlers.
//
// In the demo and in trials (CONCEJO_LOCAL_CLAVE=1, set by `concejo demo`)
// the platform plays Cl@ve itself: the Cl@ve de pruebas under
// /clave-pruebas/ (localidp.go) answers the sedes' real SAML requests for a
// demo inhabitant of the padrón or a NIF typed, without any credential.
//
// An identified citizen sees his own data in the padrón of the sede's
// entity and downloads his volante de empadronamiento (padron.go), always
// by the NIF of his session. Every procedure of the catalogue has its page
// (requirements, documents, fee, plazo, silence, body that resolves).
//
// Citizens never become auth.Actors: their sessions live in
// eoffice_citizen_sessions under the cookie concejo_ciudadano, last 30
// minutes and are bound to the sede where they identified.
//
// So every /e/{sede}/sede route declares access.Public and asks for the
// citizen itself; the staff's pages (/sede-electronica) declare the
// permissions of perms.go: any member, operator or Diputación staff sees
// the current entity's sede (eoffice:read); its user administrator, the
// sede application's administrador or gestor and a Diputación
// administrator change it (eoffice:change).
//
// Owns tables: eoffice_sites, eoffice_procedures, eoffice_citizen_sessions,
// eoffice_saml_requests, eoffice_saml_assertions, eoffice_saml_keys,
// eoffice_submissions, eoffice_drafts, eoffice_draft_files.
package eoffice
