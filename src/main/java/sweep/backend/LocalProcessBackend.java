package sweep.backend;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import sweep.store.TrialLocation;

/**
 * Trials as child JVMs of the orchestrator, on this machine ({@link TrialLauncher}): instructions over stdin, events
 * over stdout, the log from stderr.
 *
 * <p>Each attempt gets a random token, passed as its last argument and in its environment
 * ({@value ProcessTree#TOKEN_VARIABLE}); its handle is pid, start time and token (see {@link LocalHandle}). Its
 * pipes die with the orchestrator, so {@link #reattach} never carries an attempt on: it ends what is left of it
 * (the JVM, if that same process still runs, its descendants, and every process holding the token, such as a
 * program whose JVM is already gone) and returns empty.
 */
public final class LocalProcessBackend implements TrialBackend {
  /** The name recorded with each trial: {@value}. */
  public static final String NAME = "local";

  private final TrialLauncher launcher;
  private final Supplier<String> tokens;
  private final String host;
  private final LinkedBlockingQueue<TrialMessage> queue = new LinkedBlockingQueue<>();

  /**
   * @param tokens a new attempt token per call (random: see {@link #randomTokens})
   * @param host this machine's name, recorded with each trial
   */
  public LocalProcessBackend(TrialLauncher launcher, Supplier<String> tokens, String host) {
    this.launcher = launcher;
    this.tokens = tokens;
    this.host = host;
  }

  /** A backend with random tokens, recording this machine's host name. */
  public LocalProcessBackend(TrialLauncher launcher) {
    this(launcher, randomTokens(), localHost());
  }

  /** 128 random bits a token, from the OS's entropy source. */
  public static Supplier<String> randomTokens() {
    java.security.SecureRandom random = new java.security.SecureRandom();
    return () -> {
      byte[] b = new byte[16];
      random.nextBytes(b);
      return java.util.HexFormat.of().formatHex(b);
    };
  }

  static String localHost() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RunningTrial start(TrialLaunch launch) throws IOException {
    java.util.Map<String, String> env = new java.util.HashMap<>(launcher.env());
    env.putAll(launch.env());
    String token = tokens.get();
    return LocalTrial.start(launch, launcher.command(launch.jvmOptions(), launch.configFile(), token), env, token,
        NAME, host, queue);
  }

  @Override
  public Optional<RunningTrial> reattach(TrialLaunch launch, TrialLocation where) {
    if (where == null || !NAME.equals(where.backend())) {
      return Optional.empty();
    }
    Optional<LocalHandle> handle = where.handle() == null ? Optional.empty() : LocalHandle.decode(where.handle());
    if (handle.isPresent()) {
      ProcessTree.killAll(handle.get().find().orElse(null), handle.get().token(), LocalTrial.KILL_WAIT);
    } else if (where.pid() != null) { // recorded before handles: the pid is it only with this trial's arguments
      LocalHandle.findLegacy(where.pid(), launch.configFile())
          .ifPresent(jvm -> ProcessTree.killAll(jvm, null, LocalTrial.KILL_WAIT));
    }
    return Optional.empty();
  }

  @Override
  public TrialMessage poll(Duration wait) throws InterruptedException {
    return wait.isZero() ? queue.poll() : queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }
}
