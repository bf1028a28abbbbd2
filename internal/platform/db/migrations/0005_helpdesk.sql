-- Support desk (gestor de incidencias): tickets of the entities with their
-- replies, internal notes, attachments, phone calls and history; service
-- levels per service and priority; Diputación technicians by service
-- (second level); entity staff who manage all their entity's tickets; the
-- knowledge base of solutions. Portable DDL for SQLite and PostgreSQL.

-- Last ticket number given per year (INC-2026-004812).
CREATE TABLE helpdesk_counters (
    year INTEGER PRIMARY KEY,
    last BIGINT NOT NULL
);

-- Service levels: minutes of working time (Diputación calendar) to the first
-- response and to the resolution, per service ('' = any other) and priority.
CREATE TABLE helpdesk_sla (
    service_code       TEXT NOT NULL,
    priority           TEXT NOT NULL CHECK (priority IN ('baja', 'normal', 'alta', 'urgente')),
    response_minutes   INTEGER NOT NULL,
    resolution_minutes INTEGER NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    updated_by         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (service_code, priority)
);

-- Second level: Diputación technicians by service ('' = general queue).
CREATE TABLE helpdesk_team (
    user_id      TEXT NOT NULL REFERENCES users (id),
    service_code TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    created_by   TEXT NOT NULL,
    PRIMARY KEY (user_id, service_code)
);
CREATE INDEX helpdesk_team_service ON helpdesk_team (service_code);

-- Entity staff who see and follow every ticket of their entity (gestores
-- de incidencias de la entidad), besides its user administrators.
CREATE TABLE helpdesk_managers (
    entity_id  TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (entity_id, user_id),
    FOREIGN KEY (entity_id, user_id) REFERENCES memberships (entity_id, user_id)
);

CREATE TABLE helpdesk_tickets (
    entity_id          TEXT NOT NULL REFERENCES entities (id),
    id                 TEXT NOT NULL,
    number             TEXT NOT NULL,
    year               INTEGER NOT NULL,
    requester_id       TEXT REFERENCES users (id),
    requester_name     TEXT NOT NULL,
    requester_email    TEXT NOT NULL DEFAULT '',
    requester_phone    TEXT NOT NULL DEFAULT '',
    service_code       TEXT NOT NULL DEFAULT '',
    category           TEXT NOT NULL CHECK (category IN ('consulta', 'error', 'peticion')),
    priority           TEXT NOT NULL CHECK (priority IN ('baja', 'normal', 'alta', 'urgente')),
    channel            TEXT NOT NULL CHECK (channel IN ('web', 'telefono', 'correo', 'operador')),
    state              TEXT NOT NULL CHECK (state IN ('nueva', 'asignada', 'en_curso', 'pendiente', 'resuelta', 'cerrada', 'reabierta')),
    level              INTEGER NOT NULL DEFAULT 1,
    assignee_id        TEXT REFERENCES users (id),
    assignee_name      TEXT NOT NULL DEFAULT '',
    subject            TEXT NOT NULL,
    body               TEXT NOT NULL,
    reply_token        TEXT NOT NULL,
    sla_response_min   INTEGER NOT NULL,
    sla_resolution_min INTEGER NOT NULL,
    response_due_at    TIMESTAMP,
    resolution_due_at  TIMESTAMP,
    paused_since       TIMESTAMP,
    paused_work_min    BIGINT NOT NULL DEFAULT 0,
    first_response_at  TIMESTAMP,
    resolved_at        TIMESTAMP,
    closed_at          TIMESTAMP,
    response_work_min  BIGINT,
    resolution_work_min BIGINT,
    rating             INTEGER,
    rating_comment     TEXT NOT NULL DEFAULT '',
    rated_at           TIMESTAMP,
    created_at         TIMESTAMP NOT NULL,
    created_by         TEXT NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    PRIMARY KEY (entity_id, id)
);
CREATE UNIQUE INDEX helpdesk_tickets_number ON helpdesk_tickets (number);
CREATE UNIQUE INDEX helpdesk_tickets_token ON helpdesk_tickets (reply_token);
CREATE INDEX helpdesk_tickets_entity_state ON helpdesk_tickets (entity_id, state, created_at);
CREATE INDEX helpdesk_tickets_service_state ON helpdesk_tickets (service_code, state, created_at);
CREATE INDEX helpdesk_tickets_requester ON helpdesk_tickets (requester_id, created_at);
CREATE INDEX helpdesk_tickets_assignee ON helpdesk_tickets (assignee_id, state);
CREATE INDEX helpdesk_tickets_created ON helpdesk_tickets (created_at);
CREATE INDEX helpdesk_tickets_state ON helpdesk_tickets (state, resolution_due_at);
CREATE INDEX helpdesk_tickets_year ON helpdesk_tickets (year, entity_id);

-- The folded text of each ticket (number, subject, description, requester)
-- that searches scan: a narrow table scans much faster than the tickets.
CREATE TABLE helpdesk_search (
    entity_id   TEXT NOT NULL,
    ticket_id   TEXT NOT NULL,
    search_text TEXT NOT NULL,
    PRIMARY KEY (entity_id, ticket_id),
    FOREIGN KEY (entity_id, ticket_id) REFERENCES helpdesk_tickets (entity_id, id)
);

-- Public replies, internal notes and system lines of a ticket.
CREATE TABLE helpdesk_messages (
    entity_id   TEXT NOT NULL,
    id          TEXT NOT NULL,
    ticket_id   TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('respuesta', 'nota', 'correo')),
    author_id   TEXT,
    author_name TEXT NOT NULL,
    from_support BOOLEAN NOT NULL DEFAULT FALSE,
    body        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (entity_id, id),
    FOREIGN KEY (entity_id, ticket_id) REFERENCES helpdesk_tickets (entity_id, id)
);
CREATE INDEX helpdesk_messages_ticket ON helpdesk_messages (entity_id, ticket_id, created_at);

CREATE TABLE helpdesk_attachments (
    entity_id    TEXT NOT NULL,
    id           TEXT NOT NULL,
    ticket_id    TEXT NOT NULL,
    message_id   TEXT,
    internal     BOOLEAN NOT NULL DEFAULT FALSE,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    content      BYTEA NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    created_by   TEXT NOT NULL,
    PRIMARY KEY (entity_id, id),
    FOREIGN KEY (entity_id, ticket_id) REFERENCES helpdesk_tickets (entity_id, id)
);
CREATE INDEX helpdesk_attachments_ticket ON helpdesk_attachments (entity_id, ticket_id);

-- Phone calls: always tied to a ticket.
CREATE TABLE helpdesk_calls (
    entity_id     TEXT NOT NULL,
    id            TEXT NOT NULL,
    ticket_id     TEXT NOT NULL,
    caller_name   TEXT NOT NULL,
    caller_phone  TEXT NOT NULL,
    caller_id     TEXT REFERENCES users (id),
    duration_sec  INTEGER NOT NULL,
    summary       TEXT NOT NULL,
    taken_by      TEXT NOT NULL,
    taken_by_name TEXT NOT NULL,
    taken_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (entity_id, id),
    FOREIGN KEY (entity_id, ticket_id) REFERENCES helpdesk_tickets (entity_id, id)
);
CREATE INDEX helpdesk_calls_ticket ON helpdesk_calls (entity_id, ticket_id);
CREATE INDEX helpdesk_calls_phone ON helpdesk_calls (caller_phone);
CREATE INDEX helpdesk_calls_taken ON helpdesk_calls (taken_at);

-- What happened to a ticket, in words, for its history.
CREATE TABLE helpdesk_history (
    entity_id  TEXT NOT NULL,
    id         TEXT NOT NULL,
    ticket_id  TEXT NOT NULL,
    at         TIMESTAMP NOT NULL,
    actor_name TEXT NOT NULL,
    what       TEXT NOT NULL,
    public     BOOLEAN NOT NULL DEFAULT TRUE,
    PRIMARY KEY (entity_id, id),
    FOREIGN KEY (entity_id, ticket_id) REFERENCES helpdesk_tickets (entity_id, id)
);
CREATE INDEX helpdesk_history_ticket ON helpdesk_history (entity_id, ticket_id, at);

-- Knowledge base of solutions (base de conocimiento), written by the Diputación.
CREATE TABLE helpdesk_solutions (
    id           TEXT PRIMARY KEY,
    service_code TEXT NOT NULL DEFAULT '',
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    search_text  TEXT NOT NULL,
    published    BOOLEAN NOT NULL DEFAULT TRUE,
    views        BIGINT NOT NULL DEFAULT 0,
    created_at   TIMESTAMP NOT NULL,
    created_by   TEXT NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    updated_by   TEXT NOT NULL
);
CREATE INDEX helpdesk_solutions_service ON helpdesk_solutions (service_code, published);
