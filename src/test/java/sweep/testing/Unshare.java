package sweep.testing;

/** Runs shell commands as root of a user and mount namespace of their own ({@code unshare -rm}): mounts without root. */
public final class Unshare {
  private Unshare() {}

  /** Whether {@code shell} succeeds in such a namespace here (user namespaces can be turned off). */
  public static boolean works(String shell) throws Exception {
    Process p = new ProcessBuilder("unshare", "-rm", "sh", "-c", shell).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor() == 0;
  }
}
