-- The random-draw scheme a sweep was started with (sweep.search.Draws.VERSION). Sweeps made before this column
-- existed drew with scheme 1.
ALTER TABLE sweeps ADD COLUMN draws_version INTEGER NOT NULL DEFAULT 1;
