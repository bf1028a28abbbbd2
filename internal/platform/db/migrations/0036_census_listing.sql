-- Padrón search: the page of a list is read from one covering index. The
-- listing index (the candidates of a name search are filtered, counted and
-- ordered from it) also holds every column a list shows, so the page's rows
-- come from it too; the sort_key index holds the id, so the ids of a page
-- of a first-surname search come from it alone.
DROP INDEX census_inscriptions_listing;
CREATE INDEX census_inscriptions_listing ON census_inscriptions (entity_id, id, active, sort_key, registered_on, birth_date,
    dwelling_id, name, surname1, surname2, doc_type, doc_number, left_on);
DROP INDEX census_inscriptions_sort;
CREATE INDEX census_inscriptions_sort ON census_inscriptions (entity_id, sort_key, active, id);
