package sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.store.PromotionRecord;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.testing.BenchmarkSpec;
import sweep.testing.Cli;
import sweep.util.Json;

/**
 * {@code sweep best --promote} over a production model whose metric was measured differently: exit 2, production
 * unchanged, the refusal recorded; {@code --force} promotes and the record says what it overrode.
 */
class MeasuredDifferentlyTest {
  @TempDir Path dir;

  private String sweep(String name, int seed, String evaluator, int maxDets) throws Exception {
    Path spec = BenchmarkSpec.write(dir.resolve(name + ".yaml"), name, seed, "runs_dir: " + dir.resolve("runs")
        + "\nartifacts: " + dir + "\n");
    Files.writeString(spec, Files.readString(spec).replace("metric: {name: val_score, goal: maximize}",
        "metric: {name: val_score, goal: maximize, evaluator: " + evaluator + ", max_dets: " + maxDets + "}"));
    Cli.Result r = Cli.run("run", spec.toString(), "--db", dir.resolve(name + ".db").toString());
    assertThat(r.code()).as(r.toString()).isZero();
    return dir.resolve(name + ".db").toString();
  }

  @Test
  void aChampionMeasuredDifferentlyIsRefusedWithExitTwoUnlessForced() throws Exception {
    String first = sweep("rfdetr", 1, "pycocotools", 500);
    Cli.Result best = Cli.run("best", "--db", first, "--json");
    assertThat(Json.tree(best.out()).path("metric_definition").path("max_dets").asInt()).isEqualTo(500);
    assertThat(Json.tree(best.out()).path("metric_definition").path("source").asText()).isEqualTo("benchmark");
    assertThat(Cli.run("best", "--db", first, "--promote").code()).isZero();
    JsonNode current = Json.tree(Files.readString(dir.resolve("production").resolve("CURRENT.json")));
    assertThat(current.path("metric_definition").path("evaluator").asText()).isEqualTo("pycocotools");

    String second = sweep("own", 2, "sweep-coco", 100);
    Cli.Result refused = Cli.run("best", "--db", second, "--promote", "--min-delta", "0");
    assertThat(refused.code()).as(refused.toString()).isEqualTo(2);
    assertThat(refused.err()).startsWith("sweep: production's val_score=").contains("maxDets 500")
        .contains("maxDets 100").contains("not comparable").endsWith("--force` replaces it anyway\n");
    assertThat(Json.tree(Files.readString(dir.resolve("production").resolve("CURRENT.json"))).path("sweep").asText())
        .isEqualTo("rfdetr");

    Cli.Result forced = Cli.run("best", "--db", second, "--promote", "--force");
    assertThat(forced.code()).as(forced.toString()).isZero();
    assertThat(forced.out()).contains("forced").contains("which was measured by");
    try (Store store = SqliteStore.openExisting(Path.of(second), Clock.systemUTC())) {
      var promotions = store.promotions(store.sweep("own").orElseThrow().id());
      assertThat(promotions).extracting(PromotionRecord::message).anySatisfy(m -> assertThat(m)
          .startsWith("refused: production's val_score="));
      assertThat(promotions).extracting(PromotionRecord::promoted).containsExactly(false, true);
    }
  }
}
