-- Justificantes of padrón variations: the file a clerk attaches to prove a
-- new dwelling (escritura, contrato de alquiler, autorización del titular…).
-- One file may support several variations (a household that moves
-- together): each variation names it in document_file_id ('' when none).
CREATE TABLE census_documents (
    entity_id    TEXT NOT NULL,
    id           TEXT NOT NULL,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    content      BYTEA NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    created_by   TEXT NOT NULL,
    PRIMARY KEY (entity_id, id)
);
ALTER TABLE census_variations ADD COLUMN document_file_id TEXT NOT NULL DEFAULT '';
