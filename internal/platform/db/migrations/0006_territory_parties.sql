-- Territorio (callejero) and terceros, per entity (the municipality).
-- Every table is keyed (entity_id, id) and every reference between them
-- carries entity_id, so no row can point into another entity's data.
-- Dates (valid_from, valid_to, birth_date) are stored as TIMESTAMP at UTC
-- midnight; coordinates as BIGINT millionths of a degree (WGS84).

-- Núcleos de población and diseminados, with the entidad singular and
-- colectiva they belong to (Nomenclátor). ine_code is the 6-digit unidad
-- poblacional code inside the municipality: entidad colectiva (2) +
-- entidad singular (2) + núcleo/diseminado (2).
CREATE TABLE nuclei (
    entity_id       TEXT NOT NULL REFERENCES entities (id),
    id              TEXT NOT NULL,
    ine_code        TEXT NOT NULL,
    name            TEXT NOT NULL,
    search_text     TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('nucleo', 'diseminado')),
    singular_name   TEXT NOT NULL DEFAULT '',
    collective_name TEXT NOT NULL DEFAULT '',
    elm_entity_id   TEXT REFERENCES entities (id),
    active          BOOLEAN NOT NULL DEFAULT TRUE,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (entity_id, id)
);
CREATE UNIQUE INDEX nuclei_code ON nuclei (entity_id, ine_code);

-- Secciones censales: district (2 digits) + section (3 digits).
CREATE TABLE census_sections (
    entity_id  TEXT NOT NULL REFERENCES entities (id),
    id         TEXT NOT NULL,
    district   TEXT NOT NULL,
    section    TEXT NOT NULL,
    name       TEXT NOT NULL DEFAULT '',
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (entity_id, id)
);
CREATE UNIQUE INDEX census_sections_code ON census_sections (entity_id, district, section);

-- Vías. name, type_code and search_text (type name + name, folded) hold the current name; every name
-- the street ever had is in street_names (a rename adds a row there).
CREATE TABLE streets (
    entity_id   TEXT NOT NULL REFERENCES entities (id),
    id          TEXT NOT NULL,
    ine_code    TEXT NOT NULL,
    type_code   TEXT NOT NULL,
    name        TEXT NOT NULL,
    search_text TEXT NOT NULL,
    valid_from  TIMESTAMP NOT NULL,
    valid_to    TIMESTAMP,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (entity_id, id)
);
CREATE UNIQUE INDEX streets_code ON streets (entity_id, ine_code);
CREATE INDEX streets_search ON streets (entity_id, search_text);

-- Dated names of a street: the one in force on a day d has
-- valid_from <= d and (valid_to IS NULL or d < valid_to).
CREATE TABLE street_names (
    entity_id   TEXT NOT NULL,
    street_id   TEXT NOT NULL,
    valid_from  TIMESTAMP NOT NULL,
    valid_to    TIMESTAMP,
    type_code   TEXT NOT NULL,
    name        TEXT NOT NULL,
    search_text TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    created_by  TEXT NOT NULL,
    PRIMARY KEY (entity_id, street_id, valid_from),
    FOREIGN KEY (entity_id, street_id) REFERENCES streets (entity_id, id)
);

-- The census sections a street crosses.
CREATE TABLE street_sections (
    entity_id  TEXT NOT NULL,
    street_id  TEXT NOT NULL,
    section_id TEXT NOT NULL,
    PRIMARY KEY (entity_id, street_id, section_id),
    FOREIGN KEY (entity_id, street_id) REFERENCES streets (entity_id, id),
    FOREIGN KEY (entity_id, section_id) REFERENCES census_sections (entity_id, id)
);
CREATE INDEX street_sections_section ON street_sections (entity_id, section_id);

-- Numbered addresses (portales / números de policía) of a street.
CREATE TABLE addresses (
    entity_id     TEXT NOT NULL,
    id            TEXT NOT NULL,
    street_id     TEXT NOT NULL,
    number        INTEGER,
    letter        TEXT NOT NULL DEFAULT '',
    km            TEXT NOT NULL DEFAULT '',
    block         TEXT NOT NULL DEFAULT '',
    portal        TEXT NOT NULL DEFAULT '',
    nucleus_id    TEXT NOT NULL,
    section_id    TEXT NOT NULL,
    postal_code   TEXT NOT NULL DEFAULT '',
    cadastral_ref TEXT NOT NULL DEFAULT '',
    lat           BIGINT,
    lon           BIGINT,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (entity_id, id),
    FOREIGN KEY (entity_id, street_id) REFERENCES streets (entity_id, id),
    FOREIGN KEY (entity_id, nucleus_id) REFERENCES nuclei (entity_id, id),
    FOREIGN KEY (entity_id, section_id) REFERENCES census_sections (entity_id, id)
);
CREATE INDEX addresses_street ON addresses (entity_id, street_id, number);
CREATE INDEX addresses_section ON addresses (entity_id, section_id);

-- Dwellings (viviendas) and premises of an address.
CREATE TABLE dwellings (
    entity_id     TEXT NOT NULL,
    id            TEXT NOT NULL,
    address_id    TEXT NOT NULL,
    stair         TEXT NOT NULL DEFAULT '',
    floor         TEXT NOT NULL DEFAULT '',
    door          TEXT NOT NULL DEFAULT '',
    kind          TEXT NOT NULL DEFAULT 'vivienda' CHECK (kind IN ('vivienda', 'local', 'colectivo')),
    cadastral_ref TEXT NOT NULL DEFAULT '',
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (entity_id, id),
    FOREIGN KEY (entity_id, address_id) REFERENCES addresses (entity_id, id)
);
CREATE INDEX dwellings_address ON dwellings (entity_id, address_id);

-- Terceros: the persons and legal entities an entity deals with.
-- doc_number is normalised (upper case, no separators); '' when unknown.
-- search_text is the folded name, surnames and document (refdata.Fold);
-- sort_name the folded "surname1 surname2 name" (or company name) to order by.
-- A party merged into another keeps its row with merged_into set.
CREATE TABLE parties (
    entity_id               TEXT NOT NULL REFERENCES entities (id),
    id                      TEXT NOT NULL,
    kind                    TEXT NOT NULL CHECK (kind IN ('fisica', 'juridica')),
    doc_type                TEXT NOT NULL CHECK (doc_type IN ('NIF', 'NIE', 'CIF', 'PASAPORTE', 'OTRO')),
    doc_number              TEXT NOT NULL DEFAULT '',
    doc_country             TEXT NOT NULL DEFAULT '',
    name                    TEXT NOT NULL,
    surname1                TEXT NOT NULL DEFAULT '',
    surname2                TEXT NOT NULL DEFAULT '',
    search_text             TEXT NOT NULL,
    sort_name               TEXT NOT NULL,
    birth_date              TIMESTAMP,
    email                   TEXT NOT NULL DEFAULT '',
    phone                   TEXT NOT NULL DEFAULT '',
    electronic_notification BOOLEAN NOT NULL DEFAULT FALSE,
    dwelling_id             TEXT,
    address_text            TEXT NOT NULL DEFAULT '',
    postal_code             TEXT NOT NULL DEFAULT '',
    town                    TEXT NOT NULL DEFAULT '',
    province                TEXT NOT NULL DEFAULT '',
    country_code            TEXT NOT NULL DEFAULT '',
    notes                   TEXT NOT NULL DEFAULT '',
    merged_into             TEXT,
    merged_at               TIMESTAMP,
    created_at              TIMESTAMP NOT NULL,
    updated_at              TIMESTAMP NOT NULL,
    PRIMARY KEY (entity_id, id),
    FOREIGN KEY (entity_id, dwelling_id) REFERENCES dwellings (entity_id, id),
    FOREIGN KEY (entity_id, merged_into) REFERENCES parties (entity_id, id)
);
CREATE INDEX parties_doc ON parties (entity_id, doc_number);
CREATE INDEX parties_search ON parties (entity_id, search_text);
CREATE INDEX parties_sort ON parties (entity_id, sort_name);
CREATE INDEX parties_birth ON parties (entity_id, birth_date);
CREATE INDEX parties_dwelling ON parties (entity_id, dwelling_id);

-- Bank accounts of a party (IBAN stored without spaces). removed_at set = no longer in use.
CREATE TABLE party_bank_accounts (
    entity_id  TEXT NOT NULL,
    id         TEXT NOT NULL,
    party_id   TEXT NOT NULL,
    iban       TEXT NOT NULL,
    holder     TEXT NOT NULL DEFAULT '',
    is_default BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    removed_at TIMESTAMP,
    PRIMARY KEY (entity_id, id),
    FOREIGN KEY (entity_id, party_id) REFERENCES parties (entity_id, id)
);
CREATE INDEX party_bank_accounts_party ON party_bank_accounts (entity_id, party_id);

-- Representatives: representative_id acts for party_id.
CREATE TABLE party_representatives (
    entity_id         TEXT NOT NULL,
    id                TEXT NOT NULL,
    party_id          TEXT NOT NULL,
    representative_id TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('legal', 'voluntaria')),
    scope             TEXT NOT NULL DEFAULT '',
    valid_from        TIMESTAMP NOT NULL,
    valid_to          TIMESTAMP,
    created_at        TIMESTAMP NOT NULL,
    removed_at        TIMESTAMP,
    PRIMARY KEY (entity_id, id),
    FOREIGN KEY (entity_id, party_id) REFERENCES parties (entity_id, id),
    FOREIGN KEY (entity_id, representative_id) REFERENCES parties (entity_id, id)
);
CREATE INDEX party_representatives_party ON party_representatives (entity_id, party_id);
CREATE INDEX party_representatives_rep ON party_representatives (entity_id, representative_id);

-- History of merges: merged_id was folded into kept_id; snapshot is the
-- merged record as it was (JSON).
CREATE TABLE party_merges (
    entity_id TEXT NOT NULL,
    id        TEXT NOT NULL,
    kept_id   TEXT NOT NULL,
    merged_id TEXT NOT NULL,
    reason    TEXT NOT NULL DEFAULT '',
    snapshot  TEXT NOT NULL,
    merged_at TIMESTAMP NOT NULL,
    merged_by TEXT NOT NULL,
    PRIMARY KEY (entity_id, id),
    FOREIGN KEY (entity_id, kept_id) REFERENCES parties (entity_id, id),
    FOREIGN KEY (entity_id, merged_id) REFERENCES parties (entity_id, id)
);
CREATE INDEX party_merges_kept ON party_merges (entity_id, kept_id);
