-- Core of the platform: entities (EELL), service catalogue, adhesions, users,
-- memberships and grants, sessions, audit. Portable DDL for SQLite and PostgreSQL.

CREATE TABLE entities (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('diputacion', 'ayuntamiento', 'elm', 'mancomunidad')),
    name            TEXT NOT NULL,
    search_text     TEXT NOT NULL,
    ine_code        TEXT,
    ine_dc          INTEGER,
    dir3            TEXT,
    nif             TEXT,
    address         TEXT NOT NULL DEFAULT '',
    postal_code     TEXT NOT NULL DEFAULT '',
    town            TEXT NOT NULL DEFAULT '',
    population      BIGINT NOT NULL DEFAULT 0,
    population_year INTEGER NOT NULL DEFAULT 0,
    email           TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    mayor_name      TEXT NOT NULL DEFAULT '',
    mayor_title     TEXT NOT NULL DEFAULT '',
    parent_id       TEXT REFERENCES entities (id),
    fictitious      BOOLEAN NOT NULL DEFAULT FALSE,
    notes           TEXT NOT NULL DEFAULT '',
    active          BOOLEAN NOT NULL DEFAULT TRUE,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX entities_dir3 ON entities (dir3);
CREATE UNIQUE INDEX entities_ine_ayto ON entities (ine_code, kind);
CREATE INDEX entities_kind_name ON entities (kind, name);

-- A mancomunidad's member entities.
CREATE TABLE mancomunidad_members (
    mancomunidad_id TEXT NOT NULL REFERENCES entities (id),
    member_id       TEXT NOT NULL REFERENCES entities (id),
    fictitious      BOOLEAN NOT NULL DEFAULT FALSE,
    source          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (mancomunidad_id, member_id)
);
CREATE INDEX mancomunidad_members_member ON mancomunidad_members (member_id);

CREATE TABLE services (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT NOT NULL,
    category    TEXT NOT NULL,
    app_url     TEXT NOT NULL DEFAULT '',
    unit_label  TEXT NOT NULL DEFAULT '',
    sort_order  INTEGER NOT NULL DEFAULT 0,
    active      BOOLEAN NOT NULL DEFAULT TRUE
);

-- Versioned conditions of access; an adhesion records the version accepted.
CREATE TABLE service_conditions (
    service_code TEXT NOT NULL REFERENCES services (code),
    version      INTEGER NOT NULL,
    valid_from   TIMESTAMP NOT NULL,
    body         TEXT NOT NULL,
    created_by   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (service_code, version)
);

-- Eligibility as data: an entity may adhere when any rule of the service
-- matches its kind and population range (bounds inclusive, NULL = open).
CREATE TABLE service_eligibility (
    service_code   TEXT NOT NULL REFERENCES services (code),
    entity_kind    TEXT NOT NULL,
    min_population BIGINT,
    max_population BIGINT,
    PRIMARY KEY (service_code, entity_kind)
);

-- Roles an application offers inside an entity.
CREATE TABLE service_roles (
    service_code TEXT NOT NULL REFERENCES services (code),
    role_code    TEXT NOT NULL,
    name         TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (service_code, role_code)
);

CREATE TABLE adhesions (
    entity_id          TEXT NOT NULL REFERENCES entities (id),
    id                 TEXT NOT NULL,
    number             TEXT NOT NULL,
    service_code       TEXT NOT NULL REFERENCES services (code),
    conditions_version INTEGER NOT NULL,
    state              TEXT NOT NULL CHECK (state IN ('solicitada', 'firmada', 'activa', 'rechazada', 'finalizada', 'anulada')),
    quantity           INTEGER NOT NULL DEFAULT 0,
    requested_at       TIMESTAMP NOT NULL,
    requested_by       TEXT NOT NULL,
    csv                TEXT NOT NULL,
    signed_at          TIMESTAMP,
    signed_by          TEXT,
    signer_name        TEXT NOT NULL DEFAULT '',
    signer_nif         TEXT NOT NULL DEFAULT '',
    signature_detail   TEXT NOT NULL DEFAULT '',
    decided_at         TIMESTAMP,
    decided_by         TEXT,
    decision_reason    TEXT NOT NULL DEFAULT '',
    ended_at           TIMESTAMP,
    ended_by           TEXT,
    end_reason         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (entity_id, id),
    FOREIGN KEY (service_code, conditions_version) REFERENCES service_conditions (service_code, version)
);
CREATE UNIQUE INDEX adhesions_number ON adhesions (number);
CREATE UNIQUE INDEX adhesions_csv ON adhesions (csv);
CREATE INDEX adhesions_service_state ON adhesions (service_code, state);

-- Documents of an adhesion: the generated one and the signed upload.
CREATE TABLE adhesion_documents (
    entity_id    TEXT NOT NULL,
    adhesion_id  TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('generado', 'firmado')),
    filename     TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    size         BIGINT NOT NULL,
    content      BYTEA NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    created_by   TEXT NOT NULL,
    PRIMARY KEY (entity_id, adhesion_id, kind),
    FOREIGN KEY (entity_id, adhesion_id) REFERENCES adhesions (entity_id, id)
);

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    nif             TEXT NOT NULL,
    name            TEXT NOT NULL,
    surname1        TEXT NOT NULL DEFAULT '',
    surname2        TEXT NOT NULL DEFAULT '',
    search_text     TEXT NOT NULL,
    email           TEXT NOT NULL,
    phone           TEXT NOT NULL DEFAULT '',
    state           TEXT NOT NULL CHECK (state IN ('activo', 'bloqueado', 'baja')),
    global_role     TEXT NOT NULL DEFAULT '' CHECK (global_role IN ('', 'dip_admin', 'dip_tecnico')),
    password_hash   TEXT NOT NULL DEFAULT '',
    totp_secret     TEXT NOT NULL DEFAULT '',
    totp_enabled    BOOLEAN NOT NULL DEFAULT FALSE,
    failed_logins   INTEGER NOT NULL DEFAULT 0,
    locked_until    TIMESTAMP,
    last_login_at   TIMESTAMP,
    fictitious      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX users_nif ON users (nif);
CREATE UNIQUE INDEX users_email ON users (email);

-- A user works for an entity: as staff, as its user administrator, or (in a
-- mancomunidad) as TIC operator with scope over the member entities.
CREATE TABLE memberships (
    entity_id  TEXT NOT NULL REFERENCES entities (id),
    user_id    TEXT NOT NULL REFERENCES users (id),
    role       TEXT NOT NULL CHECK (role IN ('personal', 'admin', 'operador')),
    job_title  TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (entity_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

-- A grant: a role of an application, for a user, inside an entity.
CREATE TABLE grants (
    entity_id    TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    service_code TEXT NOT NULL,
    role_code    TEXT NOT NULL,
    granted_at   TIMESTAMP NOT NULL,
    granted_by   TEXT NOT NULL,
    PRIMARY KEY (entity_id, user_id, service_code, role_code),
    FOREIGN KEY (entity_id, user_id) REFERENCES memberships (entity_id, user_id),
    FOREIGN KEY (service_code, role_code) REFERENCES service_roles (service_code, role_code)
);

CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id),
    entity_id     TEXT,
    mfa_done      BOOLEAN NOT NULL DEFAULT FALSE,
    flash         TEXT NOT NULL DEFAULT '',
    ip            TEXT NOT NULL DEFAULT '',
    user_agent    TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    last_seen_at  TIMESTAMP NOT NULL,
    expires_at    TIMESTAMP NOT NULL,
    revoked_at    TIMESTAMP
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP
);

-- Append-only, hash-chained audit log.
CREATE TABLE audit_log (
    seq         BIGINT PRIMARY KEY,
    at          TIMESTAMP NOT NULL,
    actor_id    TEXT NOT NULL,
    actor_name  TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    before_json TEXT NOT NULL,
    after_json  TEXT NOT NULL,
    ip          TEXT NOT NULL DEFAULT '',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity_id, seq);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);
