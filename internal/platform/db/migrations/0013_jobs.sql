-- Background jobs (batches, imports, exports) with their visible progress.
-- Jobs left running by a stopped process are marked 'interrumpido' at start.
CREATE TABLE jobs (
    id           TEXT PRIMARY KEY,
    entity_id    TEXT NOT NULL DEFAULT '',
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('en_cola', 'en_curso', 'terminado', 'fallido', 'interrumpido')),
    done         BIGINT NOT NULL DEFAULT 0,
    total        BIGINT NOT NULL DEFAULT 0,
    message      TEXT NOT NULL DEFAULT '',
    result_href  TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    started_at   TIMESTAMP,
    finished_at  TIMESTAMP
);
CREATE INDEX jobs_entity ON jobs (entity_id, created_at);
CREATE INDEX jobs_creator ON jobs (created_by, created_at);
