// Package signflow is the portafirmas of each entity: signing circuits
// over any document (sequential steps of firma or visto bueno, each of
// several people who all sign or any one of whom suffices, substitutes,
// delegations with dates), rejection with a reason and corrected
// versions, batch signing, reminders; PDFs signed in PAdES with a visible
// block, other files in detached CAdES; signatures with the person's
// centrally held certificate (confirmed with his password) or his own
// through AutoFirma's trifásica batch (internal/platform/autofirma).
//
// It also keeps the signing certificates of each entity: its sello de
// órgano, which seals every PDF the platform issues with a CSV and the
// índices of ENI expedientes (kit.Sealer), and the centrally held
// certificates of its people, their keys encrypted by the vault; the
// platform's own test authority issues them when CONCEJO_LOCAL_CA=1.
//
// Other modules send their records' documents through api.go (Source,
// BySource, CanSend, Seals).
//
// Owns tables: signflow_requests, signflow_signers, signflow_signatures,
// signflow_events, signflow_delegations, signflow_certificates,
// signflow_local_ca.
package signflow
