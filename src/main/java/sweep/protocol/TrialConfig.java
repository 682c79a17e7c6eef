package sweep.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What the orchestrator tells a trial process, as a JSON file passed with {@code sweep trial --config FILE}.
 *
 * @param trialDir absolute run directory of the trial; checkpoints are written under it
 * @param resumeCheckpoint checkpoint to resume from, relative to trialDir, or null to start fresh
 * @param resumeEpoch the epoch that checkpoint ended (0 when starting fresh)
 * @param heartbeatSeconds how often the trial reports that it is alive
 * @param bestEpoch the best epoch recorded so far (a resumed trial must keep its checkpoint), or null
 * @param bestValue the sweep metric at that epoch, or null
 */
public record TrialConfig(
    String sweep,
    long trialId,
    String phase,
    int number,
    String task,
    JsonNode taskConfig,
    Map<String, Object> params,
    long seed,
    int epochs,
    String metric,
    String goal,
    String trialDir,
    String resumeCheckpoint,
    int resumeEpoch,
    double heartbeatSeconds,
    Integer bestEpoch,
    Double bestValue) {}
