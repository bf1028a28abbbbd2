-- Padrón search at province scale: the candidates of a name search are
-- counted and ordered from this index alone; only the rows of the page
-- shown are read from the table.
CREATE INDEX census_inscriptions_listing ON census_inscriptions (entity_id, id, active, surname1, surname2, name,
    registered_on, birth_date);
