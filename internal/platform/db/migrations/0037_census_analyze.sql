-- The planner's statistics of the padrón's tables after 0035 and 0036
-- rebuilt their covering indexes: without them SQLite reads a page of a
-- search through the primary key and the table instead of the listing
-- index alone.
ANALYZE census_inscriptions;
ANALYZE census_residences;
