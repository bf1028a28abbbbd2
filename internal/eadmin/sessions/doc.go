// Package sessions is the órganos colegiados of each entity (LBRL art. 46;
// ROF arts. 77-113 and 204-206): its Pleno and, where it exists, its Junta
// de Gobierno Local, their members, and their sessions from the
// convocatoria to the approved acta.
//
// Órganos: the Pleno is created on first use with the entity's mayor as
// Presidente, a Secretario to be named and the número legal de miembros
// of its population (LOREG art. 179); the Junta de Gobierno Local is
// created on request. Members have a role (Presidente, miembro,
// Secretario: the Secretario attends and attests but does not vote nor
// count for the número legal), a cargo, a group and an e-mail address; a
// member who leaves is kept (baja) because past actas name him.
//
// Convocatoria: a session is ordinaria, extraordinaria or extraordinaria
// y urgente. The first two are convened at least two días hábiles before
// (LBRL 46.2.b, ROF 80), counted with internal/platform/plazo on the
// municipality's calendar: the session may be held from the day after the
// second día hábil following the convocatoria. An urgente has no notice,
// and its first item is the órgano's pronouncement on the urgency (ROF
// 79): until it is ratified no other item is voted, and if it is not, the
// rest are withdrawn when the session is closed. The orden del día holds
// the approval of earlier actas, the expedientes "listos para sesión"
// (concluso, read through casefile's api), other asuntos that are voted
// and asuntos without vote (dación de cuenta, ruegos y preguntas). The
// convocatoria is a PDF with CSV and is e-mailed to the members who have
// an address.
//
// Celebración: attendance per member (presente, ausente con excusa,
// ausente) and the hour the session began; the quórum (Organ.Quorum: a
// third of the número legal and never fewer than three, plus Presidente
// and Secretario, for the Pleno; for the Junta more than half of its
// members, UNVERIFIED) is checked at every vote, which is refused without
// it. Each item is voted by counts or by name, and approved by mayoría
// simple or, when the item needs it, by mayoría absoluta (more than half
// of the número legal); or withdrawn, or left on the table. A tie rejects
// (the Presidente's voto de calidad is recorded by counting it). Who
// presides is the member with the Presidente role: a Teniente de Alcalde
// who substitutes is named Presidente for the session in the órgano's
// composition.
//
// Acta and certificates: closing the session writes the acta (ROF 109)
// as a draft, editable until a later session approves it through an item
// "Aprobación del acta"; from then on it is never edited (errs.Conflict),
// it gets its CSV and is transcribed in the libro de actas of the year
// (one PDF streamed by internal/platform/pdfbook, with diligencias). When
// the session is closed each acuerdo adopted on an expediente gets its
// certificado (ROF 206: "a reserva de los términos que resulten de la
// aprobación del acta"), a PDF with CSV that casefile's RecordAgreement
// joins to the expediente (TD11), resolving it when the secretary marked
// the item so (by default for Pleno items). RecordAgreement runs in its
// own transaction after the session's: an item remembers whether its
// certificate arrived, and the session's page retries the pending ones.
// Expedientes withdrawn or left on the table stay concluso and can go to
// a later session.
//
// Documents are rendered through internal/platform/pdf and kept in the
// CSV register (csvdoc) when issued, or on first request (the demo loads
// sessions without rendering them).
//
// Who: the roles of the "expedientes" application in the entity, with the
// adhesion active: every role reads; gestor and administrador convene,
// record and edit (sessions:manage).
//
// Owns tables: sessions_organs, sessions_members, sessions_sessions,
// sessions_attendance, sessions_items, sessions_votes.
package sessions
