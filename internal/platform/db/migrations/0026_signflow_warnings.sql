-- The last expiry warning sent for a certificate: the threshold in days
-- (60, 30 or 7) whose warning went out, so that each goes once.
ALTER TABLE signflow_certificates ADD COLUMN warned_days INTEGER;
