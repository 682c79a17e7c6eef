package sweep.train.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import sweep.protocol.EventCodec;
import sweep.train.TrialContext;

/**
 * Epochs a program prints on stdout ({@code metrics: {from: stdout}}): a line that is a JSON object with a numeric
 * {@code epoch} is an epoch's metrics, a {@code checkpoint} field records a checkpoint; any other line goes to the
 * trial's log.
 */
final class StdoutEpochs {
  private StdoutEpochs() {}

  /** Handles one line; returns the epoch the program is at. */
  static int handleLine(TrialContext ctx, String line, int lastEpoch) {
    String trimmed = line.trim();
    if (trimmed.startsWith("{")) {
      try {
        JsonNode o = EventCodec.LENIENT.readTree(trimmed);
        if (o.isObject() && (o.has("epoch") || o.has("checkpoint"))) {
          int epoch = o.path("epoch").isNumber() ? o.path("epoch").asInt() : lastEpoch;
          String checkpoint = o.path("checkpoint").isTextual() ? relativize(ctx, o.path("checkpoint").asText()) : null;
          Map<String, Double> metrics = EventCodec.metrics(o);
          metrics.remove("epoch");
          if (o.path("epoch").isNumber()) {
            ctx.reportEpochNoWait(epoch, metrics, checkpoint);
          } else {
            ctx.reportCheckpoint(epoch, checkpoint);
          }
          return epoch;
        }
      } catch (java.io.IOException e) {
        // not JSON: a log line
      }
    }
    System.err.println(line);
    return lastEpoch;
  }

  private static String relativize(TrialContext ctx, String path) {
    Path p = Path.of(path);
    Path dir = ctx.trialDir();
    if (p.isAbsolute() && p.startsWith(dir)) {
      return dir.relativize(p).toString();
    }
    return path;
  }

}
