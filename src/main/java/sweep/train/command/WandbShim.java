package sweep.train.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import sweep.spec.SpecNode;

/**
 * The {@code wandb} module sweep puts first on a command trial's {@code PYTHONPATH}, so a script written for W&B
 * ({@code wandb.init}, {@code wandb.config}, {@code wandb.log}) runs unmodified and offline and reports its epochs
 * on stdout (the module's own documentation says what it maps). The spec's {@code wandb: real} leaves it out, for a
 * script that is to use the real client.
 */
final class WandbShim {
  static final String KEY = "wandb";
  static final List<String> MODES = List.of("shim", "real");
  /** The folder, in the trial directory, that holds the module. */
  static final String DIR = "sweep-python";
  private static final String RESOURCE = "/sweep/python/wandb/__init__.py";

  private WandbShim() {}

  /** Reads {@code wandb: shim | real} into {@code out}; only {@code real} is kept (the shim is the default). */
  static void configure(SpecNode root, ObjectNode out) {
    root.get(KEY).ifPresent(n -> {
      String mode = n.asString();
      if (!MODES.contains(mode)) {
        throw n.error("unknown wandb mode '" + mode + "'" + SpecNode.suggestion(mode, MODES)
            + ": shim (the default) is sweep's stand-in for the W&B client, real the installed client");
      }
      if (mode.equals("real")) {
        out.put(KEY, mode);
      }
    });
  }

  /**
   * Unless the task says {@code wandb: real}: writes the module under {@code trialDir} and puts its folder first
   * on the program's {@code PYTHONPATH} (before whatever the environment or the spec's {@code env} set).
   */
  static void install(JsonNode taskConfig, Path trialDir, Map<String, String> env) {
    if ("real".equals(taskConfig.path(KEY).asText())) {
      return;
    }
    Path root = trialDir.resolve(DIR);
    try (InputStream in = WandbShim.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the wandb stand-in is missing from sweep's jar: " + RESOURCE);
      }
      Path module = root.resolve("wandb").resolve("__init__.py");
      Files.createDirectories(module.getParent());
      Files.write(module, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the wandb stand-in under " + root, e);
    }
    String existing = env.get("PYTHONPATH");
    env.put("PYTHONPATH", existing == null || existing.isEmpty() ? root.toString()
        : root + java.io.File.pathSeparator + existing);
  }
}
