-- The list of a search without words (a first-surname search, an address
-- search) is a range of sort_key among the active inscriptions: with
-- active in the index, counting the matches reads the index alone instead
-- of a row per match.
DROP INDEX census_inscriptions_sort;
CREATE INDEX census_inscriptions_sort ON census_inscriptions (entity_id, sort_key, active);
