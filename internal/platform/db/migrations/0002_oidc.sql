-- OpenID Connect provider (module oidc): registered applications (clients),
-- signing keys, pending authorization requests and issued tokens. Token and
-- secret values are never stored, only their SHA-256 hashes.

-- An outside application registered by the Diputación (cliente OIDC).
CREATE TABLE oidc_clients (
    id                TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    service_code      TEXT NOT NULL REFERENCES services (code),
    confidential      BOOLEAN NOT NULL,
    secret_hash       TEXT NOT NULL DEFAULT '',
    machine           BOOLEAN NOT NULL DEFAULT FALSE,
    redirect_uris     TEXT NOT NULL,
    post_logout_uris  TEXT NOT NULL DEFAULT '',
    active            BOOLEAN NOT NULL DEFAULT TRUE,
    created_at        TIMESTAMP NOT NULL,
    created_by        TEXT NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX oidc_clients_service ON oidc_clients (service_code);

-- RSA signing keys; the newest not retired one signs, retired ones stay in
-- the JWKS until they are no longer needed to verify tokens.
CREATE TABLE oidc_keys (
    id          TEXT PRIMARY KEY,
    algorithm   TEXT NOT NULL,
    private_der BYTEA NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    retired_at  TIMESTAMP
);

-- A pending authorization request; entity_id and user_id are known once the
-- user has signed in and passed the access rule.
CREATE TABLE oidc_auth_requests (
    id             TEXT PRIMARY KEY,
    client_id      TEXT NOT NULL REFERENCES oidc_clients (id),
    redirect_uri   TEXT NOT NULL,
    scopes         TEXT NOT NULL,
    state          TEXT NOT NULL DEFAULT '',
    nonce          TEXT NOT NULL DEFAULT '',
    response_mode  TEXT NOT NULL DEFAULT '',
    code_challenge TEXT NOT NULL,
    code_method    TEXT NOT NULL,
    user_id        TEXT,
    entity_id      TEXT,
    session_hash   TEXT NOT NULL DEFAULT '',
    auth_time      TIMESTAMP,
    done           BOOLEAN NOT NULL DEFAULT FALSE,
    code_hash      TEXT,
    code_used      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMP NOT NULL,
    expires_at     TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX oidc_auth_requests_code ON oidc_auth_requests (code_hash);

-- Issued access and refresh tokens (by hash), per entity. Machine tokens
-- (client credentials) carry an empty entity_id.
CREATE TABLE oidc_tokens (
    entity_id       TEXT NOT NULL,
    id              TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),
    client_id       TEXT NOT NULL REFERENCES oidc_clients (id),
    user_id         TEXT NOT NULL,
    family          TEXT NOT NULL,
    session_hash    TEXT NOT NULL DEFAULT '',
    scopes          TEXT NOT NULL,
    amr             TEXT NOT NULL DEFAULT '',
    auth_time       TIMESTAMP NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    expires_at      TIMESTAMP NOT NULL,
    revoked_at      TIMESTAMP,
    PRIMARY KEY (entity_id, id)
);
CREATE UNIQUE INDEX oidc_tokens_id ON oidc_tokens (id);
CREATE INDEX oidc_tokens_family ON oidc_tokens (family);
CREATE INDEX oidc_tokens_user ON oidc_tokens (user_id, client_id);
