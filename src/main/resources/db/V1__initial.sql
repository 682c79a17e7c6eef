CREATE TABLE sweeps (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  spec_file     TEXT NOT NULL,
  spec_hash     TEXT NOT NULL,
  spec_json     TEXT NOT NULL,
  metric        TEXT NOT NULL,
  goal          TEXT NOT NULL CHECK (goal IN ('MINIMIZE', 'MAXIMIZE')),
  state         TEXT NOT NULL,
  reason        TEXT,
  best_trial_id INTEGER,
  best_checkpoint TEXT,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);

CREATE TABLE trials (
  id            INTEGER PRIMARY KEY,
  sweep_id      INTEGER NOT NULL REFERENCES sweeps(id),
  phase         TEXT NOT NULL CHECK (phase IN ('SEARCH', 'RETRAIN')),
  number        INTEGER NOT NULL,
  state         TEXT NOT NULL CHECK (state IN ('PENDING', 'RUNNING', 'COMPLETE', 'PRUNED', 'FAILED')),
  reason        TEXT,
  params_json   TEXT NOT NULL,
  seed          INTEGER NOT NULL,
  epochs        INTEGER NOT NULL,
  source_trial_id INTEGER REFERENCES trials(id),
  best_epoch    INTEGER,
  best_value    REAL,
  last_epoch    INTEGER,
  trial_dir     TEXT,
  pid           INTEGER,
  attempts      INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL,
  started_at    INTEGER,
  ended_at      INTEGER,
  heartbeat_at  INTEGER,
  UNIQUE (sweep_id, phase, number)
);

CREATE TABLE metrics (
  trial_id      INTEGER NOT NULL REFERENCES trials(id),
  epoch         INTEGER NOT NULL,
  name          TEXT NOT NULL,
  value         REAL,
  recorded_at   INTEGER NOT NULL,
  PRIMARY KEY (trial_id, epoch, name)
);

CREATE TABLE checkpoints (
  trial_id      INTEGER NOT NULL REFERENCES trials(id),
  epoch         INTEGER NOT NULL,
  path          TEXT NOT NULL,
  recorded_at   INTEGER NOT NULL,
  PRIMARY KEY (trial_id, epoch)
);

CREATE TABLE events (
  id            INTEGER PRIMARY KEY,
  sweep_id      INTEGER NOT NULL REFERENCES sweeps(id),
  trial_id      INTEGER REFERENCES trials(id),
  at            INTEGER NOT NULL,
  type          TEXT NOT NULL,
  message       TEXT
);
CREATE INDEX events_by_sweep ON events (sweep_id, id);

CREATE TABLE provenance (
  trial_id      INTEGER PRIMARY KEY REFERENCES trials(id),
  spec_hash     TEXT NOT NULL,
  seed          INTEGER NOT NULL,
  params_json   TEXT NOT NULL,
  data_hash     TEXT,
  git_commit    TEXT,
  sweep_version TEXT,
  java_version  TEXT,
  os            TEXT,
  libraries_json TEXT NOT NULL
);
