package sweep.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The data every trial of a sweep trains on, fixed once when the sweep starts.
 *
 * @param source where it came from, as the spec names it ({@code dynamodb://receipts}, {@code file:...},
 *     {@code synthetic})
 * @param path the local copy trials read ({@code runs/<sweep>/data/...jsonl}), or null when they read the source
 * @param items rows or items read from the source, bad ones included
 * @param lines the lines kept
 * @param dataHash {@code sweep.data.DataHash} of the lines kept: the same value every trial records as provenance
 * @param badRows the rows left out, as a summary a person can read ({@code "none"} when none)
 * @param taskConfig the task configuration trials receive (JSON), pointing at the local copy
 * @param at when it was taken (the store's clock; ignored when recording)
 */
public record DataSnapshot(String source, String path, long items, long lines, String dataHash, String badRows,
    String taskConfig, Instant at) {
  public DataSnapshot {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(dataHash, "dataHash");
    Objects.requireNonNull(badRows, "badRows");
    Objects.requireNonNull(taskConfig, "taskConfig");
    if (items < 0 || lines < 0 || lines > items) {
      throw new IllegalArgumentException("need 0 <= lines <= items, got " + lines + " of " + items);
    }
  }
}
