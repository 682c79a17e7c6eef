package sweep.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import sweep.artifact.RunLayout;
import sweep.backend.TrialLaunch;
import sweep.protocol.TrialConfig;
import sweep.protocol.TrialEvent;
import sweep.spec.SweepSpec;
import sweep.store.Provenance;
import sweep.store.TrialRecord;
import sweep.train.TaskType;
import sweep.util.BuildInfo;
import sweep.util.Json;

/**
 * What the sweep gives each trial attempt: its {@code trial.json} (the {@link TrialConfig}), its environment on its
 * slot, the words its start is recorded with, and its provenance.
 */
final class TrialSetup {
  private final SweepSpec spec;
  private final TaskType task;
  private final RunLayout layout;
  private final JsonNode taskConfig;
  private final String gitCommit;
  private final int cpuThreads;
  private final BeforeWrite beforeWrite;

  /**
   * @param taskConfig the task configuration as {@link TaskType#prepare} fixed it for this sweep
   * @param gitCommit the commit of the spec's repository, or null
   * @param slots how many trials run at once on this machine (they share its cores)
   */
  TrialSetup(SweepSpec spec, TaskType task, RunLayout layout, JsonNode taskConfig, String gitCommit, int slots) {
    this(spec, task, layout, taskConfig, gitCommit, slots, () -> { });
  }

  /** What must hold before anything is written to the run directory (it is still this sweep's). */
  interface BeforeWrite {
    void check() throws IOException;
  }

  /** @param beforeWrite checked before each attempt's files are written */
  TrialSetup(SweepSpec spec, TaskType task, RunLayout layout, JsonNode taskConfig, String gitCommit, int slots,
      BeforeWrite beforeWrite) {
    this(spec, task, layout, taskConfig, gitCommit, slots, null, beforeWrite);
  }

  /** @param cpuThreads the CPU threads each trial gets, or null for the cores divided between the slots */
  TrialSetup(SweepSpec spec, TaskType task, RunLayout layout, JsonNode taskConfig, String gitCommit, int slots,
      Integer cpuThreads, BeforeWrite beforeWrite) {
    this.beforeWrite = beforeWrite;
    this.spec = spec;
    this.task = task;
    this.layout = layout;
    this.taskConfig = taskConfig;
    this.gitCommit = gitCommit;
    this.cpuThreads = cpuThreads != null ? cpuThreads : Math.max(1, Runtime.getRuntime().availableProcessors() / slots);
  }

  /** Writes the attempt's {@code trial.json} (creating its directory) and returns the attempt for the backend. */
  TrialLaunch launch(TrialRecord t, DeviceSlots.Slot slot) throws IOException {
    beforeWrite.check();
    Path dir = layout.trialDir(t.dirName());
    TrialConfig config = new TrialConfig(layout.sweep(), t.id(), t.phase().word(), t.number(), spec.task(),
        taskConfig, t.params(), t.seed(), t.epochs(), spec.metric().name(), spec.metric().goal().word(),
        dir.toString(), t.lastCheckpoint(), t.lastCheckpointEpoch() == null ? 0 : t.lastCheckpointEpoch(),
        Math.min(5.0, spec.trial().heartbeatTimeout().toMillis() / 3000.0), t.bestEpoch(), t.bestValue());
    Path configFile = dir.resolve(RunLayout.TRIAL_CONFIG);
    Files.createDirectories(dir);
    // a secret the config holds (an env value from a credential variable) is written as a placeholder the trial fills
    // from its own environment, never as itself
    Files.writeString(configFile, sweep.util.Secrets.active().toPlaceholders(Json.pretty(config)));
    return new TrialLaunch(t.id(), t.label(), configFile, dir, dir.resolve(RunLayout.TRIAL_LOG), environment(slot),
        slot.gpus(), task.jvmOptions(), layout.sweep(), t.attempts() + 1);
  }

  /**
   * The trial's devices ({@code CUDA_VISIBLE_DEVICES}, so it sees its GPUs as 0..n-1) and the CPU threads it may
   * use: the cores divided between the slots ({@code SWEEP_CPU_THREADS}, and {@code OMP_NUM_THREADS} unless the user
   * set it); and what the native libraries need for correct results ({@link sweep.train.djl.NativeEnvironment}).
   */
  private Map<String, String> environment(DeviceSlots.Slot slot) {
    Map<String, String> env = new HashMap<>();
    if (slot.visibleDevices() != null) {
      env.put("CUDA_VISIBLE_DEVICES", slot.visibleDevices());
    }
    env.put("SWEEP_CPU_THREADS", Integer.toString(cpuThreads));
    if (!spec.secretEnv().isEmpty()) {
      env.put(sweep.util.Secrets.NAMES_VARIABLE, String.join(",", spec.secretEnv()));
    }
    if (System.getenv("OMP_NUM_THREADS") == null) {
      env.put("OMP_NUM_THREADS", Integer.toString(cpuThreads));
    }
    env.putAll(sweep.train.djl.NativeEnvironment.defaults(System.getenv()));
    return env;
  }

  /** {@code on gpu 0, effective batch 32, resuming from checkpoint-2}: the rest of the started event. */
  String startNote(TrialRecord t, DeviceSlots.Slot slot) {
    return " on " + slot.describe()
        + task.effectiveBatch(t.params(), slot.gpus().size()).map(b -> ", effective batch " + b).orElse("")
        + (t.lastCheckpoint() != null ? ", resuming from " + t.lastCheckpoint() : "");
  }

  /** The attempt's provenance, from what its {@code started} event says of its runtime. */
  Provenance provenance(TrialRecord t, TrialEvent.Started s) {
    return new Provenance(spec.hash(), t.seed(), t.params(), s.dataHash(), gitCommit, BuildInfo.version(),
        s.javaVersion(), s.os(), s.libraries(), s.threads());
  }
}
