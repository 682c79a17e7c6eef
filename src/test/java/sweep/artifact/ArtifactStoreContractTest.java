package sweep.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link ArtifactStore} contract, run once for every implementation, and {@link DirectorySync} on each. */
abstract class ArtifactStoreContractTest {
  @TempDir Path dir;
  ArtifactStore store;

  abstract ArtifactStore open(Path dir) throws IOException;

  @BeforeEach
  void openStore() throws IOException {
    store = open(dir);
  }

  @AfterEach
  void closeStore() throws IOException {
    store.close();
  }

  private Path file(String name, byte[] content) throws IOException {
    Path f = dir.resolve("files").resolve(name);
    Files.createDirectories(f.getParent());
    Files.write(f, content);
    return f;
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void aSyncLeavesOutAndNamesAFileWhoseNameCannotBeAKey() throws IOException {
    Path run = dir.resolve("run");
    Files.createDirectories(run.resolve("sub"));
    Files.writeString(run.resolve("model.bin"), "weights");
    Files.writeString(run.resolve("sub/bad\nname.txt"), "odd");
    Files.writeString(run.resolve("tab\tand\u0001.log"), "odd");

    DirectorySync.Report r = new DirectorySync(store).sync(run, "runs/s/trial-0000");

    assertThat(r.skipped()).containsExactlyInAnyOrder("'sub/bad\\nname.txt'", "'tab\\tand\\u0001.log'");
    assertThat(r.summary()).contains("left out 2 whose name cannot be a key");
    assertThat(store.list("runs/s/trial-0000/")).containsExactly("runs/s/trial-0000/manifest.json",
        "runs/s/trial-0000/model.bin");
    assertThat(new DirectorySync(store).sync(run, "runs/s/trial-0000").skipped()).as("and again on a resync")
        .hasSize(2);
  }

  @Test
  void putIfAbsentCreatesAnObjectOnceAndNeverReplacesIt() throws IOException {
    assertThat(store.putIfAbsent("production/history/1.json", "first".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(store.putIfAbsent("production/history/1.json", "second".getBytes(StandardCharsets.UTF_8))).isFalse();
    store.putBytes("production/CURRENT.json", "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(store.putIfAbsent("production/CURRENT.json", "x".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(store.read("production/history/1.json")).hasValueSatisfying(b ->
        assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("first"));
    assertThat(store.read("production/CURRENT.json")).hasValueSatisfying(b ->
        assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("{}"));
    assertThat(store.objects("production/")).extracting(StoredObject::key)
        .containsExactly("production/CURRENT.json", "production/history/1.json");
  }

  @Test
  void ofRacingPutIfAbsentsExactlyOneCreatesTheObject() throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 20; round++) {
        String key = "race/" + round;
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.List<java.util.concurrent.Future<Boolean>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
          byte[] mine = ("writer " + i).getBytes(StandardCharsets.UTF_8);
          calls.add(pool.submit(() -> {
            go.await();
            return store.putIfAbsent(key, mine);
          }));
        }
        go.countDown();
        int winner = -1;
        for (int i = 0; i < calls.size(); i++) {
          if (calls.get(i).get()) {
            assertThat(winner).as("round %d: writers %d and %d both created %s", round, winner, i, key).isEqualTo(-1);
            winner = i;
          }
        }
        assertThat(winner).as("round %d: some writer created it", round).isNotNegative();
        assertThat(new String(store.read(key).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("writer " + winner);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void whatIsPutIsReadBackListedWithItsSizeAndCopied() throws IOException {
    byte[] content = random(1000, 1);
    store.put("runs/s/t/model.bin", file("m", content));
    store.putBytes("runs/s/t/config.json", "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(store.read("runs/s/t/model.bin")).hasValueSatisfying(b -> assertThat(b).isEqualTo(content));
    assertThat(store.read("runs/s/t/missing")).isEmpty();
    assertThat(store.objects("runs/s/")).containsExactly(new StoredObject("runs/s/t/config.json", 2),
        new StoredObject("runs/s/t/model.bin", 1000));
    assertThat(store.list("runs/s/t/m")).containsExactly("runs/s/t/model.bin");
    assertThat(store.objects("other/")).isEmpty();
    store.copy("runs/s/t/model.bin", "production/v1/model.bin");
    assertThat(store.read("production/v1/model.bin")).hasValueSatisfying(b -> assertThat(b).isEqualTo(content));
  }

  @Test
  void aPutReplacesTheObjectWhole() throws IOException {
    store.put("k/a", file("a1", random(5000, 1)));
    store.put("k/a", file("a2", random(300, 2)));
    assertThat(store.read("k/a")).hasValueSatisfying(b -> assertThat(b).isEqualTo(random(300, 2)));
    assertThat(store.objects("k/")).containsExactly(new StoredObject("k/a", 300));
  }

  @Test
  void aWrongChecksumIsRefusedAndLeavesTheOldObject() throws IOException {
    store.put("k/a", file("a1", random(100, 1)));
    Path other = file("a2", random(100, 2));
    String wrong = Checksums.sha256(random(100, 3));
    assertThatThrownBy(() -> store.put("k/a", other, wrong)).isInstanceOf(IOException.class);
    assertThat(store.read("k/a")).hasValueSatisfying(b -> assertThat(b).isEqualTo(random(100, 1)));
  }

  @Test
  void badKeysAreRefusedBeforeAnythingIsWritten() throws IOException {
    Path f = file("x", new byte[] {1});
    for (String bad : new String[] {"", "/abs", "a/../b", "a//b", "a/", "..", "a/\u0001b", "./a"}) {
      assertThatThrownBy(() -> store.put(bad, f)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.putBytes(bad, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(store.objects("")).isEmpty();
  }

  @Test
  void copyingAMissingObjectFails() {
    assertThatThrownBy(() -> store.copy("no/such", "x/y")).isInstanceOf(IOException.class);
  }

  @Test
  void aSyncUploadsNewAndChangedFilesOnlyAndWritesTheManifestLast() throws IOException {
    Path run = dir.resolve("run");
    Files.createDirectories(run.resolve("checkpoint-1"));
    Files.write(run.resolve("checkpoint-1/model.safetensors"), random(70_000, 1));
    Files.writeString(run.resolve("trial.log"), "epoch 1\n");
    DirectorySync sync = new DirectorySync(store, 4, 2, 10);
    DirectorySync.Report first = sync.sync(run, "runs/s/trial-0000");
    assertThat(first.uploaded()).isEqualTo(2);
    assertThat(first.bytesUploaded()).isEqualTo(70_008);
    Manifest m = Manifest.parse(store.read("runs/s/trial-0000/manifest.json").orElseThrow()).orElseThrow();
    assertThat(m.byPath().get("checkpoint-1/model.safetensors").sha256())
        .isEqualTo(Checksums.sha256(random(70_000, 1)));

    DirectorySync.Report again = sync.sync(run, "runs/s/trial-0000");
    assertThat(again.uploaded()).as("nothing changed, nothing uploaded").isZero();
    assertThat(again.files()).isEqualTo(2);

    Files.writeString(run.resolve("trial.log"), "epoch 1\nepoch 2\n");
    Files.write(run.resolve("checkpoint-2.bin"), random(10, 2));
    DirectorySync.Report third = sync.sync(run, "runs/s/trial-0000");
    assertThat(third.uploaded()).isEqualTo(2);
    assertThat(store.read("runs/s/trial-0000/trial.log").map(String::new)).hasValue("epoch 1\nepoch 2\n");

    // touched but unchanged: hashed again, not uploaded
    Files.setLastModifiedTime(run.resolve("trial.log"), java.nio.file.attribute.FileTime.fromMillis(1000));
    assertThat(sync.sync(run, "runs/s/trial-0000").uploaded()).isZero();
  }

  @Test
  void aSyncReuploadsAFileWhoseObjectWasLostOrCorrupted() throws IOException {
    Path run = dir.resolve("run");
    Files.createDirectories(run);
    Files.write(run.resolve("a.bin"), random(2000, 1));
    DirectorySync sync = new DirectorySync(store, 2, 2, 10);
    sync.sync(run, "runs/s/t");
    store.putBytes("runs/s/t/a.bin", new byte[] {1, 2, 3});
    assertThat(sync.sync(run, "runs/s/t").uploaded()).isEqualTo(1);
    assertThat(store.read("runs/s/t/a.bin")).hasValueSatisfying(b -> assertThat(b).isEqualTo(random(2000, 1)));
  }
}
