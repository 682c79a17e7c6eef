package sweep.train.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sweep.spec.SpecNode;
import sweep.spec.wandb.PythonText;

/**
 * The command of a W&B file (one with {@code program}), built as W&B's agent builds it. An item that is a whole
 * macro is replaced: {@code ${env}} by {@code /usr/bin/env}, {@code ${interpreter}} by {@code interpreter}
 * ({@code python3} unless the spec sets it), {@code ${program}} by the program, {@code ${args}} by
 * {@code --name=value} per parameter, {@code ${args_no_hyphens}} by {@code name=value},
 * {@code ${args_no_boolean_flags}} by {@code --name=value} with a true boolean as {@code --name} and a false one
 * left out, {@code ${args_json}} by the parameters as one JSON object and {@code ${args_json_file}} by a file that
 * holds it (parameters sorted by name, as W&B sorts them, nested ones as one mapping: {@code --optimizer={'lr':
 * 0.001}}); another whole macro is dropped, as W&B drops it (an
 * unknown {@code ${NAME}} is read as an environment variable when the spec loads, as in every spec). Other items
 * are passed as written (no
 * trial placeholders: a parameter named {@code epochs} or {@code seed} is that parameter). Values are written as
 * Python writes them ({@code True}, {@code 1e-05}). The program also gets W&B's environment:
 * {@code WANDB_SWEEP_ID} (the sweep's name), {@code WANDB_RUN_ID} (the trial directory's name) and
 * {@code WANDB_SWEEP_PARAM_PATH} (a W&B config file of the parameters, which {@code wandb.init} reads into
 * {@code wandb.config}).
 */
final class WandbAgent {
  static final String CONFIG = "wandb_agent";
  static final List<String> MACROS = List.of("env", "interpreter", "program", "args", "args_no_hyphens",
      "args_no_boolean_flags", "args_json", "args_json_file");
  static final List<String> SPEC_KEYS = List.of("program", "project", "entity", "interpreter",
      sweep.spec.wandb.WandbFile.TARGET_KEY);

  private WandbAgent() {}

  static boolean applies(SpecNode root) {
    return root.get("program").isPresent();
  }

  /**
   * Records the W&B command under {@code out}; returns the item that names the executable (after
   * {@code /usr/bin/env}) and its name, for the loader's check that it can run.
   */
  static Map.Entry<SpecNode, String> configure(SpecNode root, Set<String> parameters, ObjectNode out) {
    ObjectNode agent = out.putObject(CONFIG);
    SpecNode program = root.require("program");
    if (program.asString().isBlank()) {
      throw program.error("the program name is empty");
    }
    agent.put("program", program.asString());
    agent.put("interpreter", root.get("interpreter").map(SpecNode::asString).orElse("python3"));
    for (String key : List.of("project", "entity")) {
      root.get(key).ifPresent(n -> agent.put(key, n.asString())); // recorded; sweep sends nothing to W&B
    }
    root.get(sweep.spec.wandb.WandbFile.TARGET_KEY).ifPresent(n -> {
      double target = n.asDouble();
      if (!Double.isFinite(target)) {
        throw n.error("must be a finite number, got " + n.asString());
      }
      agent.put("target", target); // read by the search: no new trial once the best value reaches it
    });
    Set<String> reserved = new HashSet<>(parameters);
    reserved.addAll(MACROS);
    SpecNode commandNode = root.require("command").reserving(reserved);
    ArrayNode command = out.putArray("command");
    for (SpecNode item : commandNode.items()) {
      if (!item.isScalar()) {
        throw item.error("each part of the command is a single string");
      }
      command.add(item.asString());
    }
    List<String> line = commandLine(out, Map.of(), Path.of("config.json"));
    int first = !line.isEmpty() && line.get(0).equals("/usr/bin/env") ? 1 : 0;
    if (line.size() <= first) {
      throw commandNode.error("must name a program to run");
    }
    return Map.entry(commandNode.items().get(Math.min(first, commandNode.items().size() - 1)), line.get(first));
  }

  /** The command line for {@code params}, {@code jsonFile} standing for {@code ${args_json_file}}. */
  static List<String> commandLine(JsonNode config, Map<String, Object> unordered, Path jsonFile) {
    Map<String, Object> params = nested(unordered);
    JsonNode agent = config.path(CONFIG);
    List<String> out = new ArrayList<>();
    for (JsonNode part : config.path("command")) {
      String item = part.asText();
      if (!(item.startsWith("${") && item.endsWith("}"))) {
        out.add(item);
        continue;
      }
      switch (item.substring(2, item.length() - 1)) {
        case "env" -> out.add("/usr/bin/env");
        case "interpreter" -> out.add(agent.path("interpreter").asText("python3"));
        case "program" -> out.add(agent.path("program").asText());
        case "args" -> params.forEach((k, v) -> out.add("--" + k + "=" + PythonText.str(v)));
        case "args_no_hyphens" -> params.forEach((k, v) -> out.add(k + "=" + PythonText.str(v)));
        case "args_no_boolean_flags" -> params.forEach((k, v) -> {
          if (v instanceof Boolean b) {
            if (b) {
              out.add("--" + k);
            }
          } else {
            out.add("--" + k + "=" + PythonText.str(v));
          }
        });
        case "args_json" -> out.add(PythonText.json(params));
        case "args_json_file" -> out.add(jsonFile.toString());
        default -> { } // W&B drops a macro it does not know
      }
    }
    return out;
  }

  /**
   * The parameters sorted by name, as W&B passes them, with those of nested {@code parameters} (named by their
   * path joined with {@link sweep.spec.wandb.WandbFile#NEST}) nested again into mappings, sorted too.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> nested(Map<String, Object> flat) {
    Map<String, Object> out = new java.util.TreeMap<>();
    flat.forEach((name, value) -> {
      String[] path = name.split(java.util.regex.Pattern.quote(sweep.spec.wandb.WandbFile.NEST));
      Map<String, Object> at = out;
      for (int i = 0; i < path.length - 1; i++) {
        at = (Map<String, Object>) at.computeIfAbsent(path[i], k -> new java.util.TreeMap<String, Object>());
      }
      at.put(path[path.length - 1], value);
    });
    return out;
  }

  static boolean usesJsonFile(JsonNode config) {
    for (JsonNode part : config.path("command")) {
      if (part.asText().equals("${args_json_file}")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Writes W&B's files for one run under {@code trialDir}/wandb/sweep-SWEEP/ and returns its environment; the
   * command line comes from {@link #commandLine} with {@link #jsonFile}.
   */
  static Map<String, String> prepare(JsonNode config, Map<String, Object> unordered, String sweep, Path trialDir)
      throws IOException {
    Map<String, Object> params = nested(unordered);
    String runId = trialDir.getFileName().toString();
    Path dir = trialDir.resolve("wandb").resolve("sweep-" + sweep);
    Files.createDirectories(dir);
    Path yaml = dir.resolve("config-" + runId + ".yaml");
    StringBuilder sb = new StringBuilder("wandb_version: 1\n");
    if (!params.isEmpty()) {
      sb.append('\n');
      params.forEach((k, v) -> sb.append(k).append(":\n  value: ").append(PythonText.json(v)).append('\n'));
    }
    Files.writeString(yaml, sb.toString());
    if (usesJsonFile(config)) {
      Files.writeString(jsonFile(trialDir, sweep), PythonText.json(params));
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("WANDB_SWEEP_ID", sweep);
    env.put("WANDB_RUN_ID", runId);
    env.put("WANDB_SWEEP_PARAM_PATH", yaml.toString());
    return env;
  }

  static Path jsonFile(Path trialDir, String sweep) {
    return trialDir.resolve("wandb").resolve("sweep-" + sweep)
        .resolve("config-" + trialDir.getFileName() + ".json");
  }
}
