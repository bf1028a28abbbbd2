-- The Directorio Común de unidades orgánicas y oficinas (DIR3), imported
-- from the files the Directorio publishes (internal/eadmin/dir3). Reference
-- data of the whole platform, not of an entity. Nothing is deleted: a unit
-- or office that is no longer valid keeps its row with its state, and
-- missing_since when a full file stopped listing it. Dates are TIMESTAMP
-- at UTC midnight, as elsewhere.
CREATE TABLE dir3_units (
    code          TEXT PRIMARY KEY,
    version       INTEGER NOT NULL DEFAULT 1,
    name          TEXT NOT NULL,
    state         TEXT NOT NULL,
    acronym       TEXT NOT NULL DEFAULT '',
    nif           TEXT NOT NULL DEFAULT '',
    admin_level   INTEGER NOT NULL DEFAULT 0,
    level         INTEGER NOT NULL DEFAULT 0,
    superior_code TEXT NOT NULL DEFAULT '',
    root_code     TEXT NOT NULL DEFAULT '',
    entity_type   TEXT NOT NULL DEFAULT '',
    province      TEXT NOT NULL DEFAULT '',
    municipality  TEXT NOT NULL DEFAULT '',
    address       TEXT NOT NULL DEFAULT '',
    postal_code   TEXT NOT NULL DEFAULT '',
    created_on    TIMESTAMP,
    extinguished_on TIMESTAMP,
    annulled_on   TIMESTAMP,
    updated_on    TIMESTAMP,
    missing_since TIMESTAMP,
    row_hash      TEXT NOT NULL,
    search_text   TEXT NOT NULL,
    import_id     TEXT NOT NULL
);
CREATE SEARCH INDEX dir3_units_fts ON dir3_units (search_text) KEY (code);
CREATE INDEX dir3_units_superior ON dir3_units (superior_code);
-- A list without words (the vigentes, of one administration or all) reads
-- the units in its order (nivel jerárquico, name) and stops at the page,
-- and counts them from the index alone.
CREATE INDEX dir3_units_valid ON dir3_units (state, missing_since, level, name, code);
CREATE INDEX dir3_units_valid_level ON dir3_units (admin_level, state, missing_since, level, name, code);

CREATE TABLE dir3_offices (
    code          TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    state         TEXT NOT NULL,
    admin_level   INTEGER NOT NULL DEFAULT 0,
    unit_code     TEXT NOT NULL DEFAULT '',
    parent_code   TEXT NOT NULL DEFAULT '',
    address       TEXT NOT NULL DEFAULT '',
    postal_code   TEXT NOT NULL DEFAULT '',
    province      TEXT NOT NULL DEFAULT '',
    municipality  TEXT NOT NULL DEFAULT '',
    created_on    TIMESTAMP,
    extinguished_on TIMESTAMP,
    annulled_on   TIMESTAMP,
    updated_on    TIMESTAMP,
    missing_since TIMESTAMP,
    row_hash      TEXT NOT NULL,
    import_id     TEXT NOT NULL
);
CREATE INDEX dir3_offices_unit ON dir3_offices (unit_code);

-- The offices' relations with units: kind 'O' organizativa (the office
-- serves the unit) and 'S' SIR (the office registers for the unit through
-- SIR); services holds the office's services of the catalogue (kind 'V',
-- unit_code the service's code), which say whether it is integrated in SIR.
CREATE TABLE dir3_office_links (
    kind        TEXT NOT NULL,
    office_code TEXT NOT NULL,
    unit_code   TEXT NOT NULL,
    state       TEXT NOT NULL,
    import_id   TEXT NOT NULL,
    PRIMARY KEY (kind, office_code, unit_code)
);
CREATE INDEX dir3_office_links_unit ON dir3_office_links (unit_code, kind);
CREATE INDEX dir3_office_links_office ON dir3_office_links (office_code, kind);

-- Each import: who, when, which file, the date of the data it carries, the
-- counts, and its state while the background job applies it.
CREATE TABLE dir3_imports (
    id               TEXT PRIMARY KEY,
    imported_at      TIMESTAMP NOT NULL,
    imported_by      TEXT NOT NULL,
    imported_by_name TEXT NOT NULL,
    file_name        TEXT NOT NULL,
    file_date        TIMESTAMP,
    full_file        BOOLEAN NOT NULL,
    state            TEXT NOT NULL,
    job_id           TEXT NOT NULL DEFAULT '',
    units_new        INTEGER NOT NULL DEFAULT 0,
    units_changed    INTEGER NOT NULL DEFAULT 0,
    units_invalid    INTEGER NOT NULL DEFAULT 0,
    offices_new      INTEGER NOT NULL DEFAULT 0,
    offices_changed  INTEGER NOT NULL DEFAULT 0,
    offices_invalid  INTEGER NOT NULL DEFAULT 0,
    links_changed    INTEGER NOT NULL DEFAULT 0,
    message          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dir3_imports_recent ON dir3_imports (imported_at);

-- The warnings of an import: each unit or office that stopped being valid
-- in it (became extinguished or annulled, or a full file no longer lists it).
CREATE TABLE dir3_import_warnings (
    import_id TEXT NOT NULL REFERENCES dir3_imports (id),
    kind      TEXT NOT NULL,
    code      TEXT NOT NULL,
    name      TEXT NOT NULL,
    state     TEXT NOT NULL,
    reason    TEXT NOT NULL,
    PRIMARY KEY (import_id, kind, code)
);
