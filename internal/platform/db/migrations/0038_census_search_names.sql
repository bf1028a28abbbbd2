-- Padrón search tokens: only the words of names and surnames. A document
-- (the only word with digits) is found through census_inscriptions_doc,
-- which the padrón keeps anyway, so its token was a second copy.
DELETE FROM census_search WHERE token LIKE '%0%' OR token LIKE '%1%' OR token LIKE '%2%' OR token LIKE '%3%'
    OR token LIKE '%4%' OR token LIKE '%5%' OR token LIKE '%6%' OR token LIKE '%7%' OR token LIKE '%8%' OR token LIKE '%9%';
