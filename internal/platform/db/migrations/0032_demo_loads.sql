-- The demo's module loaders that have finished: `concejo demo` loads the
-- modules' data behind a serving platform and, after a stop, resumes with
-- those not recorded here (each loader also skips what it already wrote).
CREATE TABLE demo_loads (
    part         TEXT PRIMARY KEY,
    finished_at  TIMESTAMP NOT NULL
);
