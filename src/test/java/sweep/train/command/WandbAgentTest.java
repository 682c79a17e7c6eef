package sweep.train.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.spec.SpecLoader;
import sweep.train.TaskTypes;

/** The command and environment of a W&B file's trial, as W&B's agent builds them. */
class WandbAgentTest {
  @TempDir Path dir;

  private static final Map<String, Object> PARAMS = new LinkedHashMap<>();

  static {
    PARAMS.put("opt", "adam");
    PARAMS.put("lr", 1.0e-5);
    PARAMS.put("aug", true);
    PARAMS.put("ema", false);
    PARAMS.put("epochs", 3L);
    PARAMS.put("seed", 7L);
  }

  private static JsonNode config(String command) {
    return new SpecLoader(Map.of(), TaskTypes.all()).parse("w.yaml", """
        program: train.py
        metric: {name: loss, goal: minimize}
        parameters:
          lr: {min: 0.1, max: 0.2}
        """ + command).taskConfig();
  }

  @Test
  void defaultCommandPassesArgsSortedAsPythonWritesThem() {
    assertThat(WandbAgent.commandLine(config(""), PARAMS, Path.of("/t/c.json"))).containsExactly(
        "/usr/bin/env", "python3", "train.py", "--aug=True", "--ema=False", "--epochs=3", "--lr=1e-05",
        "--opt=adam", "--seed=7");
  }

  @Test
  void everyMacro() {
    JsonNode c = config("interpreter: sh\ncommand: [\"${env}\", \"${interpreter}\", \"${program}\","
        + " \"${args_no_hyphens}\", \"--\", \"${args_no_boolean_flags}\", \"${args_json}\", \"${args_json_file}\","
        + " \"--x=${args}\"]\n");
    assertThat(WandbAgent.commandLine(c, PARAMS, Path.of("/t/c.json"))).containsExactly(
        "/usr/bin/env", "sh", "train.py", "aug=True", "ema=False", "epochs=3", "lr=1e-05", "opt=adam",
        "seed=7", "--", "--aug", "--epochs=3", "--lr=1e-05", "--opt=adam", "--seed=7",
        "{\"aug\": true, \"ema\": false, \"epochs\": 3, \"lr\": 1e-05, \"opt\": \"adam\", \"seed\": 7}", "/t/c.json",
        "--x=${args}");
  }

  @Test
  void environmentAndFilesAsWandbWritesThem() throws Exception {
    JsonNode c = config("command: [\"${env}\", \"${interpreter}\", \"${program}\", \"${args_json_file}\"]\n");
    Path trial = dir.resolve("trial-0003");
    Files.createDirectories(trial);
    Map<String, String> env = WandbAgent.prepare(c, PARAMS, "demo", trial);
    assertThat(env).containsEntry("WANDB_SWEEP_ID", "demo").containsEntry("WANDB_RUN_ID", "trial-0003");
    Path yaml = Path.of(env.get("WANDB_SWEEP_PARAM_PATH"));
    assertThat(yaml).isEqualTo(trial.resolve("wandb/sweep-demo/config-trial-0003.yaml"));
    assertThat(Files.readString(yaml)).startsWith("wandb_version: 1\n\naug:\n  value: true\nema:\n  value: false\n");
    assertThat(Files.readString(WandbAgent.jsonFile(trial, "demo"))).isEqualTo(
        "{\"aug\": true, \"ema\": false, \"epochs\": 3, \"lr\": 1e-05, \"opt\": \"adam\", \"seed\": 7}");
  }

  @Test
  void sweepsOwnSpecsKeepTheirPlaceholders() {
    JsonNode c = new SpecLoader(Map.of(), TaskTypes.all()).parse("s.yaml", """
        task: command
        command: ["true", "--epochs", "${epochs}", "--seed", "${seed}"]
        run_cap: 2
        trial: {epochs: 4}
        metric: {name: loss, goal: minimize}
        parameters:
          lr: {min: 0.1, max: 0.2}
        """).taskConfig();
    assertThat(c.has(WandbAgent.CONFIG)).isFalse();
    assertThat(Placeholders.commandLine(c, Map.of("epochs", "4", "seed", "9", "lr", "0.15")))
        .isEqualTo(List.of("true", "--epochs", "4", "--seed", "9"));
  }

  @Test
  void nestedParametersReachTheProgramNestedAsWandbPassesThem() {
    JsonNode c = new SpecLoader(Map.of(), TaskTypes.all()).parse("w.yaml", """
        program: train.py
        method: grid
        metric: {name: loss, goal: minimize}
        parameters:
          batch_size: {values: [32]}
          optimizer:
            parameters:
              lr: {values: [0.001]}
              nadam:
                parameters:
                  beta: {values: [0.9]}
        """).taskConfig();
    Map<String, Object> flat = Map.of("batch_size", 32L, "optimizer__nested__lr", 0.001,
        "optimizer__nested__nadam__nested__beta", 0.9);
    assertThat(WandbAgent.commandLine(c, flat, Path.of("/t/c.json"))).containsExactly("/usr/bin/env", "python3",
        "train.py", "--batch_size=32", "--optimizer={'lr': 0.001, 'nadam': {'beta': 0.9}}");
  }
}
