-- Expedientes (tramitador): each entity's catalogue of procedures, its
-- expedientes with their interesados, trámites, suspensions of the plazo
-- máximo, documents and history.

-- An entity's procedures: adopted from a model of the Diputación
-- (model_code) and adapted, or made by the entity. definition is the JSON
-- design (phases, trámites, plazos, templates); the columns beside it are
-- what lists filter on.
CREATE TABLE casefile_procedures (
    entity_id   TEXT NOT NULL REFERENCES entities (id),
    id          TEXT NOT NULL,
    code        TEXT NOT NULL,
    model_code  TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL,
    area        TEXT NOT NULL DEFAULT '',
    initiation  TEXT NOT NULL CHECK (initiation IN ('solicitud', 'oficio', 'ambas')),
    sede        BOOLEAN NOT NULL DEFAULT FALSE,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    definition  TEXT NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    updated_by  TEXT NOT NULL,
    PRIMARY KEY (entity_id, id)
);
CREATE UNIQUE INDEX casefile_procedures_code ON casefile_procedures (entity_id, code);

-- The gapless counter of expedientes per entity and year.
CREATE TABLE casefile_counters (
    entity_id TEXT NOT NULL REFERENCES entities (id),
    year      INTEGER NOT NULL,
    last      BIGINT NOT NULL,
    PRIMARY KEY (entity_id, year)
);

-- The designs expedientes follow: a procedure's definition as it was when
-- each was opened (later changes to the catalogue do not change a running
-- expediente), kept once per entity and content (id: its SHA-256), not
-- once per expediente.
CREATE TABLE casefile_designs (
    entity_id  TEXT NOT NULL REFERENCES entities (id),
    id         TEXT NOT NULL,
    definition TEXT NOT NULL,
    PRIMARY KEY (entity_id, id)
);

-- Expedientes, each with the design it follows.
-- due_at is the end of the plazo máximo with the suspensions lifted so far
-- (NULL while one is open, or when the procedure has none that runs).
CREATE TABLE casefile_files (
    entity_id      TEXT NOT NULL REFERENCES entities (id),
    id             TEXT NOT NULL,
    year           INTEGER NOT NULL,
    seq            BIGINT NOT NULL,
    number         TEXT NOT NULL,
    procedure_id   TEXT NOT NULL,
    procedure_name TEXT NOT NULL,
    design_id      TEXT NOT NULL,
    subject        TEXT NOT NULL,
    initiation     TEXT NOT NULL CHECK (initiation IN ('solicitud', 'oficio')),
    state          TEXT NOT NULL CHECK (state IN ('iniciado', 'tramitacion', 'suspendido', 'concluso', 'resuelto', 'archivado')),
    started_at     TIMESTAMP NOT NULL,
    entry_id       TEXT NOT NULL DEFAULT '',
    entry_number   TEXT NOT NULL DEFAULT '',
    max_n          INTEGER NOT NULL,
    max_unit       TEXT NOT NULL,
    -- extended_n: the ampliación of the plazo máximo (art. 23), in its unit.
    extended_n     INTEGER NOT NULL DEFAULT 0,
    silence        TEXT NOT NULL,
    urgent         BOOLEAN NOT NULL DEFAULT FALSE,
    due_at         TIMESTAMP,
    assignee_id    TEXT NOT NULL DEFAULT '',
    unit           TEXT NOT NULL DEFAULT '',
    first_party    TEXT NOT NULL DEFAULT '',
    search_text    TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    closed_at      TIMESTAMP,
    PRIMARY KEY (entity_id, id),
    FOREIGN KEY (entity_id, procedure_id) REFERENCES casefile_procedures (entity_id, id),
    FOREIGN KEY (entity_id, design_id) REFERENCES casefile_designs (entity_id, id)
);
CREATE UNIQUE INDEX casefile_files_seq ON casefile_files (entity_id, year, seq);
CREATE UNIQUE INDEX casefile_files_number ON casefile_files (entity_id, number);
-- The list newest first; search_text at its end so a text search reads
-- the index, not the rows (a LIKE '%word%' cannot seek).
CREATE INDEX casefile_files_created ON casefile_files (entity_id, created_at, id, search_text);
CREATE INDEX casefile_files_state ON casefile_files (entity_id, state, due_at, id);
CREATE INDEX casefile_files_assignee ON casefile_files (entity_id, assignee_id, state, due_at);
CREATE INDEX casefile_files_procedure ON casefile_files (entity_id, procedure_id, created_at);
CREATE INDEX casefile_files_entry ON casefile_files (entity_id, entry_id);

-- Interesados and representantes (arts. 3–7 Ley 39/2015). represents is
-- the pos of the interesado a representante acts for.
CREATE TABLE casefile_parties (
    entity_id  TEXT NOT NULL,
    file_id    TEXT NOT NULL,
    pos        INTEGER NOT NULL,
    party_id   TEXT NOT NULL DEFAULT '',
    doc_number TEXT NOT NULL DEFAULT '',
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('interesado', 'representante')),
    represents INTEGER NOT NULL DEFAULT 0,
    channel    TEXT NOT NULL CHECK (channel IN ('electronica', 'papel')),
    obliged    BOOLEAN NOT NULL DEFAULT FALSE,
    email      TEXT NOT NULL DEFAULT '',
    address    TEXT NOT NULL DEFAULT '',
    added_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (entity_id, file_id, pos),
    FOREIGN KEY (entity_id, file_id) REFERENCES casefile_files (entity_id, id)
);
CREATE INDEX casefile_parties_doc ON casefile_parties (entity_id, doc_number, file_id);

-- Trámites of an expediente, from its design or added by the clerk.
CREATE TABLE casefile_tasks (
    entity_id   TEXT NOT NULL,
    id          TEXT NOT NULL,
    file_id     TEXT NOT NULL,
    step_code   TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL,
    phase       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    who         TEXT NOT NULL,
    required    BOOLEAN NOT NULL DEFAULT FALSE,
    state       TEXT NOT NULL CHECK (state IN ('pendiente', 'en_curso', 'hecho', 'descartado')),
    assignee_id TEXT NOT NULL DEFAULT '',
    term_n      INTEGER NOT NULL DEFAULT 0,
    term_unit   TEXT NOT NULL DEFAULT '',
    started_at  TIMESTAMP,
    due_at      TIMESTAMP,
    done_at     TIMESTAMP,
    done_by     TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    pos         INTEGER NOT NULL,
    PRIMARY KEY (entity_id, id),
    FOREIGN KEY (entity_id, file_id) REFERENCES casefile_files (entity_id, id)
);
CREATE INDEX casefile_tasks_file ON casefile_tasks (entity_id, file_id, pos);
CREATE INDEX casefile_tasks_assignee ON casefile_tasks (entity_id, assignee_id, state, due_at);

-- Suspensions of the plazo máximo (art. 22): clock-stopping intervals with
-- their cause; lifted_at is NULL while the suspension lasts.
CREATE TABLE casefile_suspensions (
    entity_id  TEXT NOT NULL,
    file_id    TEXT NOT NULL,
    pos        INTEGER NOT NULL,
    cause      TEXT NOT NULL,
    basis      TEXT NOT NULL,
    from_at    TIMESTAMP NOT NULL,
    lifted_at  TIMESTAMP,
    by_id      TEXT NOT NULL,
    PRIMARY KEY (entity_id, file_id, pos),
    FOREIGN KEY (entity_id, file_id) REFERENCES casefile_files (entity_id, id)
);

-- Documents: never overwritten; a new version is a new row that names the
-- one it replaces. pos is its place in the expediente's índice.
CREATE TABLE casefile_documents (
    entity_id    TEXT NOT NULL,
    id           TEXT NOT NULL,
    file_id      TEXT NOT NULL,
    pos          INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    replaces     TEXT NOT NULL DEFAULT '',
    name         TEXT NOT NULL,
    doc_type     TEXT NOT NULL,
    origin       INTEGER NOT NULL CHECK (origin IN (0, 1)),
    elaboration  TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('borrador', 'emitido', 'incorporado')),
    visible      BOOLEAN NOT NULL DEFAULT FALSE,
    task_id      TEXT NOT NULL DEFAULT '',
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    content      BYTEA NOT NULL,
    body         TEXT NOT NULL DEFAULT '',
    csv          TEXT NOT NULL DEFAULT '',
    -- decree_id: a resolution of the libro de resoluciones, whose signed
    -- PDF is read from the libro (content is empty until then).
    decree_id    TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    created_by   TEXT NOT NULL,
    issued_at    TIMESTAMP,
    PRIMARY KEY (entity_id, id),
    FOREIGN KEY (entity_id, file_id) REFERENCES casefile_files (entity_id, id)
);
CREATE INDEX casefile_documents_file ON casefile_documents (entity_id, file_id, pos, version);

-- The expediente's history: every action, dated and attributed.
CREATE TABLE casefile_events (
    entity_id  TEXT NOT NULL,
    file_id    TEXT NOT NULL,
    pos        INTEGER NOT NULL,
    at         TIMESTAMP NOT NULL,
    actor_id   TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    kind       TEXT NOT NULL,
    text       TEXT NOT NULL,
    PRIMARY KEY (entity_id, file_id, pos),
    FOREIGN KEY (entity_id, file_id) REFERENCES casefile_files (entity_id, id)
);

-- Related expedientes (both directions are stored).
CREATE TABLE casefile_relations (
    entity_id TEXT NOT NULL,
    file_id   TEXT NOT NULL,
    other_id  TEXT NOT NULL,
    note      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (entity_id, file_id, other_id),
    FOREIGN KEY (entity_id, file_id) REFERENCES casefile_files (entity_id, id),
    FOREIGN KEY (entity_id, other_id) REFERENCES casefile_files (entity_id, id)
);

-- Notifications of an expediente's documents to its interesados (arts.
-- 40–46 Ley 39/2015). Electronic: puesta a disposición in the sede (made_at),
-- aviso by e-mail, practised when accessed (accessed_at) or rejected when
-- nobody accessed it in 10 días naturales (rejected_at, art. 43.2). Paper:
-- the result the clerk records (entregada, ausente, desconocido, rehusada)
-- with its date. The acuse is a document of the expediente (ack_doc_id).
CREATE TABLE casefile_notifications (
    entity_id   TEXT NOT NULL,
    id          TEXT NOT NULL,
    file_id     TEXT NOT NULL,
    document_id TEXT NOT NULL,
    party_pos   INTEGER NOT NULL,
    doc_number  TEXT NOT NULL,
    name        TEXT NOT NULL,
    email       TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL DEFAULT '',
    channel     TEXT NOT NULL CHECK (channel IN ('electronica', 'papel')),
    state       TEXT NOT NULL CHECK (state IN ('puesta', 'practicada', 'rechazada', 'pendiente', 'entregada', 'ausente', 'desconocido', 'rehusada')),
    made_at     TIMESTAMP NOT NULL,
    notice_at   TIMESTAMP,
    accessed_at TIMESTAMP,
    rejected_at TIMESTAMP,
    result_at   TIMESTAMP,
    result_note TEXT NOT NULL DEFAULT '',
    -- first_try_at: the first attempt of a paper notification that found
    -- nobody (art. 42.2: a second one follows).
    first_try_at TIMESTAMP,
    ack_doc_id  TEXT NOT NULL DEFAULT '',
    by_id       TEXT NOT NULL,
    PRIMARY KEY (entity_id, id),
    FOREIGN KEY (entity_id, file_id) REFERENCES casefile_files (entity_id, id)
);
CREATE INDEX casefile_notifications_file ON casefile_notifications (entity_id, file_id, made_at);
CREATE INDEX casefile_notifications_person ON casefile_notifications (entity_id, doc_number, state);
CREATE INDEX casefile_notifications_state ON casefile_notifications (state, made_at);
