-- Where a trial's current attempt runs (sweep.store.TrialLocation): the backend that started it, the host, and the
-- backend's handle (for a local process: pid, start time and token). Attempts recorded before this column existed
-- ran as local processes known only by their pid, which stays in trials.pid.
ALTER TABLE trials ADD COLUMN backend TEXT;
ALTER TABLE trials ADD COLUMN host TEXT;
ALTER TABLE trials ADD COLUMN handle TEXT;
UPDATE trials SET backend = 'local' WHERE pid IS NOT NULL;
