package sweep.report;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;
import org.jline.terminal.Size;
import org.jline.terminal.impl.exec.ExecPty;
import org.jline.terminal.impl.exec.ExecTerminalProvider;
import org.jline.terminal.spi.Pty;
import org.jline.terminal.spi.SystemStream;
import org.jline.utils.Signals;

/**
 * The terminal sweep's standard error is shown on, as JLine's {@code stty}-based provider sees it: its size, read
 * when it is opened and again whenever the window changes (SIGWINCH).
 *
 * <p>Only the size is taken from JLine: a JLine {@code Terminal} would close (and so detach) standard error from
 * its own shutdown hook while sweep's still prints, and would take over SIGINT, which sweep needs to record an
 * interruption. Nothing is written through JLine.
 */
public final class SystemTerminal implements Supplier<TerminalSize>, AutoCloseable {
  /** What a terminal that does not say its size is taken to be. */
  static final TerminalSize FALLBACK = new TerminalSize(80, 24);

  private final Pty pty;
  private final Object winch;
  private volatile TerminalSize size;

  private SystemTerminal(Pty pty) {
    this.pty = pty;
    this.size = read(pty);
    this.winch = Signals.register("WINCH", () -> size = read(pty));
  }

  /** The terminal, when both standard input and standard error are one; empty otherwise (a log, a pipe, cron). */
  public static Optional<SystemTerminal> open() {
    ExecTerminalProvider provider = new ExecTerminalProvider();
    if (!provider.isPosixSystemStream(SystemStream.Error) || !provider.isPosixSystemStream(SystemStream.Input)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new SystemTerminal(ExecPty.current(provider, SystemStream.Error)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static TerminalSize read(Pty pty) {
    try {
      Size s = pty.getSize();
      return s.getColumns() > 0 && s.getRows() > 0 ? new TerminalSize(s.getColumns(), s.getRows()) : FALLBACK;
    } catch (IOException | RuntimeException e) {
      return FALLBACK;
    }
  }

  /** The size now. */
  @Override
  public TerminalSize get() {
    return size;
  }

  @Override
  public void close() {
    Signals.unregister("WINCH", winch);
    try {
      pty.close();
    } catch (IOException ignored) {
      // nothing was opened
    }
  }
}
