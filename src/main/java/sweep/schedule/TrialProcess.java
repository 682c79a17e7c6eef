package sweep.schedule;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import sweep.protocol.EventCodec;
import sweep.protocol.TrialEvent;

/**
 * One trial's child JVM ({@code sweep trial --config FILE}). Its stderr goes to the trial's log file; a reader
 * thread turns its stdout into {@link Message}s on the scheduler's queue, ending with {@link Message.Exited}.
 */
final class TrialProcess {
  private final long trialId;
  private final Process process;
  private final OutputStream stdin;
  private final Path log;

  /** What the scheduler hears from its trials. */
  sealed interface Message {
    TrialProcess from();

    record Event(TrialProcess from, TrialEvent event) implements Message {}

    /** A stdout line that is not an event: it goes to the trial's log. */
    record Output(TrialProcess from, String line) implements Message {}

    record Exited(TrialProcess from, int code) implements Message {}
  }

  private TrialProcess(long trialId, Process process, Path log) {
    this.trialId = trialId;
    this.process = process;
    this.stdin = process.getOutputStream();
    this.log = log;
  }

  static TrialProcess start(long trialId, List<String> command, Path log, java.util.Map<String, String> env,
      BlockingQueue<Message> queue) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    TrialProcess tp = new TrialProcess(trialId, pb.start(), log);
    Thread reader = new Thread(() -> tp.read(queue), "trial-" + trialId + "-stdout");
    reader.setDaemon(true);
    reader.start();
    return tp;
  }

  private void read(BlockingQueue<Message> queue) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        String l = line;
        queue.add(EventCodec.decode(l).<Message>map(e -> new Message.Event(this, e))
            .orElseGet(() -> new Message.Output(this, l)));
      }
    } catch (IOException e) {
      // the process is going away; its exit code tells the rest
    }
    int code;
    try {
      code = process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = -1;
    }
    queue.add(new Message.Exited(this, code));
  }

  long trialId() {
    return trialId;
  }

  long pid() {
    return process.pid();
  }

  /** Sends one instruction line; false if the trial is no longer listening. */
  boolean send(String line) {
    try {
      stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      stdin.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  void appendLog(String line) {
    try {
      Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      // the log is best effort; the store has the events
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /** The last {@code n} lines of the trial's log, stack frames left out, for a failure's reason. */
  String logTail(int n) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
          .filter(l -> !l.isBlank() && !l.matches("\\s+(at |\\.\\.\\. \\d+ more).*")).toList();
      List<String> tail = new ArrayList<>(lines.subList(Math.max(0, lines.size() - n), lines.size()));
      return String.join("\n", tail);
    } catch (IOException e) {
      return "";
    }
  }
}
