package sweep.backend;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import sweep.protocol.EventCodec;
import sweep.store.TrialLocation;

/**
 * One trial attempt run as a child JVM ({@code sweep trial --config FILE --token T}). Its stderr goes to the log
 * file; a reader thread turns its stdout into {@link TrialMessage}s, writing non-event lines to the log, and ends
 * with {@link TrialMessage.Exited}. When the JVM exits, every process still holding the attempt's token is killed:
 * nothing of an attempt outlives it.
 */
final class LocalTrial implements RunningTrial {
  /** How long {@link #kill} waits for the processes it killed to be gone. */
  static final Duration KILL_WAIT = Duration.ofSeconds(30);

  private final long trialId;
  private final Process process;
  private final OutputStream stdin;
  private final Path log;
  private final LocalHandle handle;
  private final TrialLocation location;

  private LocalTrial(long trialId, Process process, Path log, LocalHandle handle, String backend, String host) {
    this.trialId = trialId;
    this.process = process;
    this.stdin = process.getOutputStream();
    this.log = log;
    this.handle = handle;
    this.location = new TrialLocation(backend, host, handle.encode(), process.pid());
  }

  static LocalTrial start(TrialLaunch launch, List<String> command, java.util.Map<String, String> env, String token,
      String backend, String host, Queue<TrialMessage> queue) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    pb.environment().put(ProcessTree.TOKEN_VARIABLE, token);
    pb.redirectError(ProcessBuilder.Redirect.appendTo(launch.log().toFile()));
    Process p = pb.start();
    LocalTrial trial = new LocalTrial(launch.trialId(), p, launch.log(), LocalHandle.of(p.toHandle(), token),
        backend, host);
    queue.add(new TrialMessage.Began(launch.trialId()));
    // What the attempt left running when its JVM ended (a program's helper that left its tree) ends with it; that
    // also closes a stdout such a stray still held, so the reader below sees its end and reports the exit.
    p.onExit().thenRunAsync(() -> ProcessTree.killAll(null, token, KILL_WAIT));
    Thread reader = new Thread(() -> trial.read(queue), "trial-" + launch.trialId() + "-stdout");
    reader.setDaemon(true);
    reader.start();
    return trial;
  }

  private void read(Queue<TrialMessage> queue) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        String l = line;
        TrialMessage m = EventCodec.decode(l).<TrialMessage>map(e -> new TrialMessage.Event(trialId, e))
            .orElseGet(() -> {
              appendLog(l);
              return new TrialMessage.Output(trialId, l);
            });
        queue.add(m);
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
    ProcessTree.killAll(null, handle.token(), KILL_WAIT); // its exit is reported once nothing of it runs
    queue.add(new TrialMessage.Exited(trialId, code, false));
  }

  private void appendLog(String line) {
    TrialLog.append(log, line);
  }

  @Override
  public long trialId() {
    return trialId;
  }

  @Override
  public TrialLocation location() {
    return location;
  }

  @Override
  public synchronized boolean send(String instruction) {
    try {
      stdin.write((instruction + "\n").getBytes(StandardCharsets.UTF_8));
      stdin.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public boolean alive() {
    return process.isAlive() || !ProcessTree.members(null, handle.token()).isEmpty();
  }

  @Override
  public void kill() {
    ProcessTree.killAll(process.toHandle(), handle.token(), KILL_WAIT);
  }

  @Override
  public String logTail(int n) {
    return TrialLog.tail(log, n);
  }
}
