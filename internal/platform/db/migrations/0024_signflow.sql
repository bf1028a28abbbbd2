-- Portafirmas: signing circuits over any document of an entity, the
-- signatures made in them, delegations, and the signing certificates the
-- platform registers (seals of the entities, centrally held certificates
-- of their people; private keys encrypted with the master key).

-- A request: a document sent to a circuit. state: en_circulacion,
-- firmada, rechazada, retirada. version grows each time the author sends a
-- corrected document after a rejection (the circuit starts again).
-- source_type/source_id name the record the document belongs to (a
-- resolution: 'resolucion'/<id>), '' for a document uploaded here.
-- content is the current document (the PDF with the signatures made so
-- far; for other files the original, its signatures being in
-- signflow_signatures).
CREATE TABLE signflow_requests (
    entity_id       TEXT NOT NULL REFERENCES entities (id),
    id              TEXT NOT NULL,
    title           TEXT NOT NULL,
    kind            TEXT NOT NULL,
    source_type     TEXT NOT NULL DEFAULT '',
    source_id       TEXT NOT NULL DEFAULT '',
    state           TEXT NOT NULL CHECK (state IN ('en_circulacion', 'firmada', 'rechazada', 'retirada')),
    version         INTEGER NOT NULL,
    current_step    INTEGER NOT NULL,
    file_name       TEXT NOT NULL,
    content_type    TEXT NOT NULL,
    content         BYTEA NOT NULL,
    author_id       TEXT NOT NULL,
    author_name     TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    finished_at     TIMESTAMP,
    reject_reason   TEXT NOT NULL DEFAULT '',
    rejected_by     TEXT NOT NULL DEFAULT '',
    reminded_at     TIMESTAMP,
    csv             TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (entity_id, id)
);
CREATE INDEX signflow_requests_state ON signflow_requests (entity_id, state, updated_at);
CREATE INDEX signflow_requests_source ON signflow_requests (entity_id, source_type, source_id);

-- The people of each step. action: firma or visto_bueno; mode: todos (each
-- signs, in parallel) or uno (any one of them). state: pendiente,
-- firmado, visto, rechazado, omitido (another of an "uno" step acted).
-- acted_by is who acted: the person, a substitute, or a delegate.
CREATE TABLE signflow_signers (
    entity_id     TEXT NOT NULL,
    request_id    TEXT NOT NULL,
    step          INTEGER NOT NULL,
    position      INTEGER NOT NULL,
    action        TEXT NOT NULL CHECK (action IN ('firma', 'visto_bueno')),
    mode          TEXT NOT NULL CHECK (mode IN ('todos', 'uno')),
    user_id       TEXT NOT NULL,
    user_name     TEXT NOT NULL,
    post          TEXT NOT NULL DEFAULT '',
    substitute_id TEXT NOT NULL DEFAULT '',
    state         TEXT NOT NULL CHECK (state IN ('pendiente', 'firmado', 'visto', 'rechazado', 'omitido')),
    acted_at      TIMESTAMP,
    acted_by      TEXT NOT NULL DEFAULT '',
    acted_by_name TEXT NOT NULL DEFAULT '',
    on_behalf     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (entity_id, request_id, step, position),
    FOREIGN KEY (entity_id, request_id) REFERENCES signflow_requests (entity_id, id) ON DELETE CASCADE
);
CREATE INDEX signflow_signers_user ON signflow_signers (entity_id, user_id, state);

-- Each signature made: format PAdES, CAdES, XAdES; how: centralizada
-- (certificate held by the platform, confirmed with the password) or
-- autofirma (the signer's own certificate through AutoFirma). signature is
-- the detached signature (CAdES) or empty when it is inside the PDF.
CREATE TABLE signflow_signatures (
    entity_id    TEXT NOT NULL,
    request_id   TEXT NOT NULL,
    version      INTEGER NOT NULL,
    seq          INTEGER NOT NULL,
    step         INTEGER NOT NULL,
    user_id      TEXT NOT NULL,
    user_name    TEXT NOT NULL,
    format       TEXT NOT NULL,
    how          TEXT NOT NULL,
    cert_subject TEXT NOT NULL,
    cert_serial  TEXT NOT NULL,
    cert_nif     TEXT NOT NULL DEFAULT '',
    signed_at    TIMESTAMP NOT NULL,
    signature    BYTEA,
    PRIMARY KEY (entity_id, request_id, version, seq),
    FOREIGN KEY (entity_id, request_id) REFERENCES signflow_requests (entity_id, id) ON DELETE CASCADE
);

-- History of a request, in order.
CREATE TABLE signflow_events (
    entity_id  TEXT NOT NULL,
    request_id TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    at         TIMESTAMP NOT NULL,
    actor_id   TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    what       TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (entity_id, request_id, seq),
    FOREIGN KEY (entity_id, request_id) REFERENCES signflow_requests (entity_id, id) ON DELETE CASCADE
);

-- Delegations of signature (art. 12 Ley 40/2015): from_user's pending
-- documents may be signed by to_user between starts and ends (days
-- 'YYYY-MM-DD', both included), stating it was by delegation.
CREATE TABLE signflow_delegations (
    entity_id  TEXT NOT NULL REFERENCES entities (id),
    id         TEXT NOT NULL,
    from_user  TEXT NOT NULL,
    from_name  TEXT NOT NULL,
    to_user    TEXT NOT NULL,
    to_name    TEXT NOT NULL,
    starts     TEXT NOT NULL,
    ends       TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    revoked_at TIMESTAMP,
    PRIMARY KEY (entity_id, id)
);
CREATE INDEX signflow_delegations_to ON signflow_delegations (entity_id, to_user);

-- Signing certificates registered for an entity. kind: sello (the
-- entity's seal for automated actions, user_id '') or personal (a person's
-- centrally held certificate). certs is the DER chain, signer first,
-- concatenated; key_sealed the PKCS#8 private key encrypted by the vault
-- (NULL for a certificate whose key is not kept here). origin: ac_local
-- (issued by the platform's own authority, demo and trials) or importado
-- (a PKCS#12 uploaded). Only one active (revoked_at NULL) per kind and
-- person; revoked certificates are kept for the record.
CREATE TABLE signflow_certificates (
    entity_id   TEXT NOT NULL REFERENCES entities (id),
    id          TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('sello', 'personal')),
    user_id     TEXT NOT NULL DEFAULT '',
    subject     TEXT NOT NULL,
    nif         TEXT NOT NULL DEFAULT '',
    serial      TEXT NOT NULL,
    issuer      TEXT NOT NULL,
    not_before  TIMESTAMP NOT NULL,
    not_after   TIMESTAMP NOT NULL,
    certs       BYTEA NOT NULL,
    key_sealed  BYTEA,
    origin      TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    created_by  TEXT NOT NULL,
    revoked_at  TIMESTAMP,
    PRIMARY KEY (entity_id, id)
);
CREATE INDEX signflow_certificates_holder ON signflow_certificates (entity_id, kind, user_id);

-- The platform's own certification authority (one row), for the demo and
-- trials: its certificate and its key sealed by the vault.
CREATE TABLE signflow_local_ca (
    id         TEXT PRIMARY KEY,
    cert       BYTEA NOT NULL,
    key_sealed BYTEA NOT NULL,
    created_at TIMESTAMP NOT NULL
);
