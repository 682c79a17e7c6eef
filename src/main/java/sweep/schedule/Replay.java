package sweep.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One recorded trial run again ({@code sweep reproduce}) instead of a search: a sweep of one trial, number 0, with
 * the recorded parameters and seed, on the recorded data, with as many CPU threads, stopped after {@code stopAfter}
 * of its {@code epochs}; no early stopping, no pruning, no retrain.
 *
 * @param epochs the epochs the trial is to run (the recorded trial's: its learning-rate schedule depends on them)
 * @param stopAfter the epochs to run of them (at most {@code epochs})
 * @param cpuThreads the CPU threads the trial gets, or null for the sweep's usual share
 * @param taskConfig the task configuration to prepare the data from (the recorded one)
 * @param dataHash the hash the prepared data must have, or null when the recorded trial had none
 * @param origin where the trial comes from, in words, recorded as the sweep's {@code reproduces} event
 */
public record Replay(Map<String, Object> params, long seed, int epochs, int stopAfter, Integer cpuThreads,
    JsonNode taskConfig, String dataHash, String origin) {
  /** The event recorded on the new sweep, naming the trial it reproduces. */
  public static final String EVENT = "reproduces";

  public Replay {
    params = Map.copyOf(params);
    if (stopAfter < 1 || stopAfter > epochs) {
      throw new IllegalArgumentException("need 1 <= stopAfter <= epochs, got " + stopAfter + " of " + epochs);
    }
  }
}
