package sweep.backend;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The batch script of one attempt's job. On the node it runs the trial's command (the trial JVM, as the local
 * backend runs it) with the instructions file as its stdin (followed as it grows), its stdout appended to the events
 * file and its stderr to the trial's log; then it writes the exit code to the exit file. A node that lacks one of
 * the {@link NodeNeed}s fails the job at once with one line naming it. So the trial speaks the same
 * protocol as a local child and a node needs no pipe to the orchestrator. A run that Slurm restarted (requeued after
 * preemption, a node failure or {@code scontrol requeue}) does nothing: the orchestrator runs the trial's next
 * attempt, from its checkpoint, as a new job. The GPUs are Slurm's ({@code CUDA_VISIBLE_DEVICES} as Slurm sets it).
 */
final class JobScript {
  /** Variables the orchestrator sets for a local slot, which on a node are Slurm's or the node's to say. */
  private static final List<String> NODE_OWNED = List.of("CUDA_VISIBLE_DEVICES", "SWEEP_CPU_THREADS",
      "OMP_NUM_THREADS");

  private JobScript() {}

  /**
   * @param command the trial's command line; its first word must be executable on the node
   * @param env the trial's environment (the slot's device and thread variables are left to the node)
   * @param needs what the node must have; the job fails at once (exit 127), saying which it lacks, without one
   */
  static String render(JobFiles files, java.nio.file.Path log, java.nio.file.Path trialDir, List<String> command,
      Map<String, String> env, String label, List<NodeNeed> needs) {
    StringBuilder s = new StringBuilder("#!/bin/bash\n");
    s.append("# sweep: trial ").append(label.replace('\n', ' ')).append(", one attempt; written by sweep\n");
    s.append("if [ \"${SLURM_RESTART_COUNT:-0}\" -gt 0 ]; then\n");
    s.append("  echo \"sweep: Slurm restarted job $SLURM_JOB_ID; the trial's next attempt runs as a new job\" >&2\n");
    s.append("  exit 0\nfi\n");
    s.append("cd ").append(quote(trialDir.toString())).append(" || exit 1\n");
    s.append("lacks() {\n  echo \"sweep: node ${SLURMD_NODENAME:-$(hostname)} lacks $1 at $2: ")
        .append(escapedForEcho(NodeNeed.EVERY_NODE)).append("\" >&2\n");
    s.append("  ").append(writeExit(files, "127")).append("  exit 127\n}\n");
    s.append("[ -x ").append(quote(command.get(0))).append(" ] || lacks Java ").append(quote(command.get(0)))
        .append('\n');
    for (NodeNeed need : needs) {
      if (!need.path().toString().equals(command.get(0))) {
        s.append("[ -e ").append(quote(need.path().toString())).append(" ] || lacks ").append(quote(need.what()))
            .append(' ').append(quote(need.path().toString())).append('\n');
      }
    }
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      if (!NODE_OWNED.contains(e.getKey()) && e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
        s.append("export ").append(e.getKey()).append('=').append(quote(e.getValue())).append('\n');
      }
    }
    s.append("export SWEEP_CPU_THREADS=\"${SLURM_CPUS_PER_TASK:-1}\"\n");
    s.append("export OMP_NUM_THREADS=\"${OMP_NUM_THREADS:-$SWEEP_CPU_THREADS}\"\n");
    s.append(": >> ").append(quote(files.instructions().toString())).append('\n');
    for (String word : command) {
      s.append(quote(word)).append(' ');
    }
    s.append("< <(exec tail -n +1 -F -s 0.2 --pid=$$ ").append(quote(files.instructions().toString()))
        .append(" 2>/dev/null) >> ").append(quote(files.events().toString())).append(" 2>> ")
        .append(quote(log.toString())).append('\n');
    s.append("code=$?\n");
    s.append(writeExit(files, "\"$code\""));
    s.append("exit \"$code\"\n");
    return s.toString();
  }

  /** The line that writes {@code code} to the exit file, whole or not at all. */
  private static String writeExit(JobFiles files, String code) {
    String tmp = quote(files.exit() + ".tmp");
    return "echo " + code + " > " + tmp + " && mv -f " + tmp + ' ' + quote(files.exit().toString()) + '\n';
  }

  /** {@code word} in single quotes, as the shell reads it back unchanged. */
  static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  private static String escapedForEcho(String word) {
    return word.replaceAll("[\"`$\\\\]", "\\\\$0");
  }
}
