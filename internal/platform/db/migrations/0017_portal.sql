-- Server secrets of the portal, made at random on first use. "encuestas"
-- keys the digest of a survey respondent's NIF: one answer per person
-- without storing who answered, and a digest nobody can recompute from a
-- document number without this key.
CREATE TABLE portal_secrets (
    id         TEXT PRIMARY KEY,
    secret     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
