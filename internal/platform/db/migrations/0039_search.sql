-- Full-text search (db.SearchIndex; FTS5 on SQLite, a GIN index on the
-- tsvector on PostgreSQL): the support desk's tickets and the terceros.
CREATE SEARCH INDEX helpdesk_fts ON helpdesk_search (search_text) KEY (entity_id, ticket_id);
CREATE SEARCH INDEX parties_fts ON parties (search_text) KEY (entity_id, id);

-- The terceros in use (merged_into NULL) in the list's order: the list's
-- page and its count read this index alone.
CREATE INDEX parties_active ON parties (entity_id, merged_into, sort_name, id);

-- Whether a tercero in use may be a duplicate of another (the same
-- document, or a similar name and the same birth date), kept on every
-- write so that the page of possible duplicates reads only those. An
-- entity whose terceros were loaded in bulk, or written before this
-- column, has no row in party_duplicate_checks until all its terceros are
-- compared once (which also rewrites their search_text).
ALTER TABLE parties ADD COLUMN possible_duplicate BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX parties_possible_duplicates ON parties (entity_id, birth_date) WHERE possible_duplicate = TRUE;
CREATE TABLE party_duplicate_checks (
    entity_id  TEXT NOT NULL REFERENCES entities (id),
    checked_at TIMESTAMP NOT NULL,
    PRIMARY KEY (entity_id)
);
