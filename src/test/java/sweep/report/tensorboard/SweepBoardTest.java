package sweep.report.tensorboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.spec.ParamSpec;
import sweep.store.EpochRecord;
import sweep.store.Phase;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.testing.NeedsPackage;
import sweep.util.Secrets;

/**
 * A sweep's TensorBoard files read back without sweep's classes: framing and CRCs by {@link RawRecords}, messages by
 * {@code protoc --decode_raw}, held to TensorBoard's field numbers (Event: 1 wall_time, 2 step, 3 file_version,
 * 5 summary; Summary.Value: 1 tag, 2 simple_value, 9 metadata; SummaryMetadata: 1 plugin_data {1 plugin_name,
 * 2 content}, 3 summary_description; HParamsPluginData: 1 version, 2 experiment, 3 session_start_info,
 * 4 session_end_info).
 */
@NeedsPackage("protobuf-compiler")
class SweepBoardTest {
  private static final Instant CREATED = Instant.parse("2026-12-06T10:00:00.250Z");

  @TempDir Path dir;

  private final Map<String, ParamSpec> parameters = parameters();

  private static Map<String, ParamSpec> parameters() {
    Map<String, ParamSpec> p = new LinkedHashMap<>();
    p.put("learning_rate", new ParamSpec.LogUniform(1e-5, 1e-2));
    p.put("per_device_train_batch_size", new ParamSpec.Categorical(List.of(8L, 16L)));
    p.put("optimizer", new ParamSpec.Categorical(List.of("adamw", 1L)));
    p.put("epochs_warm", new ParamSpec.IntUniform(0, 3));
    p.put("seed_offset", new ParamSpec.Constant(7L));
    return p;
  }

  @Test
  void theExperimentListsTheSearchedParametersWithTheirDomainsAndTheMetric() throws Exception {
    new SweepBoard(dir, parameters).writeExperiment("lr-sweep", CREATED, "val_loss", "minimize");
    List<byte[]> records = RawRecords.read(onlyFile(dir));
    assertThat(records).hasSize(2);
    DecodedRaw version = DecodedRaw.decode(records.get(0));
    assertThat(version.string(3)).isEqualTo("brain.Event:2");
    assertThat(version.float64(1)).isEqualTo(CREATED.getEpochSecond() + 0.25);

    DecodedRaw data = hparams(DecodedRaw.decode(records.get(1)), "_hparams_/experiment", 2);
    assertThat(data.string(6)).isEqualTo("lr-sweep");
    assertThat(data.float64(3)).isEqualTo(CREATED.getEpochSecond() + 0.25);
    assertThat(data.path(5, 1).string(2)).isEqualTo("val_loss");
    Map<String, DecodedRaw> infos = new LinkedHashMap<>();
    data.messages(4).forEach(i -> infos.put(i.string(1), i));
    assertThat(infos.keySet()).as("the spec's order").containsExactly("learning_rate", "per_device_train_batch_size",
        "optimizer", "epochs_warm");

    DecodedRaw lr = infos.get("learning_rate");
    assertThat(lr.varint(4)).as("FLOAT64").isEqualTo(3);
    assertThat(lr.message(6).float64(1)).isEqualTo(1e-5);
    assertThat(lr.message(6).float64(2)).isEqualTo(1e-2);
    assertThat(infos.get("epochs_warm").message(6).float64(2)).isEqualTo(3.0);

    DecodedRaw batch = infos.get("per_device_train_batch_size");
    assertThat(batch.varint(4)).as("FLOAT64").isEqualTo(3);
    assertThat(batch.message(5).messages(1).stream().map(v -> v.float64(2))).containsExactly(8.0, 16.0);

    DecodedRaw optimizer = infos.get("optimizer"); // a list of mixed types is a list of strings
    assertThat(optimizer.varint(4)).as("STRING").isEqualTo(1);
    assertThat(optimizer.message(5).messages(1).stream().map(v -> v.string(3))).containsExactly("adamw", "1");
  }

  @Test
  void aTrialIsItsSessionStartAScalarPerMetricPerEpochAndItsSessionEnd() throws Exception {
    TrialRecord t = trial(TrialState.PRUNED);
    List<EpochRecord> epochs = List.of(epoch(1, 0.75, 2e-5), epoch(2, 0.5, 1e-5));
    new SweepBoard(dir, parameters).writeTrial(t, epochs);

    List<byte[]> records = RawRecords.read(onlyFile(dir.resolve("trial-0003")));
    assertThat(records).hasSize(5); // version, session start, two epochs, session end
    assertThat(DecodedRaw.decode(records.get(0)).string(3)).isEqualTo("brain.Event:2");

    DecodedRaw start = hparams(DecodedRaw.decode(records.get(1)), "_hparams_/session_start_info", 3);
    Map<String, DecodedRaw> hp = new LinkedHashMap<>();
    start.messages(1).forEach(e -> hp.put(e.string(1), e.message(2)));
    assertThat(hp).containsOnlyKeys("learning_rate", "per_device_train_batch_size", "optimizer");
    assertThat(hp.get("learning_rate").float64(2)).isEqualTo(3e-4);
    assertThat(hp.get("per_device_train_batch_size").float64(2)).isEqualTo(16.0);
    assertThat(hp.get("optimizer").string(3)).isEqualTo("1"); // the experiment's type for the list: string
    assertThat(start.string(2)).isEqualTo("/runs/s/trial-0003");

    for (int i = 0; i < 2; i++) {
      DecodedRaw event = DecodedRaw.decode(records.get(2 + i));
      EpochRecord e = epochs.get(i);
      assertThat(event.varint(2)).isEqualTo(e.epoch());
      assertThat(event.float64(1)).isEqualTo(e.at().getEpochSecond() + 0.25);
      Map<String, Float> scalars = new LinkedHashMap<>();
      event.message(5).messages(1).forEach(v -> scalars.put(v.string(1), v.float32(2)));
      assertThat(scalars).as("every metric but the step count").containsOnlyKeys("val_loss", "learning_rate");
      assertThat(scalars.get("val_loss")).isCloseTo(e.metrics().get("val_loss").floatValue(), within(0f));
      assertThat(scalars.get("learning_rate")).isEqualTo(e.metrics().get("learning_rate").floatValue());
    }

    DecodedRaw endEvent = DecodedRaw.decode(records.get(4));
    assertThat(endEvent.varint(2)).isEqualTo(2);
    DecodedRaw end = hparams(endEvent, "_hparams_/session_end_info", 4);
    assertThat(end.varint(1)).as("STATUS_SUCCESS").isEqualTo(1);
    assertThat(end.float64(2)).isEqualTo(t.endedAt().getEpochSecond() + 0.25);
    assertThat(endEvent.path(5, 1, 9).string(3)).isEqualTo("pruned");
  }

  @Test
  void aFailedTrialEndsInFailureAndARunningOneHasNoEnd() throws Exception {
    SweepBoard board = new SweepBoard(dir, parameters);
    board.writeTrial(trial(TrialState.FAILED), List.of());
    List<byte[]> failed = RawRecords.read(onlyFile(dir.resolve("trial-0003")));
    assertThat(failed).hasSize(3);
    assertThat(hparams(DecodedRaw.decode(failed.get(2)), "_hparams_/session_end_info", 4).varint(1))
        .as("STATUS_FAILURE").isEqualTo(2);

    board.writeTrial(trial(TrialState.RUNNING), List.of(epoch(1, 0.9, 1e-5)));
    List<byte[]> running = RawRecords.read(onlyFile(dir.resolve("trial-0003")));
    assertThat(running).hasSize(3);
    assertThat(DecodedRaw.decode(running.get(2)).message(5).messages(1).stream().map(v -> v.string(1)))
        .as("the last event is the epoch's").containsExactlyInAnyOrder("val_loss", "learning_rate");
  }

  @Test
  void aTrialGainingEpochsOnlyAppendsToItsFile() throws Exception {
    SweepBoard board = new SweepBoard(dir, parameters);
    List<EpochRecord> epochs = new ArrayList<>(List.of(epoch(1, 0.9, 1e-5)));
    board.writeTrial(trial(TrialState.RUNNING), epochs);
    byte[] before = Files.readAllBytes(onlyFile(dir.resolve("trial-0003")));
    epochs.add(epoch(2, 0.8, 1e-5));
    board.writeTrial(trial(TrialState.COMPLETE), epochs);
    byte[] after = Files.readAllBytes(onlyFile(dir.resolve("trial-0003")));
    assertThat(after.length).isGreaterThan(before.length);
    assertThat(java.util.Arrays.copyOf(after, before.length)).isEqualTo(before);
  }

  @Test
  void theRecordCheckFailsOnAnyFlippedByte() throws Exception {
    new SweepBoard(dir, parameters).writeTrial(trial(TrialState.COMPLETE), List.of(epoch(1, 0.9, 1e-5)));
    byte[] bytes = Files.readAllBytes(onlyFile(dir.resolve("trial-0003")));
    assertThat(RawRecords.read(bytes, "whole")).hasSize(4);
    for (int at = 0; at < bytes.length; at++) {
      int i = at;
      assertThatThrownBy(() -> RawRecords.read(RawRecords.flipped(bytes, i), "flipped")).as("byte %d", i)
          .isInstanceOf(AssertionError.class);
    }
  }

  @Test
  void theMaskedCrcIsTensorFlowsOfTheStandardCheckValue() {
    byte[] check = "123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    // CRC-32C of "123456789" is 0xe3069283 (RFC 3720's check value); masked: rotate right 15, add 0xa282ead8
    int expected = Integer.rotateRight(0xe3069283, 15) + 0xa282ead8;
    assertThat(TfRecord.maskedCrc(check, 0, check.length)).isEqualTo(expected);
    assertThat(RawRecords.masked(check)).isEqualTo(expected);
  }

  @Test
  void noCredentialValueIsWritten() throws Exception {
    String token = "hf_SWEEPTESTtoken1234567890";
    Secrets before = Secrets.active();
    Secrets.install(Secrets.of(Map.of("HF_TOKEN", token), List.of()));
    try {
      Map<String, ParamSpec> withToken = new LinkedHashMap<>(parameters);
      withToken.put("optimizer", new ParamSpec.Categorical(List.of("adamw", token)));
      SweepBoard board = new SweepBoard(dir, withToken);
      board.writeExperiment("sweep-" + token, CREATED, "val_loss", "minimize");
      TrialRecord t = trial(TrialState.COMPLETE);
      Map<String, Object> params = new LinkedHashMap<>(t.params());
      params.put("optimizer", token);
      board.writeTrial(new TrialRecord(t.id(), t.sweepId(), t.phase(), t.number(), t.state(), t.reason(), params,
          t.seed(), t.epochs(), null, null, null, null, null, null, null, "/runs/" + token, null, 1, CREATED, null,
          CREATED, null), List.of(new EpochRecord(1, Map.of("val_loss", 0.5, token, 1.0), CREATED)));
      String all = Files.readString(onlyFile(dir), java.nio.charset.StandardCharsets.ISO_8859_1)
          + Files.readString(onlyFile(dir.resolve("trial-0003")), java.nio.charset.StandardCharsets.ISO_8859_1);
      assertThat(all).doesNotContain(token).contains(Secrets.MASK).contains("adamw");
    } finally {
      Secrets.install(before);
    }
  }

  /** The HParams plugin data of an event's one summary value, checked for tag, plugin and version. */
  static DecodedRaw hparams(DecodedRaw event, String tag, int dataField) {
    DecodedRaw value = event.path(5, 1);
    assertThat(value.string(1)).isEqualTo(tag);
    assertThat(value.has(2)).as("no scalar beside plugin data").isFalse();
    DecodedRaw plugin = value.path(9, 1);
    assertThat(plugin.string(1)).isEqualTo("hparams");
    DecodedRaw content = plugin.message(2);
    assertThat(content.has(1)).as("version 0, the default, is not on the wire").isFalse();
    assertThat(content.fieldNumbers()).containsExactly(dataField);
    return content.message(dataField);
  }

  static Path onlyFile(Path runDir) throws Exception {
    try (Stream<Path> files = Files.list(runDir)) {
      List<Path> events = files.filter(Files::isRegularFile).toList();
      assertThat(events).hasSize(1);
      assertThat(events.get(0).getFileName().toString()).startsWith("events.out.tfevents.");
      return events.get(0);
    }
  }

  private static TrialRecord trial(TrialState state) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("learning_rate", 3e-4);
    params.put("per_device_train_batch_size", 16L);
    params.put("optimizer", 1L);
    return new TrialRecord(11, 1, Phase.SEARCH, 3, state, "why", params, 5, 9, null, 1, 0.5, 2, null, null, null,
        "/runs/s/trial-0003", null, 1, CREATED, CREATED.plusSeconds(1), state.finished()
        ? CREATED.plusSeconds(60) : null, null);
  }

  private static EpochRecord epoch(int epoch, double loss, double lr) {
    return new EpochRecord(epoch, Map.of("val_loss", loss, "learning_rate", lr, EpochRecord.STEP, 10.0 * epoch),
        CREATED.plusSeconds(10L * epoch));
  }
}
