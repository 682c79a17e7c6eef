package sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sweep.schedule.PublishChoice;
import sweep.store.EventRecord;
import sweep.store.Phase;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.TrialRecord;
import sweep.testing.Cli;
import sweep.util.Json;

/**
 * What a sweep publishes (runs/SWEEP/best, `sweep best`, the production model): never a retrain that ended worse
 * than the search trial it retrained. The training program is a script whose retrain scores 40% worse when told
 * so (RETRAIN_EPOCHS), so both outcomes can be forced.
 */
class PublishedModelTest {
  @TempDir Path dir;

  private String db() {
    return dir.resolve("sweep.db").toString();
  }

  private Path spec(String name, String metric, String goal, String env) throws Exception {
    Path script = Path.of(PublishedModelTest.class.getResource("/sweep/publish/train.py").toURI());
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, "name: " + name + "\nruns_dir: " + dir.resolve("runs") + "\n" + """
        task: command
        command: [python3, "%s"]
        env: {%s}
        method: grid
        metric: {name: %s, goal: %s}
        parameters:
          learning_rate: {values: [1.0e-4, 3.0e-4]}
        max_parallel: 2
        trial: {epochs: 2}
        retrain: {epochs: 3}
        """.formatted(script, env, metric, goal));
    return file;
  }

  @ParameterizedTest
  @CsvSource({"val_f1, maximize", "val_loss, minimize"})
  void aRetrainThatEndsWorseThanItsSourceIsNeverPublished(String metric, String goal) throws Exception {
    Path file = spec("worse", metric, goal, "RETRAIN_EPOCHS: \"3\"");
    Cli.Result run = Cli.run("run", file.toString(), "--db", db());
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out() + run.err()).contains("ended worse");

    TrialRecord source;
    TrialRecord retrain;
    try (Store store = SqliteStore.openExisting(Path.of(db()), Clock.systemUTC())) {
      SweepRecord s = store.sweep("worse").orElseThrow();
      List<TrialRecord> trials = store.trials(s.id());
      retrain = trials.stream().filter(t -> t.phase() == Phase.RETRAIN).findFirst().orElseThrow();
      source = store.trial(retrain.sourceTrialId());
      assertThat(retrain.bestValue()).as("the retrain really is worse")
          .matches(v -> metric.equals("val_f1") ? v < source.bestValue() : v > source.bestValue());
      assertThat(s.bestTrialId()).as("the store's published trial").isEqualTo(source.id());
      List<EventRecord> published = store.events(s.id()).stream()
          .filter(e -> e.type().equals(PublishChoice.EVENT)).toList();
      assertThat(published).singleElement().satisfies(e -> {
        assertThat(e.trialId()).isEqualTo(source.id());
        assertThat(e.message()).contains("search trial " + source.label()).contains("ended worse");
      });
    }

    Path best = dir.resolve("runs/worse/best");
    assertThat(Json.tree(Files.readString(best.resolve("state.json"))).path("epochs").asInt())
        .as("best/ holds the search trial's checkpoint (2 epochs), not the retrain's (3)").isEqualTo(2);
    assertThat(Json.tree(Files.readString(best.resolve("trainer_state.json"))).path("best_metric").asDouble())
        .isEqualTo(source.bestValue());

    JsonNode b = Json.tree(Cli.run("best", "worse", "--db", db(), "--json").out());
    assertThat(b.path("final").asBoolean()).isTrue();
    assertThat(b.path("published_from").asText()).isEqualTo("search");
    assertThat(b.path("phase").asText()).isEqualTo("search");
    assertThat(b.path("trial").asInt()).isEqualTo(source.number());
    assertThat(b.path("value").asDouble()).isEqualTo(source.bestValue());
    assertThat(b.path("retrain_value").asDouble()).isEqualTo(retrain.bestValue());
    assertThat(b.path("reason").asText()).contains("ended worse");
    assertThat(Path.of(b.path("checkpoint").asText())).isEqualTo(best);
    Cli.Result text = Cli.run("best", "worse", "--db", db());
    assertThat(text.out()).contains("trial " + source.label()).contains("ended worse");

    Cli.Result promote = Cli.run("best", "worse", "--db", db(), "--promote", "--artifacts", dir.toString());
    assertThat(promote.code()).as(promote.toString()).isZero();
    JsonNode pointer = Json.tree(Files.readString(dir.resolve("production/CURRENT.json")));
    assertThat(pointer.path("trial").asText()).isEqualTo(source.dirName());
    assertThat(pointer.path("value").asDouble()).isEqualTo(source.bestValue());
    Path version = dir.resolve(pointer.path("path").asText());
    assertThat(Json.tree(Files.readString(version.resolve("state.json"))).path("epochs").asInt()).isEqualTo(2);
  }

  static final List<String> TRAINING_STATE = List.of("optimizer.pt", "scheduler.pt", "rng_state.pth", "scaler.pt");

  @Test
  void bestAndProductionGetTheModelFilesAndATrainerStateWithTheOptimizerSteps() throws Exception {
    Cli.Result run = Cli.run("run", spec("steps", "val_f1", "maximize", "STEPS_PER_EPOCH: \"25\"").toString(),
        "--db", db());
    assertThat(run.code()).as(run.toString()).isZero();
    Path runs = dir.resolve("runs/steps");
    Path best = runs.resolve("best");
    assertThat(best.resolve("model.safetensors")).exists();
    assertThat(best.resolve("config.json")).exists();
    for (String f : TRAINING_STATE) {
      assertThat(best.resolve(f)).as("best/" + f).doesNotExist();
      assertThat(runs.resolve("retrain/checkpoint-75").resolve(f)).as("the trial keeps " + f + " to resume").exists();
    }
    JsonNode trial = Json.tree(Files.readString(runs.resolve("retrain/trainer_state.json")));
    assertThat(trial.path("global_step").asLong()).as("optimizer steps, not epochs").isEqualTo(75);
    assertThat(trial.path("epoch").asDouble()).isEqualTo(3.0);
    assertThat(trial.path("best_model_checkpoint").asText()).isEqualTo("checkpoint-75");
    assertThat(runs.resolve("retrain").resolve(trial.path("best_model_checkpoint").asText())).isDirectory();
    JsonNode published = Json.tree(Files.readString(best.resolve("trainer_state.json")));
    assertThat(published.path("best_model_checkpoint").asText()).isEqualTo(".");
    assertThat(published.path("global_step").asLong()).isEqualTo(75);
    JsonNode eval = published.path("log_history").get(1);
    assertThat(eval.path("eval_f1").isNumber()).isTrue();
    assertThat(eval.path("step").asLong()).isEqualTo(25);

    Cli.Result promote = Cli.run("best", "steps", "--db", db(), "--promote", "--artifacts", dir.toString());
    assertThat(promote.code()).as(promote.toString()).isZero();
    Path version = dir.resolve(Json.tree(Files.readString(dir.resolve("production/CURRENT.json")))
        .path("path").asText());
    assertThat(version.resolve("model.safetensors")).exists();
    assertThat(version.resolve("trainer_state.json")).exists();
    for (String f : TRAINING_STATE) {
      assertThat(version.resolve(f)).as("production " + f).doesNotExist();
    }
  }

  @Test
  void aRetrainThatEndsBetterIsPublishedAndSaysSo() throws Exception {
    Cli.Result run = Cli.run("run", spec("better", "val_f1", "maximize", "").toString(), "--db", db());
    assertThat(run.code()).as(run.toString()).isZero();
    JsonNode b = Json.tree(Cli.run("best", "better", "--db", db(), "--json").out());
    assertThat(b.path("published_from").asText()).isEqualTo("retrain");
    assertThat(b.path("phase").asText()).isEqualTo("retrain");
    assertThat(b.path("value").asDouble()).isGreaterThan(b.path("search_value").asDouble());
    assertThat(b.path("reason").asText()).startsWith("published the retrain").contains("beats search trial");
    assertThat(b.has("retrain_value")).isFalse();
    assertThat(Json.tree(Files.readString(dir.resolve("runs/better/best/state.json"))).path("epochs").asInt())
        .isEqualTo(3);
  }
}
