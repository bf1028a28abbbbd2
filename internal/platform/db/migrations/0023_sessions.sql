-- Órganos colegiados (Pleno, Junta de Gobierno Local) of each entity: their
-- members, their sessions with the orden del día, attendance, votes, acta
-- and the certificates of the acuerdos.

-- An entity's órganos: one Pleno and at most one Junta de Gobierno Local.
-- legal_members is the número legal de miembros (quórum, mayoría absoluta).
CREATE TABLE sessions_organs (
    entity_id     TEXT NOT NULL REFERENCES entities (id),
    id            TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('pleno', 'junta')),
    name          TEXT NOT NULL,
    legal_members INTEGER NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    updated_by    TEXT NOT NULL,
    PRIMARY KEY (entity_id, id)
);
CREATE UNIQUE INDEX sessions_organs_kind ON sessions_organs (entity_id, kind);

-- Members of an órgano: its Presidente, the concejales (with their group)
-- and the Secretario (who attends but is not one of the legal members).
-- A member who leaves is kept (active false): past actas name him.
CREATE TABLE sessions_members (
    entity_id  TEXT NOT NULL,
    id         TEXT NOT NULL,
    organ_id   TEXT NOT NULL,
    pos        INTEGER NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('presidente', 'miembro', 'secretario')),
    name       TEXT NOT NULL,
    post       TEXT NOT NULL,
    grp        TEXT NOT NULL DEFAULT '',
    email      TEXT NOT NULL DEFAULT '',
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    PRIMARY KEY (entity_id, id),
    FOREIGN KEY (entity_id, organ_id) REFERENCES sessions_organs (entity_id, id)
);
CREATE INDEX sessions_members_organ ON sessions_members (entity_id, organ_id, pos);

-- Sessions. state: convocada (until it is closed), celebrada (acta in
-- draft), acta_aprobada (never edited again). approved_in is the later
-- session whose item approved the acta.
CREATE TABLE sessions_sessions (
    entity_id        TEXT NOT NULL,
    id               TEXT NOT NULL,
    organ_id         TEXT NOT NULL,
    year             INTEGER NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('ordinaria', 'extraordinaria', 'urgente')),
    state            TEXT NOT NULL CHECK (state IN ('convocada', 'celebrada', 'acta_aprobada')),
    starts_at        TIMESTAMP NOT NULL,
    place            TEXT NOT NULL,
    convened_at      TIMESTAMP NOT NULL,
    convened_by      TEXT NOT NULL,
    convened_by_name TEXT NOT NULL,
    convocation_csv  TEXT NOT NULL,
    opened_at        TIMESTAMP,
    closed_at        TIMESTAMP,
    acta             TEXT NOT NULL DEFAULT '',
    acta_csv         TEXT NOT NULL DEFAULT '',
    approved_at      TIMESTAMP,
    approved_in      TEXT NOT NULL DEFAULT '',
    updated_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (entity_id, id),
    FOREIGN KEY (entity_id, organ_id) REFERENCES sessions_organs (entity_id, id)
);
CREATE INDEX sessions_sessions_organ ON sessions_sessions (entity_id, organ_id, starts_at);

-- Attendance of each member at a session.
CREATE TABLE sessions_attendance (
    entity_id  TEXT NOT NULL,
    session_id TEXT NOT NULL,
    member_id  TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('presente', 'excusado', 'ausente')),
    PRIMARY KEY (entity_id, session_id, member_id),
    FOREIGN KEY (entity_id, session_id) REFERENCES sessions_sessions (entity_id, id),
    FOREIGN KEY (entity_id, member_id) REFERENCES sessions_members (entity_id, id)
);

-- Items of the orden del día. kind: expediente (file_id names it),
-- acta (approval of the acta of acta_session_id), asunto (a free item that
-- is voted), informativo (dación de cuenta, ruegos y preguntas: no vote),
-- urgencia (ratification of the urgency, first item of an urgente).
-- certificate_csv is drawn when the acuerdo is adopted; recorded says the
-- certificate reached the expediente.
CREATE TABLE sessions_items (
    entity_id       TEXT NOT NULL,
    id              TEXT NOT NULL,
    session_id      TEXT NOT NULL,
    pos             INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('expediente', 'acta', 'asunto', 'informativo', 'urgencia')),
    title           TEXT NOT NULL,
    file_id         TEXT NOT NULL DEFAULT '',
    file_number     TEXT NOT NULL DEFAULT '',
    acta_session_id TEXT NOT NULL DEFAULT '',
    absolute        BOOLEAN NOT NULL DEFAULT FALSE,
    resolves        BOOLEAN NOT NULL DEFAULT FALSE,
    result          TEXT NOT NULL DEFAULT '' CHECK (result IN ('', 'aprobado', 'rechazado', 'retirado', 'sobre la mesa', 'enterado')),
    votes_for       INTEGER NOT NULL DEFAULT 0,
    votes_against   INTEGER NOT NULL DEFAULT 0,
    abstentions     INTEGER NOT NULL DEFAULT 0,
    agreement       TEXT NOT NULL DEFAULT '',
    certificate_csv TEXT NOT NULL DEFAULT '',
    recorded        BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (entity_id, id),
    FOREIGN KEY (entity_id, session_id) REFERENCES sessions_sessions (entity_id, id)
);
CREATE UNIQUE INDEX sessions_items_pos ON sessions_items (entity_id, session_id, pos);

-- The vote of each member on an item, when the vote is recorded by name.
CREATE TABLE sessions_votes (
    entity_id TEXT NOT NULL,
    item_id   TEXT NOT NULL,
    member_id TEXT NOT NULL,
    vote      TEXT NOT NULL CHECK (vote IN ('favor', 'contra', 'abstencion')),
    PRIMARY KEY (entity_id, item_id, member_id),
    FOREIGN KEY (entity_id, item_id) REFERENCES sessions_items (entity_id, id),
    FOREIGN KEY (entity_id, member_id) REFERENCES sessions_members (entity_id, id)
);
