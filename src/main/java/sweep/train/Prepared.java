package sweep.train;

import com.fasterxml.jackson.databind.JsonNode;
import sweep.store.DataSnapshot;

/**
 * What {@link TaskType#prepare} fixed for a sweep.
 *
 * @param taskConfig the task configuration every trial of the sweep receives
 * @param snapshot the data those trials train on, to record in the store; null when the task has none to record
 */
public record Prepared(JsonNode taskConfig, DataSnapshot snapshot) {}
