-- Padrón: smaller variations (census/history.go). A variation keeps only
-- the fields it changed; an alta keeps nothing, because its state is the
-- inscription's row with the later variations undone. The whole snapshot
-- that each alta held until now is exactly that state (a later variation
-- of the old form keeps the whole state before it), so it goes.
UPDATE census_variations SET after_data = '' WHERE kind = 'A' AND before_data = '';
