-- Registro lists with a bounded plan at any book size (issue 12), also
-- when the planner's statistics are missing or stale (SQLite without
-- ANALYZE, PostgreSQL right after a bulk load): every index by which an
-- asiento's distributions may be probed has entry_id right after its
-- equality columns, so that a nested loop is a lookup per asiento, never a
-- scan of a unit's (or the entity's) distributions per asiento.
--
-- The asientos a usuario sees, and those of the unidad filter.
CREATE INDEX registry_distributions_unit_entry ON registry_distributions (entity_id, unit_id, entry_id);
-- What the lists ask of each asiento: where it waits, whether it was ever
-- distributed (answered from the index alone).
CREATE INDEX registry_distributions_entry ON registry_distributions (entity_id, entry_id, state, unit_id);
-- Pending asientos of the whole entity (the pending page, the state filter).
CREATE INDEX registry_distributions_state ON registry_distributions (entity_id, state, entry_id);
-- The book in date order, with the columns that finish the order and
-- identify the asiento: the page is found in the index, and rows are read
-- only for the asientos shown.
DROP INDEX registry_entries_date;
CREATE INDEX registry_entries_date ON registry_entries (entity_id, registered_at, book, seq, id);
-- SIR interchanges: the list, newest first, and those of an asiento.
CREATE INDEX registry_interchanges_created ON registry_interchanges (entity_id, created_at);
CREATE INDEX registry_interchanges_entry ON registry_interchanges (entity_id, entry_id);
