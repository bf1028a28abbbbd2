-- Portal web municipal: one public site per entity with an active adhesion
-- to the "portal" service, its contents (pages, news, events) with revision
-- history, the tablón de anuncios (edicts), the transparency checklist, the
-- perfil del contratante, open data, surveys, points of interest and the
-- Diputación's province-wide notices. Every tenant table is keyed
-- (entity_id, id). Coordinates are BIGINT millionths of a degree (WGS84);
-- money is BIGINT cents; times are UTC TIMESTAMP.

-- The site of an entity: the public path code (/e/{code}/, the 5-digit INE
-- code for municipalities, the DIR3 otherwise), its host names (portal and
-- sede electrónica) and its presentation.
CREATE TABLE portal_sites (
    entity_id   TEXT PRIMARY KEY REFERENCES entities (id),
    code        TEXT NOT NULL,
    host        TEXT,
    sede_host   TEXT,
    tagline     TEXT NOT NULL DEFAULT '',
    about       TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL DEFAULT '',
    hours       TEXT NOT NULL DEFAULT '',
    lat_e6      BIGINT,
    lon_e6      BIGINT,
    coat        BYTEA,
    coat_type   TEXT NOT NULL DEFAULT '',
    updated_at  TIMESTAMP NOT NULL,
    updated_by  TEXT NOT NULL
);
CREATE UNIQUE INDEX portal_sites_code ON portal_sites (code);
CREATE UNIQUE INDEX portal_sites_host ON portal_sites (host);
CREATE UNIQUE INDEX portal_sites_sede_host ON portal_sites (sede_host);

-- Pages, news and events. A draft is not public; a published item is public
-- from publish_at. Every save writes a revision.
CREATE TABLE portal_items (
    entity_id    TEXT NOT NULL REFERENCES entities (id),
    id           TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('pagina', 'noticia', 'evento')),
    slug         TEXT NOT NULL,
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL DEFAULT '',
    state        TEXT NOT NULL CHECK (state IN ('borrador', 'publicado', 'retirado')),
    publish_at   TIMESTAMP,
    event_at     TIMESTAMP,
    place        TEXT NOT NULL DEFAULT '',
    in_menu      BOOLEAN NOT NULL DEFAULT FALSE,
    menu_order   INTEGER NOT NULL DEFAULT 0,
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TIMESTAMP NOT NULL,
    created_by   TEXT NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    updated_by   TEXT NOT NULL,
    PRIMARY KEY (entity_id, id)
);
CREATE UNIQUE INDEX portal_items_slug ON portal_items (entity_id, kind, slug);
CREATE INDEX portal_items_public ON portal_items (entity_id, kind, state, publish_at);

CREATE TABLE portal_item_revisions (
    entity_id  TEXT NOT NULL,
    item_id    TEXT NOT NULL,
    version    INTEGER NOT NULL,
    title      TEXT NOT NULL,
    summary    TEXT NOT NULL,
    body       TEXT NOT NULL,
    state      TEXT NOT NULL,
    saved_at   TIMESTAMP NOT NULL,
    saved_by   TEXT NOT NULL,
    PRIMARY KEY (entity_id, item_id, version),
    FOREIGN KEY (entity_id, item_id) REFERENCES portal_items (entity_id, id)
);

-- Edicts of the tablón de anuncios. Never updated once created but for the
-- certificate code: a correction is a new edict pointing at the old one.
CREATE TABLE portal_edicts (
    entity_id    TEXT NOT NULL REFERENCES entities (id),
    id           TEXT NOT NULL,
    number       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    body_sha256  TEXT NOT NULL,
    publish_at   TIMESTAMP NOT NULL,
    withdraw_at  TIMESTAMP NOT NULL,
    corrects_id  TEXT,
    cert_csv     TEXT,
    created_at   TIMESTAMP NOT NULL,
    created_by   TEXT NOT NULL,
    PRIMARY KEY (entity_id, id),
    FOREIGN KEY (entity_id, corrects_id) REFERENCES portal_edicts (entity_id, id)
);
CREATE UNIQUE INDEX portal_edicts_number ON portal_edicts (entity_id, number);
CREATE INDEX portal_edicts_period ON portal_edicts (entity_id, publish_at, withdraw_at);

-- Province-wide notices published by the Diputación on every site.
CREATE TABLE portal_notices (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    starts_at   TIMESTAMP NOT NULL,
    ends_at     TIMESTAMP NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    created_by  TEXT NOT NULL
);

-- Transparency items published by hand (the rest are computed).
CREATE TABLE portal_transparency (
    entity_id   TEXT NOT NULL REFERENCES entities (id),
    item        TEXT NOT NULL,
    url         TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    updated_at  TIMESTAMP NOT NULL,
    updated_by  TEXT NOT NULL,
    PRIMARY KEY (entity_id, item)
);

-- Perfil del contratante: contract files, their state history and documents.
CREATE TABLE portal_tenders (
    entity_id       TEXT NOT NULL REFERENCES entities (id),
    id              TEXT NOT NULL,
    folder_id       TEXT NOT NULL,
    title           TEXT NOT NULL,
    contract_type   TEXT NOT NULL DEFAULT '',
    procedure       TEXT NOT NULL DEFAULT '',
    minor           BOOLEAN NOT NULL DEFAULT FALSE,
    state           TEXT NOT NULL,
    budget_cents    BIGINT NOT NULL DEFAULT 0,
    award_cents     BIGINT NOT NULL DEFAULT 0,
    awardee         TEXT NOT NULL DEFAULT '',
    cpv             TEXT NOT NULL DEFAULT '',
    deadline        TIMESTAMP,
    source          TEXT NOT NULL CHECK (source IN ('manual', 'placsp')),
    source_id       TEXT NOT NULL DEFAULT '',
    source_url      TEXT NOT NULL DEFAULT '',
    published_at    TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (entity_id, id)
);
CREATE UNIQUE INDEX portal_tenders_folder ON portal_tenders (entity_id, folder_id);

CREATE TABLE portal_tender_events (
    entity_id  TEXT NOT NULL,
    tender_id  TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    state      TEXT NOT NULL,
    at         TIMESTAMP NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    by_user    TEXT NOT NULL,
    PRIMARY KEY (entity_id, tender_id, seq),
    FOREIGN KEY (entity_id, tender_id) REFERENCES portal_tenders (entity_id, id)
);

CREATE TABLE portal_tender_docs (
    entity_id  TEXT NOT NULL,
    tender_id  TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    name       TEXT NOT NULL,
    url        TEXT NOT NULL,
    PRIMARY KEY (entity_id, tender_id, seq),
    FOREIGN KEY (entity_id, tender_id) REFERENCES portal_tenders (entity_id, id)
);

-- Open data: datasets published by the entity with their files.
CREATE TABLE portal_datasets (
    entity_id    TEXT NOT NULL REFERENCES entities (id),
    id           TEXT NOT NULL,
    slug         TEXT NOT NULL,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL,
    theme        TEXT NOT NULL,
    keywords     TEXT NOT NULL DEFAULT '',
    frequency    TEXT NOT NULL DEFAULT '',
    issued_at    TIMESTAMP NOT NULL,
    modified_at  TIMESTAMP NOT NULL,
    created_by   TEXT NOT NULL,
    PRIMARY KEY (entity_id, id)
);
CREATE UNIQUE INDEX portal_datasets_slug ON portal_datasets (entity_id, slug);

CREATE TABLE portal_dataset_files (
    entity_id    TEXT NOT NULL,
    dataset_id   TEXT NOT NULL,
    format       TEXT NOT NULL,
    filename     TEXT NOT NULL,
    media_type   TEXT NOT NULL,
    content      BYTEA NOT NULL,
    size         BIGINT NOT NULL,
    modified_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (entity_id, dataset_id, format),
    FOREIGN KEY (entity_id, dataset_id) REFERENCES portal_datasets (entity_id, id)
);

-- Surveys, their questions and answers (one per respondent key).
CREATE TABLE portal_surveys (
    entity_id    TEXT NOT NULL REFERENCES entities (id),
    id           TEXT NOT NULL,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    restricted   BOOLEAN NOT NULL DEFAULT FALSE,
    opens_at     TIMESTAMP NOT NULL,
    closes_at    TIMESTAMP NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    created_by   TEXT NOT NULL,
    PRIMARY KEY (entity_id, id)
);

CREATE TABLE portal_questions (
    entity_id  TEXT NOT NULL,
    survey_id  TEXT NOT NULL,
    pos        INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('una', 'varias', 'texto')),
    text       TEXT NOT NULL,
    options    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (entity_id, survey_id, pos),
    FOREIGN KEY (entity_id, survey_id) REFERENCES portal_surveys (entity_id, id)
);

CREATE TABLE portal_answers (
    entity_id   TEXT NOT NULL,
    survey_id   TEXT NOT NULL,
    respondent  TEXT NOT NULL,
    answers     TEXT NOT NULL,
    district    TEXT NOT NULL DEFAULT '',
    age_band    TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (entity_id, survey_id, respondent),
    FOREIGN KEY (entity_id, survey_id) REFERENCES portal_surveys (entity_id, id)
);

-- Points of interest (services, offices, monuments) with position and hours.
CREATE TABLE portal_pois (
    entity_id    TEXT NOT NULL REFERENCES entities (id),
    id           TEXT NOT NULL,
    name         TEXT NOT NULL,
    category     TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    address      TEXT NOT NULL DEFAULT '',
    hours        TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    lat_e6       BIGINT NOT NULL,
    lon_e6       BIGINT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    created_by   TEXT NOT NULL,
    PRIMARY KEY (entity_id, id)
);
