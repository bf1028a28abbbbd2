-- The register holds every field of a SICRES 3.0 interchange at its full
-- length, so that an asiento received through SIR is kept whole and an
-- asiento sent carries everything the clerk recorded.

-- Interesados and their representantes: a representante is a row of its
-- own (role 'representante') that acts for the interesado at position
-- represents. name stays the whole name shown in lists; the parts are what
-- SICRES exchanges.
ALTER TABLE registry_interested ADD COLUMN role TEXT NOT NULL DEFAULT 'interesado';
ALTER TABLE registry_interested ADD COLUMN represents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE registry_interested ADD COLUMN given_name TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_interested ADD COLUMN surname1 TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_interested ADD COLUMN surname2 TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_interested ADD COLUMN business_name TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_interested ADD COLUMN country TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_interested ADD COLUMN province TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_interested ADD COLUMN municipality TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_interested ADD COLUMN postcode TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_interested ADD COLUMN deh TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_interested ADD COLUMN channel TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_interested ADD COLUMN notes TEXT NOT NULL DEFAULT '';

-- Asientos: the units of tramitación of origin and destination, the
-- asunto's code at destination and the expediente number, transport,
-- physical documentation, the origin's own number and date (an asiento
-- received through SIR), and the apunte's observations.
ALTER TABLE registry_entries ADD COLUMN origin_unit_dir3 TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_entries ADD COLUMN origin_unit_name TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_entries ADD COLUMN dest_unit_dir3 TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_entries ADD COLUMN dest_unit_name TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_entries ADD COLUMN subject_code TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_entries ADD COLUMN case_number TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_entries ADD COLUMN transport_type TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_entries ADD COLUMN transport_number TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_entries ADD COLUMN physical_docs TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_entries ADD COLUMN entry_notes TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_entries ADD COLUMN origin_number TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_entries ADD COLUMN origin_registered_at TIMESTAMP;

-- Documents: SICRES validity and kind, the identifier and hash they came
-- with, their detached signature, certificate, time-stamp and OCSP answer,
-- the document a signature signs, and observations.
ALTER TABLE registry_documents ADD COLUMN validity TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_documents ADD COLUMN doc_kind TEXT NOT NULL DEFAULT '02';
ALTER TABLE registry_documents ADD COLUMN file_id TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_documents ADD COLUMN sicres_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_documents ADD COLUMN signature BYTEA;
ALTER TABLE registry_documents ADD COLUMN certificate BYTEA;
ALTER TABLE registry_documents ADD COLUMN time_stamp BYTEA;
ALTER TABLE registry_documents ADD COLUMN ocsp BYTEA;
ALTER TABLE registry_documents ADD COLUMN signed_file_id TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_documents ADD COLUMN notes TEXT NOT NULL DEFAULT '';

-- SIR interchanges with the states of their message flow. Sent:
-- 'enviado' (file made; handed over by hand or transmitted), 'no_enviado'
-- (the connector could not reach SIR: retried), 'entregado' (ACK),
-- 'confirmado' (CONFIRMACION with the destination's number), 'devuelto'
-- (rechazo returned by the destination), 'error' (ERROR message).
-- Received: 'recibido' (pending), 'aceptado', 'rechazado', 'reenviado'
-- (forwarded to another office), 'invalido' (refused on reception with an
-- error code; exchange_id as read, possibly empty).
CREATE TABLE registry_interchanges_new (
    entity_id          TEXT NOT NULL REFERENCES entities (id),
    id                 TEXT NOT NULL,
    direction          TEXT NOT NULL CHECK (direction IN ('enviado', 'recibido')),
    exchange_id        TEXT NOT NULL,
    state              TEXT NOT NULL CHECK (state IN ('enviado', 'no_enviado', 'entregado', 'confirmado', 'devuelto',
                           'error', 'recibido', 'aceptado', 'rechazado', 'reenviado', 'invalido')),
    reason             TEXT NOT NULL DEFAULT '',
    error_code         TEXT NOT NULL DEFAULT '',
    annotation         TEXT NOT NULL DEFAULT '02',
    office_code        TEXT NOT NULL,
    office_name        TEXT NOT NULL DEFAULT '',
    unit_code          TEXT NOT NULL DEFAULT '',
    unit_name          TEXT NOT NULL DEFAULT '',
    origin_number      TEXT NOT NULL DEFAULT '',
    dest_number        TEXT NOT NULL DEFAULT '',
    dest_registered_at TIMESTAMP,
    summary            TEXT NOT NULL,
    entry_id           TEXT,
    test               BOOLEAN NOT NULL DEFAULT FALSE,
    channel            TEXT NOT NULL DEFAULT 'manual',
    content            BYTEA NOT NULL,
    created_at         TIMESTAMP NOT NULL,
    created_by         TEXT NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    decided_at         TIMESTAMP,
    decided_by         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (entity_id, id),
    FOREIGN KEY (entity_id, entry_id) REFERENCES registry_entries (entity_id, id)
);
INSERT INTO registry_interchanges_new (entity_id, id, direction, exchange_id, state, reason, office_code, office_name,
    origin_number, summary, entry_id, content, created_at, created_by, updated_at, decided_at, decided_by)
SELECT entity_id, id, direction, exchange_id, state, reason, office_code, office_name, origin_number, summary,
    entry_id, content, created_at, created_by, COALESCE(decided_at, created_at), decided_at, decided_by
FROM registry_interchanges;
DROP TABLE registry_interchanges;
ALTER TABLE registry_interchanges_new RENAME TO registry_interchanges;
CREATE UNIQUE INDEX registry_interchanges_exchange ON registry_interchanges (entity_id, direction, exchange_id)
    WHERE state <> 'invalido';
CREATE INDEX registry_interchanges_created ON registry_interchanges (entity_id, created_at);
CREATE INDEX registry_interchanges_entry ON registry_interchanges (entity_id, entry_id);
CREATE INDEX registry_interchanges_state ON registry_interchanges (entity_id, direction, state);

-- The history of an interchange: every file and message sent or received
-- (envío, reenvío, rechazo, ACK, CONFIRMACION, ERROR), in order.
CREATE TABLE registry_interchange_messages (
    entity_id      TEXT NOT NULL,
    interchange_id TEXT NOT NULL,
    pos            INTEGER NOT NULL,
    direction      TEXT NOT NULL CHECK (direction IN ('enviado', 'recibido')),
    kind           TEXT NOT NULL CHECK (kind IN ('envio', 'reenvio', 'rechazo', 'ack', 'error', 'confirmacion')),
    error_code     TEXT NOT NULL DEFAULT '',
    description    TEXT NOT NULL DEFAULT '',
    content        BYTEA,
    created_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (entity_id, interchange_id, pos),
    FOREIGN KEY (entity_id, interchange_id) REFERENCES registry_interchanges (entity_id, id)
);
