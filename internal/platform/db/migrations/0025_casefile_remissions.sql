-- Remissions of expedientes to a court or another administration (Ley
-- 39/2015 art. 70; remisión del expediente administrativo, LJCA art. 48):
-- the package (ENI expediente with its índice signed by the entity's seal,
-- every document as an ENI file, and a PDF of the índice), its state and
-- the court's read-only access. state: preparada, enviada, recibida,
-- con_error. token is the access code of the link given to the court,
-- valid until expires_at; received_at and receipt record the court's first
-- access (the acuse).
CREATE TABLE casefile_remissions (
    entity_id       TEXT NOT NULL REFERENCES entities (id),
    id              TEXT NOT NULL,
    file_id         TEXT NOT NULL,
    destination     TEXT NOT NULL,
    reference       TEXT NOT NULL DEFAULT '',
    state           TEXT NOT NULL CHECK (state IN ('preparada', 'enviada', 'recibida', 'con_error')),
    documents       INTEGER NOT NULL,
    package         BYTEA NOT NULL,
    package_sha256  TEXT NOT NULL,
    token           TEXT NOT NULL UNIQUE,
    expires_at      TIMESTAMP NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    created_by      TEXT NOT NULL,
    created_by_name TEXT NOT NULL,
    sent_at         TIMESTAMP,
    received_at     TIMESTAMP,
    receipt         TEXT NOT NULL DEFAULT '',
    error           TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (entity_id, id)
);
CREATE INDEX casefile_remissions_file ON casefile_remissions (entity_id, file_id, created_at);
