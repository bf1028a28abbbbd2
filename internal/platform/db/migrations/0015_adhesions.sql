-- Issue 12: an adhesion is approved only when the signature of its signed
-- document was fully validated at upload: intact, by a certificate that
-- chains to a trusted root, valid at the signing time and not revoked.
-- Adhesions signed before this check existed are not taken as validated.
ALTER TABLE adhesions ADD COLUMN signature_valid BOOLEAN NOT NULL DEFAULT FALSE;
