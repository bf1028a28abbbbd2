-- Register of every document the platform issues with a código seguro de
-- verificación (CSV): justificantes, volantes, certificados, diligencias,
-- adhesion documents. /verificar looks codes up here.
CREATE TABLE issued_documents (
    csv          TEXT PRIMARY KEY,
    entity_id    TEXT NOT NULL,
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    object_type  TEXT NOT NULL,
    object_id    TEXT NOT NULL,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    size         BIGINT NOT NULL,
    content      BYTEA NOT NULL,
    issued_at    TIMESTAMP NOT NULL,
    issued_by    TEXT NOT NULL
);
CREATE INDEX issued_documents_object ON issued_documents (entity_id, object_type, object_id);
