package sweep.backend;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sweep.store.TrialLocation;
import sweep.util.Json;

/** What a reader of the store learns of trials run as Slurm jobs: each attempt's job id, and Slurm's word on it. */
public final class SlurmJobs {
  /** Variables of the orchestrator's environment that Slurm's commands are given: where the cluster is. */
  private static final List<String> VARIABLES = List.of("SLURM_CONF");

  private SlurmJobs() {}

  /** The job id a Slurm attempt's location records ({@code {"job": ID}}); empty for any other location. */
  public static Optional<Long> jobId(TrialLocation where) {
    if (where == null || !SlurmBackend.NAME.equals(where.backend()) || where.handle() == null) {
      return Optional.empty();
    }
    try {
      JsonNode h = Json.tree(where.handle());
      return h.path("job").canConvertToLong() ? Optional.of(h.path("job").asLong()) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The variables of {@code env} that say where the cluster is, for Slurm's commands. */
  public static Map<String, String> clusterEnv(Map<String, String> env) {
    Map<String, String> out = new HashMap<>();
    VARIABLES.stream().filter(env::containsKey).forEach(v -> out.put(v, env.get(v)));
    return out;
  }

  /**
   * Slurm's state word ({@code PENDING}, {@code RUNNING}, {@code COMPLETED}, ...) of each of {@code ids} that Slurm
   * still knows ({@code squeue}, and accounting where it exists), asked in one call; a job Slurm has forgotten, or
   * every job when its commands cannot be run, is left out.
   *
   * @param env the environment Slurm's commands run with beyond this process's ({@link #clusterEnv})
   */
  public static Map<Long, String> states(Collection<Long> ids, Map<String, String> env) {
    Map<Long, String> states = new HashMap<>();
    try {
      new SlurmCli(env).jobs(ids).forEach(j -> states.put(j.id(), j.state()));
    } catch (IOException e) {
      // no Slurm here, or the controller does not answer: no state is known
    }
    return states;
  }
}
