-- Second factor: the last accepted TOTP time step, so a code is accepted
-- once (RFC 6238 §5.2), and the count of consecutive wrong codes, which
-- locks the account like wrong passwords do.
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN failed_totp INTEGER NOT NULL DEFAULT 0;
