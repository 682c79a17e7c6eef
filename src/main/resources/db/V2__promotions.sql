CREATE TABLE promotions (
  id             INTEGER PRIMARY KEY,
  sweep_id       INTEGER NOT NULL REFERENCES sweeps(id),
  trial_id       INTEGER NOT NULL REFERENCES trials(id),
  at             INTEGER NOT NULL,
  promoted       INTEGER NOT NULL CHECK (promoted IN (0, 1)),
  value          REAL,
  previous_value REAL,
  version        TEXT,
  message        TEXT NOT NULL
);
CREATE INDEX promotions_by_sweep ON promotions (sweep_id, id);
