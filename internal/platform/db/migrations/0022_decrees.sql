-- Libro de resoluciones (decretos) of each entity (ROF arts. 198-200).
-- A resolution is a draft (borrador, no number) until the órgano signs it;
-- signing gives it the next number of the entity's book for the calendar
-- year and its date, in one transaction. A signed resolution is never
-- updated or deleted: a mistake is corrected by another resolution that
-- rectifies it (rectifies_id).

-- Gapless numbering: one counter row per entity and year, incremented in the
-- transaction that records the signature.
CREATE TABLE decrees_counters (
    entity_id TEXT NOT NULL REFERENCES entities (id),
    year      INTEGER NOT NULL,
    last      BIGINT NOT NULL,
    PRIMARY KEY (entity_id, year)
);

-- Resolutions. organ is 'alcaldia' (Alcaldía-Presidencia) or 'concejal'
-- (a concejal acting by delegation: organ_name names the concejalía and
-- delegation the decree of delegation). case_id and case_number are the
-- expediente as the caller gave them. year, seq, number, signed_on
-- ('YYYY-MM-DD', the date of signature) and the signature columns are set
-- when signed; signature is the kind of signature ('papel' for a signature
-- on paper recorded by recorded_by; the portafirmas will add electronic
-- kinds, so the kinds are checked in Go and not by a CHECK that SQLite could
-- only change by rebuilding the table), csv the código seguro de
-- verificación of its PDF (register of issued documents).
CREATE TABLE decrees_resolutions (
    entity_id        TEXT NOT NULL REFERENCES entities (id),
    id               TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('borrador', 'firmado')),
    organ            TEXT NOT NULL CHECK (organ IN ('alcaldia', 'concejal')),
    organ_name       TEXT NOT NULL,
    delegation       TEXT NOT NULL DEFAULT '',
    summary          TEXT NOT NULL,
    body             TEXT NOT NULL DEFAULT '',
    area             TEXT NOT NULL DEFAULT '',
    case_id          TEXT NOT NULL DEFAULT '',
    case_number      TEXT NOT NULL DEFAULT '',
    rectifies_id     TEXT,
    search_text      TEXT NOT NULL,
    created_at       TIMESTAMP NOT NULL,
    created_by       TEXT NOT NULL,
    created_by_name  TEXT NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    year             INTEGER,
    seq              BIGINT,
    number           TEXT,
    signed_on        TEXT,
    signature        TEXT,
    signer_name      TEXT NOT NULL DEFAULT '',
    signer_post      TEXT NOT NULL DEFAULT '',
    recorded_at      TIMESTAMP,
    recorded_by      TEXT NOT NULL DEFAULT '',
    recorded_by_name TEXT NOT NULL DEFAULT '',
    csv              TEXT,
    PRIMARY KEY (entity_id, id),
    FOREIGN KEY (entity_id, rectifies_id) REFERENCES decrees_resolutions (entity_id, id),
    CHECK ((state = 'borrador' AND number IS NULL AND seq IS NULL AND signature IS NULL AND csv IS NULL)
        OR (state = 'firmado' AND number IS NOT NULL AND seq IS NOT NULL AND year IS NOT NULL
            AND signed_on IS NOT NULL AND signature IS NOT NULL AND csv IS NOT NULL))
);
CREATE UNIQUE INDEX decrees_resolutions_seq ON decrees_resolutions (entity_id, year, seq);
CREATE UNIQUE INDEX decrees_resolutions_number ON decrees_resolutions (entity_id, number);
CREATE UNIQUE INDEX decrees_resolutions_csv ON decrees_resolutions (csv);
CREATE INDEX decrees_resolutions_state ON decrees_resolutions (entity_id, state, created_at);
CREATE INDEX decrees_resolutions_case ON decrees_resolutions (entity_id, case_id);
CREATE INDEX decrees_resolutions_organ ON decrees_resolutions (entity_id, organ_name);
CREATE INDEX decrees_resolutions_rectifies ON decrees_resolutions (entity_id, rectifies_id);
