-- Sede electrónica: a solicitud general waiting on its "check your answers"
-- page, with its documents, until the citizen presents it (or it expires).
-- submission_id is set when it is presented, so a second click finds the
-- submission instead of registering twice.
CREATE TABLE eoffice_drafts (
    entity_id  TEXT NOT NULL REFERENCES entities (id),
    id         TEXT NOT NULL,
    nif        TEXT NOT NULL,
    payload    TEXT NOT NULL,
    submission_id TEXT,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    PRIMARY KEY (entity_id, id)
);
CREATE INDEX eoffice_drafts_expiry ON eoffice_drafts (expires_at);

CREATE TABLE eoffice_draft_files (
    entity_id    TEXT NOT NULL,
    draft_id     TEXT NOT NULL,
    n            INTEGER NOT NULL,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    content      BYTEA NOT NULL,
    PRIMARY KEY (entity_id, draft_id, n),
    FOREIGN KEY (entity_id, draft_id) REFERENCES eoffice_drafts (entity_id, id)
);
