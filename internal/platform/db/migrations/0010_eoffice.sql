-- Sede electrónica (module eoffice): the public content of each entity's
-- sede, its catalogue of procedures, citizen sessions (separate from staff
-- sessions), the SAML service-provider state (outstanding requests, consumed
-- assertions, the SP key pair) and the citizen's submissions to the registro.

-- One row per entity whose staff have edited the sede content; entities
-- without a row show defaults derived from the entity.
CREATE TABLE eoffice_sites (
    entity_id            TEXT PRIMARY KEY REFERENCES entities (id),
    owner_body           TEXT NOT NULL,
    manager              TEXT NOT NULL,
    creation_act         TEXT NOT NULL,
    contact_email        TEXT NOT NULL,
    contact_phone        TEXT NOT NULL,
    contact_address      TEXT NOT NULL,
    office_hours         TEXT NOT NULL,
    incidents_email      TEXT NOT NULL,
    incidents_phone      TEXT NOT NULL,
    dpo_email            TEXT NOT NULL,
    accessibility_status TEXT NOT NULL,
    accessibility_date   TIMESTAMP,
    accessibility_review TIMESTAMP,
    updated_at           TIMESTAMP NOT NULL,
    updated_by           TEXT NOT NULL
);

-- Catálogo de procedimientos of an entity.
CREATE TABLE eoffice_procedures (
    entity_id   TEXT NOT NULL REFERENCES entities (id),
    id          TEXT NOT NULL,
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL,
    unit        TEXT NOT NULL,
    term_days   INTEGER NOT NULL,
    silence     TEXT NOT NULL,
    online      BOOLEAN NOT NULL,
    active      BOOLEAN NOT NULL,
    search_text TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (entity_id, id)
);
CREATE UNIQUE INDEX eoffice_procedures_code ON eoffice_procedures (entity_id, code);

-- Citizen sessions: own cookie, own table, short lifetime, bound to the sede
-- (entity) where the citizen identified himself. Never a staff actor.
CREATE TABLE eoffice_citizen_sessions (
    token_hash  TEXT PRIMARY KEY,
    entity_id   TEXT NOT NULL REFERENCES entities (id),
    nif         TEXT NOT NULL,
    name        TEXT NOT NULL,
    surnames    TEXT NOT NULL,
    method      TEXT NOT NULL,
    loa         TEXT NOT NULL,
    ip          TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    revoked_at  TIMESTAMP
);
CREATE INDEX eoffice_citizen_sessions_nif ON eoffice_citizen_sessions (entity_id, nif);

-- AuthnRequests sent and not yet answered (InResponseTo check, one use).
CREATE TABLE eoffice_saml_requests (
    id         TEXT PRIMARY KEY,
    entity_id  TEXT NOT NULL REFERENCES entities (id),
    return_to  TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

-- IDs of the assertions already accepted (replay cache), kept until they expire.
CREATE TABLE eoffice_saml_assertions (
    assertion_id TEXT PRIMARY KEY,
    expires_at   TIMESTAMP NOT NULL
);

-- The service provider's signing key pair when none is configured.
CREATE TABLE eoffice_saml_keys (
    id         TEXT PRIMARY KEY,
    cert_pem   TEXT NOT NULL,
    key_pem    TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- Submissions made through the sede (solicitud general): the registry entry
-- they created, for "Mis registros".
CREATE TABLE eoffice_submissions (
    entity_id       TEXT NOT NULL REFERENCES entities (id),
    id              TEXT NOT NULL,
    nif             TEXT NOT NULL,
    name            TEXT NOT NULL,
    procedure_code  TEXT NOT NULL,
    subject         TEXT NOT NULL,
    entry_id        TEXT NOT NULL,
    entry_number    TEXT NOT NULL,
    receipt_csv     TEXT NOT NULL,
    documents       INTEGER NOT NULL,
    registered_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (entity_id, id)
);
CREATE INDEX eoffice_submissions_nif ON eoffice_submissions (entity_id, nif, registered_at);
