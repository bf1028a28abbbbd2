-- Padrón lists at province scale.
-- sort_key orders people as a Spanish list does (first surname, second
-- surname, name; case and accents ignored): the application writes it
-- (census.sortKey); rows written before it get the same from the accented
-- letters of Spanish and its neighbours.
ALTER TABLE census_inscriptions ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';
UPDATE census_inscriptions SET sort_key = lower(trim(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(surname1, 'á', 'a'), 'é', 'e'), 'í', 'i'), 'ó', 'o'), 'ú', 'u'), 'ü', 'u'), 'ñ', 'n'), 'à', 'a'), 'è', 'e'), 'ò', 'o'), 'ï', 'i'), 'ç', 'c'), 'Á', 'a'), 'É', 'e'), 'Í', 'i'), 'Ó', 'o'), 'Ú', 'u'), 'Ü', 'u'), 'Ñ', 'n'), 'À', 'a'), 'È', 'e'), 'Ò', 'o'), 'Ï', 'i'), 'Ç', 'c'))) || ' ' || lower(trim(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(surname2, 'á', 'a'), 'é', 'e'), 'í', 'i'), 'ó', 'o'), 'ú', 'u'), 'ü', 'u'), 'ñ', 'n'), 'à', 'a'), 'è', 'e'), 'ò', 'o'), 'ï', 'i'), 'ç', 'c'), 'Á', 'a'), 'É', 'e'), 'Í', 'i'), 'Ó', 'o'), 'Ú', 'u'), 'Ü', 'u'), 'Ñ', 'n'), 'À', 'a'), 'È', 'e'), 'Ò', 'o'), 'Ï', 'i'), 'Ç', 'c'))) || ' ' || lower(trim(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(name, 'á', 'a'), 'é', 'e'), 'í', 'i'), 'ó', 'o'), 'ú', 'u'), 'ü', 'u'), 'ñ', 'n'), 'à', 'a'), 'è', 'e'), 'ò', 'o'), 'ï', 'i'), 'ç', 'c'), 'Á', 'a'), 'É', 'e'), 'Í', 'i'), 'Ó', 'o'), 'Ú', 'u'), 'Ü', 'u'), 'Ñ', 'n'), 'À', 'a'), 'È', 'e'), 'Ò', 'o'), 'Ï', 'i'), 'Ç', 'c')));
DROP INDEX census_inscriptions_surname;
CREATE INDEX census_inscriptions_sort ON census_inscriptions (entity_id, sort_key);
-- The candidates of a name search are filtered, counted and ordered from
-- this index alone; only the rows of the page shown are read from the table.
CREATE INDEX census_inscriptions_listing ON census_inscriptions (entity_id, id, active, sort_key, registered_on, birth_date);
