package sweep.spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Where a sweep's trials run: the spec's {@code backend:} section ({@link Local} when absent). */
public sealed interface BackendSpec {

  /** Child processes of the orchestrator, on its machine. */
  record Local() implements BackendSpec {}

  /**
   * Each trial attempt one Slurm job.
   *
   * @param partition {@code --partition}, or null for the cluster's default
   * @param account {@code --account}, or null
   * @param timeLimit {@code --time} of each job (whole minutes, as Slurm keeps it), or null for the partition's
   * @param sbatchArgs more {@code sbatch} options, passed as they are (never those sweep sets itself)
   * @param sharedDir a directory the orchestrator and every node see at this same path; trial directories are in it
   */
  record Slurm(String partition, String account, Duration timeLimit, List<String> sbatchArgs, Path sharedDir)
      implements BackendSpec {
    public Slurm {
      sbatchArgs = List.copyOf(sbatchArgs);
    }
  }
}
