-- The identity colour of a public site: the background of its header under
-- white text, "#rrggbb" ('' = the platform's default). The portal refuses
-- colours below a 4.5:1 contrast with white.
ALTER TABLE portal_sites ADD COLUMN colour TEXT NOT NULL DEFAULT '';
