-- Padrón municipal de habitantes (module census). Every table is keyed
-- (entity_id, id); an inscription references the tercero (parties) that the
-- inhabitant is and the dwelling of the callejero where he lives. Dates of
-- the padrón (birth, alta, effective date of a variation) are stored as
-- TIMESTAMP at UTC midnight; birth_ymd repeats the birth date as the integer
-- YYYYMMDD so that the age at a date D is (D - birth_ymd) / 10000 in SQL.

-- Hojas padronales: one per dwelling, numbered in the municipality.
CREATE TABLE census_sheets (
    entity_id   TEXT NOT NULL,
    dwelling_id TEXT NOT NULL,
    number      INTEGER NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (entity_id, dwelling_id),
    FOREIGN KEY (entity_id, dwelling_id) REFERENCES dwellings (entity_id, id)
);
CREATE UNIQUE INDEX census_sheets_number ON census_sheets (entity_id, number);

-- Inscriptions: one per person and period of residence in the municipality.
-- The row holds the inscription's current data; every change to it is a
-- census_variations row (append-only) with the data before and after.
CREATE TABLE census_inscriptions (
    entity_id          TEXT NOT NULL,
    id                 TEXT NOT NULL,
    number             INTEGER NOT NULL,
    party_id           TEXT NOT NULL,
    dwelling_id        TEXT NOT NULL,
    active             BOOLEAN NOT NULL,
    name               TEXT NOT NULL,
    surname1           TEXT NOT NULL,
    surname2           TEXT NOT NULL DEFAULT '',
    search_text        TEXT NOT NULL,
    sex                TEXT NOT NULL CHECK (sex IN ('H', 'M')),
    birth_date         TIMESTAMP NOT NULL,
    birth_ymd          INTEGER NOT NULL,
    birth_province     TEXT NOT NULL,
    birth_municipality TEXT NOT NULL,
    nationality        TEXT NOT NULL,
    doc_type           TEXT NOT NULL CHECK (doc_type IN ('', 'dni', 'nie', 'pasaporte')),
    doc_number         TEXT NOT NULL DEFAULT '',
    studies            TEXT NOT NULL DEFAULT '',
    registered_on      TIMESTAMP NOT NULL,
    alta_cause         TEXT NOT NULL,
    left_on            TIMESTAMP,
    baja_cause         TEXT NOT NULL DEFAULT '',
    renewal_on         TIMESTAMP,
    renewal_warned_at  TIMESTAMP,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    PRIMARY KEY (entity_id, id),
    FOREIGN KEY (entity_id, party_id) REFERENCES parties (entity_id, id),
    FOREIGN KEY (entity_id, dwelling_id) REFERENCES dwellings (entity_id, id)
);
CREATE UNIQUE INDEX census_inscriptions_number ON census_inscriptions (entity_id, number);
CREATE UNIQUE INDEX census_inscriptions_one_active ON census_inscriptions (entity_id, party_id) WHERE active;
CREATE INDEX census_inscriptions_party ON census_inscriptions (entity_id, party_id);
CREATE INDEX census_inscriptions_doc ON census_inscriptions (entity_id, doc_number);
CREATE INDEX census_inscriptions_dwelling ON census_inscriptions (entity_id, dwelling_id);
CREATE INDEX census_inscriptions_surname ON census_inscriptions (entity_id, surname1, surname2, name);
CREATE INDEX census_inscriptions_renewal ON census_inscriptions (entity_id, renewal_on);

-- Periods of residence in a dwelling: an alta opens one, a cambio de
-- domicilio closes it and opens the next, a baja closes it. The population
-- at a date D lives in the periods with valid_from <= D < valid_to. The
-- person's sex, birth date, nationality and birthplace are repeated here
-- (and kept in step by corrections) so that the cifras de población read
-- this one table.
CREATE TABLE census_residences (
    entity_id      TEXT NOT NULL,
    id             TEXT NOT NULL,
    inscription_id TEXT NOT NULL,
    dwelling_id    TEXT NOT NULL,
    valid_from     TIMESTAMP NOT NULL,
    valid_to       TIMESTAMP,
    sex                TEXT NOT NULL,
    birth_ymd          INTEGER NOT NULL,
    nationality        TEXT NOT NULL,
    birth_province     TEXT NOT NULL,
    birth_municipality TEXT NOT NULL,
    PRIMARY KEY (entity_id, id),
    FOREIGN KEY (entity_id, inscription_id) REFERENCES census_inscriptions (entity_id, id),
    FOREIGN KEY (entity_id, dwelling_id) REFERENCES dwellings (entity_id, id)
);
CREATE INDEX census_residences_inscription ON census_residences (entity_id, inscription_id);
CREATE INDEX census_residences_dwelling ON census_residences (entity_id, dwelling_id);
-- Covering indexes of the cifras: the province by sex and birth date (read
-- in order, no sort), and one entity (or the per-entity totals) likewise.
CREATE INDEX IF NOT EXISTS census_residences_age ON census_residences (sex, birth_ymd, valid_from, valid_to, entity_id);
CREATE INDEX IF NOT EXISTS census_residences_entity_age ON census_residences (entity_id, sex, birth_ymd, valid_from, valid_to);

-- Variations (altas, bajas, modificaciones): append-only. before_data and
-- after_data are the inscription as JSON. ine_file_id is the monthly file
-- that sent it to INE; ine_state '' (pending), 'enviada', 'incidencia',
-- 'no_procede' (variations INE itself communicated). place_province and
-- place_municipality: procedencia of an alta or destino of a baja por cambio
-- de residencia (INE codes; province 66 = abroad, municipality = country).
CREATE TABLE census_variations (
    entity_id      TEXT NOT NULL,
    id             TEXT NOT NULL,
    inscription_id TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('A', 'B', 'M')),
    cause          TEXT NOT NULL,
    effective_on   TIMESTAMP NOT NULL,
    document       TEXT NOT NULL DEFAULT '',
    notes          TEXT NOT NULL DEFAULT '',
    origin         TEXT NOT NULL DEFAULT 'ayuntamiento' CHECK (origin IN ('ayuntamiento', 'ine', 'proceso')),
    dwelling_id    TEXT NOT NULL,
    place_province     TEXT NOT NULL DEFAULT '',
    place_municipality TEXT NOT NULL DEFAULT '',
    before_data    TEXT NOT NULL DEFAULT '',
    after_data     TEXT NOT NULL,
    ine_file_id    TEXT,
    ine_state      TEXT NOT NULL DEFAULT '',
    ine_code       TEXT NOT NULL DEFAULT '',
    recorded_at    TIMESTAMP NOT NULL,
    recorded_by    TEXT NOT NULL,
    recorder_name  TEXT NOT NULL,
    PRIMARY KEY (entity_id, id),
    FOREIGN KEY (entity_id, inscription_id) REFERENCES census_inscriptions (entity_id, id)
);
CREATE INDEX census_variations_inscription ON census_variations (entity_id, inscription_id, recorded_at);
CREATE INDEX census_variations_recorded ON census_variations (entity_id, recorded_at);
CREATE INDEX census_variations_ine ON census_variations (entity_id, ine_state, recorded_at);

-- Every look-up of a person's record by staff (LOPDGDD): reading the
-- record, searching (with the query, not the results), issuing documents.
CREATE TABLE census_access_log (
    entity_id      TEXT NOT NULL,
    id             TEXT NOT NULL,
    inscription_id TEXT NOT NULL DEFAULT '',
    action         TEXT NOT NULL,
    detail         TEXT NOT NULL DEFAULT '',
    user_id        TEXT NOT NULL,
    user_name      TEXT NOT NULL,
    ip             TEXT NOT NULL DEFAULT '',
    at             TIMESTAMP NOT NULL,
    PRIMARY KEY (entity_id, id)
);
CREATE INDEX census_access_log_inscription ON census_access_log (entity_id, inscription_id, at);
CREATE INDEX census_access_log_at ON census_access_log (entity_id, at);

-- Volantes and certificados issued (the PDF is in issued_documents by csv).
CREATE TABLE census_certificates (
    entity_id      TEXT NOT NULL,
    id             TEXT NOT NULL,
    inscription_id TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('volante', 'certificado')),
    scope          TEXT NOT NULL CHECK (scope IN ('individual', 'convivencia', 'historico')),
    purpose        TEXT NOT NULL DEFAULT '',
    csv            TEXT NOT NULL,
    channel        TEXT NOT NULL DEFAULT 'oficina',
    issued_at      TIMESTAMP NOT NULL,
    issued_by      TEXT NOT NULL,
    PRIMARY KEY (entity_id, id),
    FOREIGN KEY (entity_id, inscription_id) REFERENCES census_inscriptions (entity_id, id)
);
CREATE INDEX census_certificates_inscription ON census_certificates (entity_id, inscription_id);

-- INE exchange files: the monthly files sent and the returns read.
CREATE TABLE census_ine_files (
    entity_id   TEXT NOT NULL,
    id          TEXT NOT NULL,
    direction   TEXT NOT NULL CHECK (direction IN ('envio', 'devolucion')),
    period      TEXT NOT NULL,
    filename    TEXT NOT NULL,
    content     BYTEA NOT NULL,
    records     INTEGER NOT NULL,
    errors      INTEGER NOT NULL DEFAULT 0,
    applied     INTEGER NOT NULL DEFAULT 0,
    summary     TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    created_by  TEXT NOT NULL,
    PRIMARY KEY (entity_id, id)
);
CREATE INDEX census_ine_files_created ON census_ine_files (entity_id, created_at);

-- Incidencias of a return file, one per line that INE questions or that
-- could not be applied, until a clerk resolves them.
CREATE TABLE census_ine_incidents (
    entity_id      TEXT NOT NULL,
    id             TEXT NOT NULL,
    file_id        TEXT NOT NULL,
    line           INTEGER NOT NULL,
    inscription_id TEXT NOT NULL DEFAULT '',
    code           TEXT NOT NULL DEFAULT '',
    message        TEXT NOT NULL,
    resolved_at    TIMESTAMP,
    resolved_by    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (entity_id, id),
    FOREIGN KEY (entity_id, file_id) REFERENCES census_ine_files (entity_id, id)
);
CREATE INDEX census_ine_incidents_file ON census_ine_incidents (entity_id, file_id, line);

-- Search tokens of an inscription: the folded words of its name and
-- surnames and its document number. A name search intersects, for each word
-- typed, the inscriptions having a token that begins with it (so accents and
-- word order do not matter), by an index range instead of a scan.
CREATE TABLE census_search (
    entity_id      TEXT NOT NULL,
    token          TEXT NOT NULL,
    inscription_id TEXT NOT NULL,
    PRIMARY KEY (entity_id, token, inscription_id)
);

-- Keys of the outside participation tools (Decidim, Consul...) that may ask
-- the verification service of one entity "is this person registered here?"
-- (HTTP Basic: key id and secret; only the SHA-256 of the secret is kept).
CREATE TABLE census_verify_clients (
    entity_id   TEXT NOT NULL REFERENCES entities (id),
    id          TEXT NOT NULL,
    name        TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    created_by  TEXT NOT NULL,
    revoked_at  TIMESTAMP,
    last_used_at TIMESTAMP,
    PRIMARY KEY (entity_id, id)
);
CREATE UNIQUE INDEX census_verify_clients_id ON census_verify_clients (id);
