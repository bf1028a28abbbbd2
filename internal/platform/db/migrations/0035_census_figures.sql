-- Cifras de población of one entity from one read of an index: the
-- covering index of the entity's residences by sex and birth date also
-- holds what the other breakdowns count (nationality, birthplace,
-- dwelling), so no row of the table is read.
DROP INDEX census_residences_entity_age;
CREATE INDEX census_residences_entity_age ON census_residences (entity_id, sex, birth_ymd, valid_from, valid_to,
    nationality, birth_province, birth_municipality, dwelling_id);
