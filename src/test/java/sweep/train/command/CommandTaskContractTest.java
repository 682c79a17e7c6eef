package sweep.train.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import sweep.train.TaskType;
import sweep.train.TaskTypeContract;
import sweep.util.Json;

/**
 * The task-type contract for {@code task: command}, with a small deterministic Python program as the trial: it
 * prints each epoch as a JSON line with the checkpoint it wrote, and resumes from the checkpoint given after
 * {@code --resume} (the spec's {@code resume_args} with {@code ${resume_checkpoint}}), or else from
 * {@code SWEEP_RESUME_CHECKPOINT}. Its epochs take a fifth of a second, so a stop lands while it works.
 */
class CommandTaskContractTest extends TaskTypeContract {
  static final String PROGRAM = """
      import json, os, sys, time
      lr = float(sys.argv[1])
      epochs = int(os.environ["SWEEP_EPOCHS"])
      trial = os.environ["SWEEP_TRIAL_DIR"]
      resume = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--resume" else os.environ.get("SWEEP_RESUME_CHECKPOINT")
      state = {"epoch": 0, "x": 0.0, "r": int(os.environ["SWEEP_SEED"])}
      if resume:
          with open(os.path.join(resume, "state.json")) as f:
              state = json.load(f)
          print("resumed from", resume, "at epoch", state["epoch"], flush=True)
      M = 2 ** 64
      while state["epoch"] < epochs:
          time.sleep(0.2)
          r = (state["r"] * 6364136223846793005 + 1442695040888963407) % M
          x = state["x"] + lr * (1 - state["x"]) + (r / M - 0.5) * 0.02
          state = {"epoch": state["epoch"] + 1, "x": x, "r": r}
          checkpoint = "checkpoint-%d" % state["epoch"]
          os.makedirs(os.path.join(trial, checkpoint), exist_ok=True)
          with open(os.path.join(trial, checkpoint, "state.json"), "w") as f:
              json.dump(state, f)
          print(json.dumps({"epoch": state["epoch"], "val_score": x, "val_loss": 1 - x, "checkpoint": checkpoint}),
                flush=True)
      """;

  @Override
  protected TaskType task() {
    return new CommandTask();
  }

  @Override
  protected String taskYaml() throws Exception {
    Path program = dir.resolve("train.py");
    if (!Files.exists(program)) {
      Files.writeString(program, PROGRAM);
    }
    return "command: [python3, " + Json.write(program.toString()) + ", \"${learning_rate}\"]\n"
        + "resume_args: [--resume, \"${resume_checkpoint}\"]\n"
        + "stop_grace_seconds: 2\n";
  }

  @Override
  protected Map<String, Object> params() {
    return Map.of("learning_rate", 0.3, "per_device_train_batch_size", 8);
  }

  @Override
  protected int epochs() {
    return 4;
  }

  @Override
  protected String metric() {
    return "val_score";
  }

  @Override
  protected int resumeAfter() {
    return 2;
  }
}
