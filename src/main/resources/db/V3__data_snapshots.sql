CREATE TABLE data_snapshots (
  sweep_id    INTEGER PRIMARY KEY REFERENCES sweeps(id),
  at          INTEGER NOT NULL,
  source      TEXT NOT NULL,
  path        TEXT,
  items       INTEGER NOT NULL,
  lines       INTEGER NOT NULL,
  data_hash   TEXT NOT NULL,
  bad_rows    TEXT NOT NULL,
  task_config TEXT NOT NULL
);
