package sweep.train.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.store.DataSnapshot;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.testing.Cli;
import sweep.util.Json;

/**
 * A command trial's {@code data:}: checked and split before the first trial, handed over as {@code ${data_dir}} in
 * RF-DETR's layout; nothing usable stops the sweep with exit 2 before any trial.
 */
class CommandDataSweepTest {
  @TempDir Path dir;

  private Path spec(String data) throws Exception {
    Path script = dir.resolve("train.py");
    // reads the data it was given and reports one epoch: the number of training images as a metric
    Files.writeString(script, """
        import json, os, sys
        d = sys.argv[1]
        train = json.load(open(os.path.join(d, "train", "_annotations.coco.json")))
        valid = json.load(open(os.path.join(d, "valid", "_annotations.coco.json")))
        test = json.load(open(os.path.join(d, "test", "_annotations.coco.json")))
        for img in train["images"]:
            assert os.path.exists(os.path.join(d, "train", img["file_name"])), img
        print(json.dumps({"epoch": 1, "train_images": len(train["images"]), "val_images": len(valid["images"]),
                          "test_images": len(test["images"]), "boxes": len(train["annotations"])}))
        """);
    Path spec = dir.resolve("s.yaml");
    Files.writeString(spec, """
        name: det
        task: command
        command: [python3, "%s", "${data_dir}"]
        data:
        %s
        metric: {name: train_images, goal: maximize}
        run_cap: 1
        parameters:
          learning_rate: {value: 0.001}
        trial: {epochs: 1}
        retrain: {epochs: 1}
        runs_dir: %s
        artifacts: %s
        """.formatted(script, data.indent(2).stripTrailing(), dir.resolve("runs"), dir));
    return spec;
  }

  @Test
  void syntheticPagesAreSplitAndHandedOverInRfDetrsLayout() throws Exception {
    Path db = dir.resolve("sweep.db");
    Cli.Result r = Cli.run("run", spec("source: synthetic\npages: 10\nseed: 2\nval_fraction: 0.3").toString(),
        "--db", db.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    try (Store store = SqliteStore.openExisting(db, Clock.systemUTC())) {
      SweepRecord sweep = store.sweep("det").orElseThrow();
      var trial = store.trials(sweep.id()).get(0);
      var metrics = store.epochs(trial.id()).get(0).metrics();
      assertThat(metrics.get("train_images") + metrics.get("val_images")).isEqualTo(10.0);
      // each page goes to validation by a seeded hash of its file name: 30% on average, not exactly
      assertThat(metrics.get("val_images")).isBetween(1.0, 9.0).isEqualTo(metrics.get("test_images"));
      DataSnapshot snapshot = store.dataSnapshot(sweep.id()).orElseThrow();
      assertThat(snapshot.source()).isEqualTo("synthetic");
      assertThat(snapshot.items()).isEqualTo(10);
      assertThat(snapshot.dataHash()).hasSize(64);
      assertThat(snapshot.badRows()).isEqualTo("no bad annotations");
    }
  }

  @Test
  void everyImageBadStopsTheSweepBeforeAnyTrialWithExitTwo() throws Exception {
    Path data = Files.createDirectories(dir.resolve("pages"));
    Files.writeString(data.resolve("annotations.json"), """
        {"categories": [{"id": 1, "name": "Text"}],
         "images": [{"id": 1, "file_name": "a.png", "width": 10, "height": 10},
                    {"id": 2, "file_name": "b.png", "width": 10, "height": 10}],
         "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [1, 1, 2, 2], "area": 4}]}
        """);
    Files.writeString(data.resolve("b.png"), "not a png");
    Path db = dir.resolve("sweep.db");
    Cli.Result r = Cli.run("run", spec("source: file:" + data).toString(), "--db", db.toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).endsWith("\nsweep: file:" + data + ": no usable image among 2 (2 bad: 1 missing_image, 1 "
        + "undecodable_image)\n");
    assertThat(r.err().lines().filter(l -> l.startsWith("sweep:"))).hasSize(1);
    assertThat(Files.exists(dir.resolve("runs").resolve("det").resolve("trial-0000"))).isFalse();
    try (Store store = SqliteStore.openExisting(db, Clock.systemUTC())) {
      assertThat(store.sweep("det").map(s -> store.trials(s.id())).orElse(java.util.List.of())).isEmpty();
    }
  }
}
