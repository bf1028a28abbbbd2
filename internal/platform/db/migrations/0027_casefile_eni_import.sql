-- Documents incorporated from an ENI document of another administration:
-- the identifier, órgano and date of capture they came with, and the ENI
-- file itself, exported as it came (its signatures are verified again
-- from it). Empty for the platform's own documents.
ALTER TABLE casefile_documents ADD COLUMN eni_identifier TEXT NOT NULL DEFAULT '';
ALTER TABLE casefile_documents ADD COLUMN eni_organ TEXT NOT NULL DEFAULT '';
ALTER TABLE casefile_documents ADD COLUMN eni_captured TIMESTAMP;
ALTER TABLE casefile_documents ADD COLUMN eni_xml BYTEA;
