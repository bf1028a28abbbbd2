-- Sede electrónica: what the page of each procedure of the catalogue tells
-- besides its name (RD 203/2021 art. 11.1 and Ley 39/2015 art. 21.4: the
-- plazo máximo and the effect of silence are published): requirements,
-- documents to attach, the fee, the body that resolves, the regulation,
-- and the plazo and silence as worded when days and the effect alone do
-- not say them (empty: not published).
ALTER TABLE eoffice_procedures ADD COLUMN requirements TEXT NOT NULL DEFAULT '';
ALTER TABLE eoffice_procedures ADD COLUMN documents TEXT NOT NULL DEFAULT '';
ALTER TABLE eoffice_procedures ADD COLUMN fee TEXT NOT NULL DEFAULT '';
ALTER TABLE eoffice_procedures ADD COLUMN resolver TEXT NOT NULL DEFAULT '';
ALTER TABLE eoffice_procedures ADD COLUMN regulation TEXT NOT NULL DEFAULT '';
ALTER TABLE eoffice_procedures ADD COLUMN term_text TEXT NOT NULL DEFAULT '';
ALTER TABLE eoffice_procedures ADD COLUMN silence_text TEXT NOT NULL DEFAULT '';
