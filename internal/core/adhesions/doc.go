// Package adhesions is the service catalogue (catálogo de servicios) of the
// Diputación and the adhesions (adhesiones) of the local entities to those
// services.
//
// Spanish terms used in the code and the screens:
//
//   - servicio: a service or application the Diputación offers (Gestiona,
//     registro de entrada/salida, correo...). Its condiciones de acceso are
//     versioned: a new text is a new version, old versions are never rewritten.
//   - requisitos: who may adhere to a service, kept as data
//     (service_eligibility): entity kind plus an optional population range.
//   - adhesión: an entity's request to use a service. Its life:
//     solicitada (requested; the document to sign is generated) →
//     firmada (the mayor's electronically signed PDF was uploaded) →
//     activa (approved by a Diputación administrator) → finalizada (ended).
//     A request may be rechazada (rejected by the Diputación) while solicitada
//     or firmada, and anulada (withdrawn by the requester) while solicitada.
//   - CSV (código seguro de verificación): the unguessable code printed on the
//     generated document; anyone can check it at /verificar.
//
// The signature of the uploaded PDF is validated at upload (pdf.Verify with
// the trusted roots of kit.SignatureVerifier): integrity, chain to
// a trusted root, validity at the signing time and, where reachable,
// revocation. signature_detail keeps the verdict and one line per check;
// signature_valid whether it was fully valid. An intact signature by an
// untrusted, expired or revoked certificate is recorded and shown as such,
// and the adhesion cannot be approved: the Diputación rejects it.
//
// Who may do what is declared in perms.go: anyone reads the catalogue; an
// entity's adhesions are seen by its members, the mancomunidad operators
// serving it and Diputación staff; its user administrator (or a Diputación
// administrator) requests them, attaches the signed document and ends
// them; its user administrator annuls its unsigned requests (a Diputación
// administrator, those he made); a Diputación administrator approves,
// rejects and sets the services' conditions and requirements.
//
// Every change is made inside one transaction together with its audit row.
//
// Owns tables: services, service_conditions, service_eligibility,
// service_roles, adhesions, adhesion_documents.
package adhesions
