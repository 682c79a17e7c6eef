package sweep.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sweep.spec.Goal;
import sweep.util.Json;

/**
 * The {@link Store} in one SQLite file: WAL journal (readers never block the writer), synchronous=FULL (a write
 * that returned survives a power cut, as the contract says), a busy timeout, foreign
 * keys, and the versioned schema of {@link Migrations}. One connection, used by one thread at a time.
 */
public final class SqliteStore implements Store {
  private final Connection c;
  private final Clock clock;
  private final String where;

  SqliteStore(Connection c, Clock clock, String where) {
    this.c = c;
    this.clock = clock;
    this.where = where;
  }

  /** Opens or creates the database for writing, migrating its schema to the latest version. */
  public static SqliteStore open(Path file, Clock clock) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      SqliteStore store = new SqliteStore(SqliteConnections.readWrite(file), clock, file.toString());
      try {
        Migrations.migrate(store.c, file.toString());
      } catch (SQLException | RuntimeException e) {
        store.c.close();
        throw e;
      }
      return store;
    } catch (java.io.IOException | SQLException e) {
      throw new StoreException("cannot open database " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens an existing database to read and write (promotion records its decisions); refuses a missing file or a
   * schema of another version.
   */
  public static SqliteStore openExisting(Path file, Clock clock) {
    return openExisting(file, clock, false);
  }

  /**
   * Opens an existing database read-only: what the read commands use, so they work on a database (or in a
   * directory) they may not write, such as a copy on a read-only mount. A database in such a directory that has no
   * write-ahead log beside it is opened as immutable (nothing can be writing it: a writer would have made the log).
   */
  public static SqliteStore openReadOnly(Path file, Clock clock) {
    return openExisting(file, clock, true);
  }

  private static SqliteStore openExisting(Path file, Clock clock, boolean readOnly) {
    if (!Files.isRegularFile(file)) {
      throw new sweep.util.BadInputException("no database at " + file + " (run `sweep run SPEC` first, or give --db)");
    }
    Path dir = file.toAbsolutePath().getParent();
    if (!readOnly && (!Files.isWritable(file) || dir != null && !Files.isWritable(dir))) {
      throw new StoreException("cannot write database " + file + ": it or its directory is read-only (the read"
          + " commands, without --promote, open it read-only)");
    }
    try {
      SqliteStore store = new SqliteStore(readOnly ? SqliteConnections.readOnly(file) : SqliteConnections.readWrite(file), clock, file.toString());
      int v = Migrations.version(store.c);
      if (v != Migrations.latest()) {
        store.close();
        throw new sweep.util.BadInputException(file + " has schema version " + v + "; " + (v < 0
            ? "no sweep writes that (is it a database of another program?)"
            : "this sweep reads version " + Migrations.latest() + (v < Migrations.latest()
                ? " (the next `sweep run` on it upgrades it)"
                : " (it was written by a newer sweep; use a newer sweep)")));
      }
      return store;
    } catch (SQLException e) {
      throw new StoreException("cannot open database " + file + ": " + e.getMessage(), e);
    }
  }

  private long now() {
    return clock.millis();
  }

  // ---- sweeps ----

  @Override
  public synchronized SweepRecord createSweep(NewSweep s) {
    if (sweep(s.name()).isPresent()) {
      throw new StoreException("a sweep named '" + s.name() + "' already exists in " + where);
    }
    long t = now();
    long id = insert("INSERT INTO sweeps (name, spec_file, spec_hash, spec_json, metric, goal, state, created_at,"
        + " updated_at, draws_version, uid, metric_definition) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", s.name(),
        s.specFile(), s.specHash(), s.specJson(), s.metric(), s.goal().name(), SweepState.RUNNING.name(), t, t,
        s.drawsVersion(), newUid(), s.metricDefinition());
    return sweepById(id);
  }

  @Override
  public synchronized Optional<SweepRecord> sweep(String name) {
    return queryOne("SELECT * FROM sweeps WHERE name = ?", this::sweepRow, name);
  }

  @Override
  public synchronized Optional<SweepRecord> latestSweep() {
    return queryOne("SELECT * FROM sweeps ORDER BY created_at DESC, id DESC LIMIT 1", this::sweepRow);
  }

  @Override
  public synchronized List<SweepRecord> sweeps() {
    return query("SELECT * FROM sweeps ORDER BY created_at, id", this::sweepRow);
  }

  private SweepRecord sweepById(long id) {
    return queryOne("SELECT * FROM sweeps WHERE id = ?", this::sweepRow, id)
        .orElseThrow(() -> new StoreException("no sweep with id " + id));
  }

  @Override
  public synchronized void setSweepState(long sweepId, SweepState state, String reason) {
    sweepById(sweepId);
    update("UPDATE sweeps SET state = ?, reason = ?, updated_at = ? WHERE id = ?", state.name(), reason, now(),
        sweepId);
  }

  /** 128 random bits, hex: a sweep's identity, unique across databases. */
  private static String newUid() {
    byte[] b = new byte[16];
    new java.security.SecureRandom().nextBytes(b);
    return java.util.HexFormat.of().formatHex(b);
  }

  @Override
  public synchronized void setBestManifest(long sweepId, String sha256) {
    sweepById(sweepId);
    update("UPDATE sweeps SET best_manifest_sha256 = ?, updated_at = ? WHERE id = ?", sha256, now(), sweepId);
  }

  @Override
  public synchronized void setMetricDefinition(long sweepId, String definition) {
    sweepById(sweepId);
    update("UPDATE sweeps SET metric_definition = ?, updated_at = ? WHERE id = ?", definition, now(), sweepId);
  }

  @Override
  public String describe() {
    return Path.of(where).toAbsolutePath().normalize().toString();
  }

  @Override
  public synchronized void setSweepBest(long sweepId, long trialId, String checkpoint) {
    TrialRecord t = trial(trialId);
    if (t.sweepId() != sweepId) {
      throw new StoreException("trial " + trialId + " is not in sweep " + sweepId);
    }
    update("UPDATE sweeps SET best_trial_id = ?, best_checkpoint = ?, updated_at = ? WHERE id = ?", trialId,
        checkpoint, now(), sweepId);
  }

  private SweepRecord sweepRow(ResultSet rs) throws SQLException {
    return new SweepRecord(rs.getLong("id"), rs.getString("name"), rs.getString("spec_file"),
        rs.getString("spec_hash"), rs.getString("spec_json"), rs.getString("metric"),
        Goal.valueOf(rs.getString("goal")), SweepState.valueOf(rs.getString("state")), rs.getString("reason"),
        longOrNull(rs, "best_trial_id"), rs.getString("best_checkpoint"), instant(rs, "created_at"),
        instant(rs, "updated_at"), rs.getInt("draws_version"), rs.getString("uid"),
        rs.getString("best_manifest_sha256"), rs.getString("metric_definition"));
  }

  // ---- trials ----

  @Override
  public synchronized TrialRecord createTrial(NewTrial n) {
    sweepById(n.sweepId());
    if (queryOne("SELECT id FROM trials WHERE sweep_id = ? AND phase = ? AND number = ?", rs -> rs.getLong(1),
        n.sweepId(), n.phase().name(), n.number()).isPresent()) {
      throw new StoreException("sweep " + n.sweepId() + " already has " + n.phase().word() + " trial " + n.number());
    }
    long id = insert("INSERT INTO trials (sweep_id, phase, number, state, params_json, seed, epochs,"
        + " source_trial_id, created_at) VALUES (?,?,?,?,?,?,?,?,?)", n.sweepId(), n.phase().name(), n.number(),
        TrialState.PENDING.name(), Json.write(n.params()), n.seed(), n.epochs(), n.sourceTrialId(), now());
    return trial(id);
  }

  @Override
  public synchronized void startTrial(long trialId, String trialDir, TrialLocation where) {
    expect(trialId, "start", TrialState.PENDING);
    long t = now();
    update("UPDATE trials SET state = 'RUNNING', trial_dir = ?, pid = ?, backend = ?, host = ?, handle = ?,"
        + " attempts = attempts + 1, started_at = ?, heartbeat_at = ?, reason = NULL WHERE id = ?", trialDir,
        where.pid(), where.backend(), where.host(), where.handle(), t, t, trialId);
  }

  @Override
  public synchronized void recordProvenance(long trialId, Provenance p) {
    expectNotFinished(trialId, "record provenance of");
    update("INSERT OR REPLACE INTO provenance (trial_id, spec_hash, seed, params_json, data_hash, git_commit,"
        + " sweep_version, java_version, os, libraries_json, cpu_threads) VALUES (?,?,?,?,?,?,?,?,?,?,?)", trialId,
        p.specHash(), p.seed(), Json.write(p.params()), p.dataHash(), p.gitCommit(), p.sweepVersion(), p.javaVersion(),
        p.os(), Json.write(p.libraries()), p.cpuThreads());
  }

  @Override
  public synchronized void recordEpoch(long trialId, int epoch, Map<String, Double> metrics) {
    expect(trialId, "record an epoch of", TrialState.RUNNING);
    inTransaction(() -> {
      long t = now();
      update("DELETE FROM metrics WHERE trial_id = ? AND epoch = ?", trialId, epoch);
      for (Map.Entry<String, Double> m : metrics.entrySet()) {
        Double v = m.getValue();
        update("INSERT OR REPLACE INTO metrics (trial_id, epoch, name, value, recorded_at) VALUES (?,?,?,?,?)",
            trialId, epoch, m.getKey(), v == null || !Double.isFinite(v) ? null : v, t);
      }
      update("UPDATE trials SET heartbeat_at = ? WHERE id = ?", t, trialId);
      refreshBest(trialId);
    });
  }

  /** Recomputes last and best epoch from the metrics table (the single source of truth). */
  private void refreshBest(long trialId) {
    TrialRecord t = trial(trialId);
    SweepRecord s = sweepById(t.sweepId());
    String order = s.goal() == Goal.MAXIMIZE ? "DESC" : "ASC";
    Optional<Object[]> best = queryOne("SELECT epoch, value FROM metrics WHERE trial_id = ? AND name = ? AND value"
        + " IS NOT NULL ORDER BY value " + order + ", epoch ASC LIMIT 1",
        rs -> new Object[] {rs.getInt(1), rs.getDouble(2)}, trialId, s.metric());
    Integer last = queryOne("SELECT MAX(epoch) FROM metrics WHERE trial_id = ?",
        rs -> (Integer) (rs.getObject(1) == null ? null : rs.getInt(1)), trialId).orElse(null);
    update("UPDATE trials SET best_epoch = ?, best_value = ?, last_epoch = ? WHERE id = ?",
        best.map(b -> b[0]).orElse(null), best.map(b -> b[1]).orElse(null), last, trialId);
  }

  @Override
  public synchronized void recordCheckpoint(long trialId, int epoch, String path) {
    expect(trialId, "record a checkpoint of", TrialState.RUNNING);
    update("INSERT OR REPLACE INTO checkpoints (trial_id, epoch, path, recorded_at) VALUES (?,?,?,?)", trialId,
        epoch, path, now());
  }

  @Override
  public synchronized void heartbeat(long trialId) {
    expect(trialId, "heartbeat", TrialState.RUNNING);
    update("UPDATE trials SET heartbeat_at = ? WHERE id = ?", now(), trialId);
  }

  @Override
  public synchronized void finishTrial(long trialId, TrialState state, String reason) {
    if (!state.finished()) {
      throw new IllegalStateException("finishTrial needs a finished state, not " + state);
    }
    TrialRecord t = expectNotFinished(trialId, "finish");
    if (t.state() == TrialState.PENDING && state != TrialState.FAILED) {
      throw new IllegalStateException("cannot finish trial " + t.label() + " as " + state
          + ": it never started (a PENDING trial can only be FAILED)");
    }
    update("UPDATE trials SET state = ?, reason = ?, ended_at = ? WHERE id = ?", state.name(), reason, now(),
        trialId);
  }

  @Override
  public synchronized void requeueTrial(long trialId, String reason) {
    TrialRecord t = expect(trialId, "requeue", TrialState.RUNNING);
    inTransaction(() -> {
      int keep = t.lastCheckpointEpoch() == null ? 0 : t.lastCheckpointEpoch();
      update("DELETE FROM metrics WHERE trial_id = ? AND epoch > ?", trialId, keep);
      update("DELETE FROM checkpoints WHERE trial_id = ? AND epoch > ?", trialId, keep);
      update("UPDATE trials SET state = 'PENDING', reason = ?, pid = NULL, backend = NULL, host = NULL,"
          + " handle = NULL WHERE id = ?", reason, trialId);
      refreshBest(trialId);
      update("INSERT INTO events (sweep_id, trial_id, at, type, message) VALUES (?,?,?,?,?)", t.sweepId(), trialId,
          now(), "requeued", reason);
    });
  }

  @Override
  public synchronized void updatePendingParams(long trialId, Map<String, Object> params, String reason) {
    TrialRecord t = expect(trialId, "change the parameters of", TrialState.PENDING);
    inTransaction(() -> {
      update("UPDATE trials SET params_json = ? WHERE id = ?", Json.write(new java.util.TreeMap<>(params)), trialId);
      update("INSERT INTO events (sweep_id, trial_id, at, type, message) VALUES (?,?,?,?,?)", t.sweepId(), trialId,
          now(), "params-changed", reason);
    });
  }

  @Override
  public synchronized void recordEvent(long sweepId, Long trialId, String type, String message) {
    insert("INSERT INTO events (sweep_id, trial_id, at, type, message) VALUES (?,?,?,?,?)", sweepId, trialId, now(),
        type, message);
  }

  private static final String TRIAL_SELECT = "SELECT t.*,"
      + " (SELECT epoch FROM checkpoints c WHERE c.trial_id = t.id ORDER BY epoch DESC LIMIT 1) AS ck_epoch,"
      + " (SELECT path FROM checkpoints c WHERE c.trial_id = t.id ORDER BY epoch DESC LIMIT 1) AS ck_path,"
      + " (SELECT path FROM checkpoints c WHERE c.trial_id = t.id AND c.epoch = t.best_epoch) AS best_ck"
      + " FROM trials t";

  @Override
  public synchronized List<TrialRecord> trials(long sweepId) {
    sweepById(sweepId);
    return query(TRIAL_SELECT + " WHERE t.sweep_id = ? ORDER BY CASE t.phase WHEN 'SEARCH' THEN 0 ELSE 1 END,"
        + " t.number", this::trialRow, sweepId);
  }

  @Override
  public synchronized List<TrialRecord> trials(long sweepId, Phase phase, java.util.Set<TrialState> states) {
    sweepById(sweepId);
    List<Object> args = new ArrayList<>(List.of(sweepId, phase.name()));
    StringBuilder in = new StringBuilder();
    for (TrialState st : states) {
      in.append(in.length() == 0 ? " AND t.state IN (?" : ", ?");
      args.add(st.name());
    }
    if (in.length() > 0) {
      in.append(")");
    }
    return query(TRIAL_SELECT + " WHERE t.sweep_id = ? AND t.phase = ?" + in + " ORDER BY t.number", this::trialRow,
        args.toArray());
  }

  @Override
  public synchronized Map<TrialState, Integer> trialCounts(long sweepId, Phase phase) {
    sweepById(sweepId);
    Map<TrialState, Integer> counts = new java.util.EnumMap<>(TrialState.class);
    for (TrialState state : TrialState.values()) {
      counts.put(state, 0);
    }
    query("SELECT state, COUNT(*) FROM trials WHERE sweep_id = ? AND phase = ? GROUP BY state", rs -> {
      counts.put(TrialState.valueOf(rs.getString(1)), rs.getInt(2));
      return null;
    }, sweepId, phase.name());
    return counts;
  }

  @Override
  public synchronized TrialRecord trial(long trialId) {
    return queryOne(TRIAL_SELECT + " WHERE t.id = ?", this::trialRow, trialId)
        .orElseThrow(() -> new StoreException("no trial with id " + trialId));
  }

  @Override
  public synchronized Optional<TrialRecord> bestTrial(long sweepId, Phase phase) {
    String order = sweepById(sweepId).goal() == Goal.MAXIMIZE ? "DESC" : "ASC";
    return queryOne(TRIAL_SELECT + " WHERE t.sweep_id = ? AND t.phase = ? AND t.state IN ('COMPLETE', 'PRUNED')"
        + " AND t.best_value IS NOT NULL ORDER BY t.best_value " + order + ", t.number LIMIT 1", this::trialRow,
        sweepId, phase.name());
  }

  private TrialRecord trialRow(ResultSet rs) throws SQLException {
    return new TrialRecord(rs.getLong("id"), rs.getLong("sweep_id"), Phase.valueOf(rs.getString("phase")),
        rs.getInt("number"), TrialState.valueOf(rs.getString("state")), rs.getString("reason"),
        java.util.Collections.unmodifiableMap(Json.params(rs.getString("params_json"))), rs.getLong("seed"),
        rs.getInt("epochs"),
        longOrNull(rs, "source_trial_id"), intOrNull(rs, "best_epoch"), doubleOrNull(rs, "best_value"),
        intOrNull(rs, "last_epoch"), intOrNull(rs, "ck_epoch"), rs.getString("ck_path"), rs.getString("best_ck"),
        rs.getString("trial_dir"), longOrNull(rs, "pid"), rs.getInt("attempts"), instant(rs, "created_at"),
        instant(rs, "started_at"), instant(rs, "ended_at"), instant(rs, "heartbeat_at"),
        rs.getString("backend") == null ? null : new TrialLocation(rs.getString("backend"), rs.getString("host"),
            rs.getString("handle"), longOrNull(rs, "pid")));
  }

  private TrialRecord expect(long trialId, String action, TrialState state) {
    TrialRecord t = trial(trialId);
    if (t.state() != state) {
      throw new IllegalStateException("cannot " + action + " trial " + t.label() + ": it is " + t.state()
          + (t.state().finished() ? " (finished trials are immutable)" : "") + ", not " + state);
    }
    return t;
  }

  private TrialRecord expectNotFinished(long trialId, String action) {
    TrialRecord t = trial(trialId);
    if (t.state().finished()) {
      throw new IllegalStateException("cannot " + action + " trial " + t.label() + ": it is " + t.state()
          + " (finished trials are immutable)");
    }
    return t;
  }

  // ---- reads ----

  @Override
  public synchronized List<EpochRecord> epochs(long trialId) {
    trial(trialId);
    Map<Integer, Map<String, Double>> byEpoch = new LinkedHashMap<>();
    Map<Integer, Instant> at = new LinkedHashMap<>();
    query("SELECT epoch, name, value, recorded_at FROM metrics WHERE trial_id = ? ORDER BY epoch, name", rs -> {
      int e = rs.getInt(1);
      double value = rs.getDouble(3);
      double v = rs.wasNull() ? Double.NaN : value; // before reading another column resets wasNull()
      byEpoch.computeIfAbsent(e, k -> new LinkedHashMap<>()).put(rs.getString(2), v);
      at.put(e, Instant.ofEpochMilli(rs.getLong(4)));
      return null;
    }, trialId);
    List<EpochRecord> out = new ArrayList<>();
    byEpoch.forEach((e, m) -> out.add(new EpochRecord(e, m, at.get(e))));
    return out;
  }

  @Override
  public synchronized Map<Long, java.util.SortedMap<Integer, Double>> metricCurves(long sweepId, Phase phase,
      String metric) {
    sweepById(sweepId);
    Map<Long, java.util.SortedMap<Integer, Double>> out = new LinkedHashMap<>();
    query("SELECT m.trial_id, m.epoch, m.value FROM trials t JOIN metrics m ON m.trial_id = t.id"
        + " WHERE t.sweep_id = ? AND t.phase = ? AND m.name = ? ORDER BY t.number, m.epoch", rs -> {
          long id = rs.getLong(1);
          int e = rs.getInt(2);
          double value = rs.getDouble(3);
          out.computeIfAbsent(id, k -> new java.util.TreeMap<>()).put(e, rs.wasNull() ? Double.NaN : value);
          return null;
        }, sweepId, phase.name(), metric);
    return out;
  }

  @Override
  public synchronized List<EventRecord> events(long sweepId) {
    sweepById(sweepId);
    return query("SELECT * FROM events WHERE sweep_id = ? ORDER BY id", SqliteStore::event, sweepId);
  }

  @Override
  public synchronized List<EventRecord> events(long sweepId, String type) {
    sweepById(sweepId);
    return query("SELECT * FROM events WHERE sweep_id = ? AND type = ? ORDER BY id", SqliteStore::event, sweepId,
        type);
  }

  private static EventRecord event(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new EventRecord(rs.getLong("id"), longOrNull(rs, "trial_id"), instant(rs, "at"), rs.getString("type"),
        rs.getString("message"));
  }

  @Override
  public synchronized Optional<Provenance> provenance(long trialId) {
    trial(trialId);
    return queryOne("SELECT * FROM provenance WHERE trial_id = ?", rs -> new Provenance(rs.getString("spec_hash"),
        rs.getLong("seed"), Json.params(rs.getString("params_json")), rs.getString("data_hash"),
        rs.getString("git_commit"), rs.getString("sweep_version"), rs.getString("java_version"), rs.getString("os"),
        Json.strings(rs.getString("libraries_json")), intOrNull(rs, "cpu_threads")), trialId);
  }

  @Override
  public synchronized PromotionRecord recordPromotion(long sweepId, long trialId, boolean promoted, Double value,
      Double previousValue, String version, String message) {
    TrialRecord t = trial(trialId);
    if (t.sweepId() != sweepId) {
      throw new StoreException("trial " + trialId + " is not in sweep " + sweepId);
    }
    long id = insert("INSERT INTO promotions (sweep_id, trial_id, at, promoted, value, previous_value, version,"
        + " message) VALUES (?,?,?,?,?,?,?,?)", sweepId, trialId, now(), promoted ? 1 : 0, value, previousValue,
        version, message);
    return promotions(sweepId).stream().filter(p -> p.id() == id).findFirst().orElseThrow();
  }

  @Override
  public synchronized DataSnapshot recordDataSnapshot(long sweepId, DataSnapshot d) {
    sweepById(sweepId);
    if (dataSnapshot(sweepId).isPresent()) {
      throw new IllegalStateException("sweep " + sweepId + " already has a data snapshot");
    }
    insert("INSERT INTO data_snapshots (sweep_id, at, source, path, items, lines, data_hash, bad_rows, task_config)"
        + " VALUES (?,?,?,?,?,?,?,?,?)", sweepId, now(), d.source(), d.path(), d.items(), d.lines(), d.dataHash(),
        d.badRows(), d.taskConfig());
    return dataSnapshot(sweepId).orElseThrow();
  }

  @Override
  public synchronized Optional<DataSnapshot> dataSnapshot(long sweepId) {
    sweepById(sweepId);
    return query("SELECT * FROM data_snapshots WHERE sweep_id = ?", rs -> new DataSnapshot(rs.getString("source"),
        rs.getString("path"), rs.getLong("items"), rs.getLong("lines"), rs.getString("data_hash"),
        rs.getString("bad_rows"), rs.getString("task_config"), instant(rs, "at")), sweepId).stream().findFirst();
  }

  @Override
  public synchronized List<PromotionRecord> promotions(long sweepId) {
    sweepById(sweepId);
    return query("SELECT * FROM promotions WHERE sweep_id = ? ORDER BY id", rs -> new PromotionRecord(
        rs.getLong("id"), rs.getLong("sweep_id"), rs.getLong("trial_id"), instant(rs, "at"), rs.getInt("promoted") == 1,
        doubleOrNull(rs, "value"), doubleOrNull(rs, "previous_value"), rs.getString("version"),
        rs.getString("message")), sweepId);
  }

  @Override
  public synchronized void close() {
    try {
      c.close();
    } catch (SQLException e) {
      throw new StoreException("cannot close " + where + ": " + e.getMessage(), e);
    }
  }

  // ---- JDBC plumbing ----

  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private interface Work {
    void run();
  }

  /**
   * Runs {@code work} in one transaction. What failed first is what is reported: SQLite ends a transaction itself on
   * some errors (a full disk, an I/O error), after which rolling back or leaving manual commit fails too ("no
   * transaction is active"); those later failures are attached as suppressed, never in its place.
   */
  private void inTransaction(Work work) {
    try {
      c.setAutoCommit(false);
    } catch (SQLException e) {
      throw new StoreException(where + ": " + e.getMessage(), e);
    }
    try {
      work.run();
      c.commit();
    } catch (RuntimeException | SQLException e) {
      SqliteConnections.endAfterFailure(c, e);
      throw e instanceof RuntimeException r ? r : new StoreException(where + ": " + e.getMessage(), e);
    }
    try {
      c.setAutoCommit(true);
    } catch (SQLException e) {
      throw new StoreException(where + ": " + e.getMessage(), e);
    }
  }

  private PreparedStatement prepare(String sql, Object... args) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a == null) {
        ps.setNull(i + 1, Types.NULL);
      } else if (a instanceof String text) { // a credential's value is never stored (sweep.util.Secrets)
        ps.setString(i + 1, sweep.util.Secrets.active().redact(text));
      } else {
        ps.setObject(i + 1, a);
      }
    }
    return ps;
  }

  private long insert(String sql, Object... args) {
    try (PreparedStatement ps = prepare(sql, args)) {
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    } catch (SQLException e) {
      throw new StoreException(where + ": " + e.getMessage(), e);
    }
  }

  private void update(String sql, Object... args) {
    try (PreparedStatement ps = prepare(sql, args)) {
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException(where + ": " + e.getMessage(), e);
    }
  }

  private <T> List<T> query(String sql, Row<T> row, Object... args) {
    try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
      List<T> out = new ArrayList<>();
      while (rs.next()) {
        out.add(row.read(rs));
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException(where + ": " + e.getMessage(), e);
    }
  }

  private <T> Optional<T> queryOne(String sql, Row<T> row, Object... args) {
    List<T> all = query(sql, row, args);
    return all.isEmpty() ? Optional.empty() : Optional.ofNullable(all.get(0));
  }

  private static Long longOrNull(ResultSet rs, String col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : v;
  }

  private static Integer intOrNull(ResultSet rs, String col) throws SQLException {
    int v = rs.getInt(col);
    return rs.wasNull() ? null : v;
  }

  private static Double doubleOrNull(ResultSet rs, String col) throws SQLException {
    double v = rs.getDouble(col);
    return rs.wasNull() ? null : v;
  }

  private static Instant instant(ResultSet rs, String col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }
}
