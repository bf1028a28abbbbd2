-- Registro de entrada y salida (Ley 39/2015 art. 16), per entity.
-- Asientos are never updated or deleted: corrections and cancellations are
-- dated annotations. Every table is keyed (entity_id, ...) so no row points
-- into another entity's data.

-- Gapless numbering: one counter row per entity, book ('E' entrada, 'S'
-- salida, 'X' SIR interchange identifiers) and year, incremented in the same
-- transaction that writes the asiento.
CREATE TABLE registry_counters (
    entity_id TEXT NOT NULL REFERENCES entities (id),
    book      TEXT NOT NULL CHECK (book IN ('E', 'S', 'X')),
    year      INTEGER NOT NULL,
    last      BIGINT NOT NULL,
    PRIMARY KEY (entity_id, book, year)
);

-- Unidades de tramitación (departments) of the entity that receive asientos.
CREATE TABLE registry_units (
    entity_id   TEXT NOT NULL REFERENCES entities (id),
    id          TEXT NOT NULL,
    name        TEXT NOT NULL,
    search_text TEXT NOT NULL,
    dir3        TEXT NOT NULL DEFAULT '',
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  TIMESTAMP NOT NULL,
    created_by  TEXT NOT NULL,
    PRIMARY KEY (entity_id, id)
);
CREATE UNIQUE INDEX registry_units_name ON registry_units (entity_id, search_text);

-- Members of a unit (users of the entity).
CREATE TABLE registry_unit_members (
    entity_id  TEXT NOT NULL,
    unit_id    TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (entity_id, unit_id, user_id),
    FOREIGN KEY (entity_id, unit_id) REFERENCES registry_units (entity_id, id),
    FOREIGN KEY (entity_id, user_id) REFERENCES memberships (entity_id, user_id)
);
CREATE INDEX registry_unit_members_user ON registry_unit_members (entity_id, user_id);

-- Asientos. number is "<year>/<book>/<seq 6 digits>"; registered_at is the
-- official date and time (UTC, shown in Europe/Madrid).
CREATE TABLE registry_entries (
    entity_id       TEXT NOT NULL REFERENCES entities (id),
    id              TEXT NOT NULL,
    book            TEXT NOT NULL CHECK (book IN ('E', 'S')),
    year            INTEGER NOT NULL,
    seq             BIGINT NOT NULL,
    number          TEXT NOT NULL,
    registered_at   TIMESTAMP NOT NULL,
    means           TEXT NOT NULL CHECK (means IN ('presencial', 'electronico', 'correo')),
    source          TEXT NOT NULL CHECK (source IN ('oficina', 'sede', 'sir')),
    subject         TEXT NOT NULL,
    summary         TEXT NOT NULL,
    doc_type        TEXT NOT NULL,
    origin_dir3     TEXT NOT NULL DEFAULT '',
    origin_name     TEXT NOT NULL DEFAULT '',
    dest_dir3       TEXT NOT NULL DEFAULT '',
    dest_name       TEXT NOT NULL DEFAULT '',
    unit_id         TEXT,
    external_ref    TEXT NOT NULL DEFAULT '',
    expone          TEXT NOT NULL DEFAULT '',
    solicita        TEXT NOT NULL DEFAULT '',
    first_party     TEXT NOT NULL DEFAULT '',
    search_text     TEXT NOT NULL,
    receipt_csv     TEXT NOT NULL,
    clerk_id        TEXT NOT NULL,
    clerk_name      TEXT NOT NULL,
    PRIMARY KEY (entity_id, id),
    FOREIGN KEY (entity_id, unit_id) REFERENCES registry_units (entity_id, id)
);
CREATE UNIQUE INDEX registry_entries_seq ON registry_entries (entity_id, book, year, seq);
CREATE UNIQUE INDEX registry_entries_number ON registry_entries (entity_id, number);
CREATE UNIQUE INDEX registry_entries_csv ON registry_entries (receipt_csv);
CREATE INDEX registry_entries_date ON registry_entries (entity_id, registered_at);

-- Interesados (persons or organisations) of an asiento, as presented.
CREATE TABLE registry_interested (
    entity_id  TEXT NOT NULL,
    entry_id   TEXT NOT NULL,
    pos        INTEGER NOT NULL,
    doc_type   TEXT NOT NULL DEFAULT '',
    doc_number TEXT NOT NULL DEFAULT '',
    name       TEXT NOT NULL,
    email      TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    address    TEXT NOT NULL DEFAULT '',
    party_id   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (entity_id, entry_id, pos),
    FOREIGN KEY (entity_id, entry_id) REFERENCES registry_entries (entity_id, id)
);
CREATE INDEX registry_interested_doc ON registry_interested (entity_id, doc_number);

-- Documents attached to an asiento, with their SHA-256 (hex).
CREATE TABLE registry_documents (
    entity_id    TEXT NOT NULL,
    entry_id     TEXT NOT NULL,
    pos          INTEGER NOT NULL,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    size         BIGINT NOT NULL,
    content      BYTEA NOT NULL,
    PRIMARY KEY (entity_id, entry_id, pos),
    FOREIGN KEY (entity_id, entry_id) REFERENCES registry_entries (entity_id, id)
);

-- Dated annotations: corrections, cancellation, notes.
CREATE TABLE registry_annotations (
    entity_id  TEXT NOT NULL,
    entry_id   TEXT NOT NULL,
    id         TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('correccion', 'anulacion', 'nota')),
    body       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    by_name    TEXT NOT NULL,
    PRIMARY KEY (entity_id, entry_id, id),
    FOREIGN KEY (entity_id, entry_id) REFERENCES registry_entries (entity_id, id)
);

-- Distribution of an asiento to units. The open step has state 'pendiente';
-- forwarding closes it as 'reenviada' and opens a new one.
CREATE TABLE registry_distributions (
    entity_id   TEXT NOT NULL,
    entry_id    TEXT NOT NULL,
    step        INTEGER NOT NULL,
    unit_id     TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('pendiente', 'aceptada', 'rechazada', 'reenviada')),
    reason      TEXT NOT NULL DEFAULT '',
    sent_at     TIMESTAMP NOT NULL,
    sent_by     TEXT NOT NULL,
    decided_at  TIMESTAMP,
    decided_by  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (entity_id, entry_id, step),
    FOREIGN KEY (entity_id, entry_id) REFERENCES registry_entries (entity_id, id),
    FOREIGN KEY (entity_id, unit_id) REFERENCES registry_units (entity_id, id)
);
CREATE INDEX registry_distributions_unit ON registry_distributions (entity_id, unit_id, state);

-- SIR interchanges (SICRES 3.0): files sent and received. A received file
-- waits as 'recibido' until accepted (which registers an entrada) or
-- rejected with a reason.
CREATE TABLE registry_interchanges (
    entity_id      TEXT NOT NULL REFERENCES entities (id),
    id             TEXT NOT NULL,
    direction      TEXT NOT NULL CHECK (direction IN ('enviado', 'recibido')),
    exchange_id    TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('enviado', 'recibido', 'aceptado', 'rechazado')),
    reason         TEXT NOT NULL DEFAULT '',
    office_code    TEXT NOT NULL,
    office_name    TEXT NOT NULL DEFAULT '',
    origin_number  TEXT NOT NULL DEFAULT '',
    summary        TEXT NOT NULL,
    entry_id       TEXT,
    content        BYTEA NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    created_by     TEXT NOT NULL,
    decided_at     TIMESTAMP,
    decided_by     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (entity_id, id),
    FOREIGN KEY (entity_id, entry_id) REFERENCES registry_entries (entity_id, id)
);
CREATE UNIQUE INDEX registry_interchanges_exchange ON registry_interchanges (entity_id, direction, exchange_id);
