package sweep.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import sweep.util.BadInputException;
import sweep.util.Json;

/**
 * Which sweep a run directory belongs to: {@value #FILE} in {@code <runs_dir>/<sweep>/} and under
 * {@code runs/<sweep>/} in the artifact store, naming the sweep's {@code uid} and, for messages, its database. A
 * sweep claims both before it writes anything else there (each created only where absent, so of two sweeps that
 * start at once one gets them) and checks them before each trial's files are written and before each sync; a sweep
 * of the same name in another database is refused (exit 2) instead of writing over the first one's checkpoints and
 * {@code best/}.
 *
 * @param uid the sweep's identity ({@link sweep.store.SweepRecord#uid})
 * @param sweep its name
 * @param database where its database is
 */
public record RunIdentity(String uid, String sweep, String database) {
  public static final String FILE = "sweep-identity.json";

  byte[] bytes() {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("uid", uid).put("sweep", sweep).put("database", database);
    return Json.pretty(o).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Claims the sweep's place in {@code store}, then its local directory (a store that cannot be written fails the
   * sweep before it has written anything); see the class comment.
   */
  public void claim(RunLayout layout, ArtifactStore store) throws IOException {
    String key = layout.key(FILE);
    if (!store.putIfAbsent(key, bytes())) {
      verify(store.read(key).orElse(bytes()), store.describe() + "/" + key);
    }
    Path local = layout.sweepDir().resolve(FILE);
    Files.createDirectories(local.getParent());
    Path tmp = local.resolveSibling(FILE + ".tmp-" + ProcessHandle.current().pid());
    Files.write(tmp, bytes());
    try {
      Files.createLink(local, tmp);
    } catch (FileAlreadyExistsException e) {
      verify(Files.readAllBytes(local), local.toString());
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Checks that the local directory and the store are still this sweep's (a file that is gone is claimed again). */
  public void check(RunLayout layout, ArtifactStore store) throws IOException {
    claim(layout, store);
  }

  private void verify(byte[] found, String where) {
    Optional<JsonNode> other = Optional.empty();
    try {
      other = Optional.of(Json.mapper().readTree(found));
    } catch (IOException e) {
      // unreadable: not ours either
    }
    if (other.isPresent() && uid.equals(other.get().path("uid").asText())) {
      return;
    }
    String owner = other.map(o -> "sweep '" + o.path("sweep").asText() + "' of the database "
        + o.path("database").asText()).orElse("an unreadable identity");
    throw new BadInputException(where + " belongs to " + owner + ", not to sweep '" + sweep + "' of " + database
        + ": give this sweep another name (--name) or another runs_dir and artifacts");
  }
}
