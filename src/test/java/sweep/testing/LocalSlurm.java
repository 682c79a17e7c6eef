package sweep.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that starts a real Slurm once for the whole test run and stops it when the run ends: munge with
 * its own key and socket, {@code slurmctld}, and two {@code slurmd} nodes ({@code n1}, {@code n2}) on loopback, each
 * with two CPUs and two fake GPUs (gres over character devices made with {@code mknod}, so Slurm sets
 * {@code CUDA_VISIBLE_DEVICES}), in a temporary directory, on free ports, without accounting. Its commands find it
 * through {@link Cluster#env()} ({@code SLURM_CONF}). Tests that use it need the Debian package slurm-wlm (which
 * brings munge) and python3. DESIGN.md section 9 has the recipe.
 *
 * <p>Each {@code slurmd} runs under {@code reaper.py}, a child subreaper, since the PID 1 of some containers reaps no
 * orphan and a zombie would hold a cancelled job in COMPLETING. A node is declared down 10 s after its
 * {@code slurmd} stops answering ({@code SlurmdTimeout}), and comes back when it registers again.
 */
public final class LocalSlurm implements BeforeAllCallback {
  /** The nodes, in order; each has {@value #GPUS_PER_NODE} GPUs. */
  public static final List<String> NODES = List.of("n1", "n2");
  public static final int GPUS_PER_NODE = 2;
  private static Cluster cluster;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    synchronized (LocalSlurm.class) {
      if (cluster == null) {
        cluster = Cluster.start(Files.createTempDirectory("sweep-slurm"));
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(LocalSlurm.class, cluster);
      }
    }
  }

  /** The running cluster. */
  public static Cluster cluster() {
    return cluster;
  }

  /**
   * Starts a cluster for a script (the scheduling benchmark), prints {@code SLURM_CONF=PATH} once it is up, and stops
   * it when its standard input ends.
   */
  public static void main(String[] args) throws Exception {
    Cluster c = Cluster.start(Files.createTempDirectory("sweep-slurm"));
    try {
      System.out.println("SLURM_CONF=" + c.env().get("SLURM_CONF"));
      System.out.flush();
      while (System.in.read() >= 0) {
        // until the script closes our stdin
      }
    } finally {
      c.close();
    }
  }

  /** A two-node cluster in one directory. */
  public static final class Cluster implements ExtensionContext.Store.CloseableResource {
    private final Path dir;
    private final Map<String, String> env;
    private final Map<String, Integer> nodePorts = new LinkedHashMap<>();
    /** Each node's reapers (with its slurmd, and the steps of a killed slurmd's jobs), in the order started. */
    private final List<Process> reapers = new ArrayList<>();
    private Process munged;
    private Process slurmctld;

    private Cluster(Path dir) {
      this.dir = dir;
      this.env = Map.of("SLURM_CONF", dir.resolve("slurm.conf").toString());
    }

    static Cluster start(Path dir) throws IOException, InterruptedException {
      Cluster c = new Cluster(dir);
      try {
        c.configure();
        c.startAll();
      } catch (IOException | InterruptedException | RuntimeException e) {
        c.close();
        throw e;
      }
      return c;
    }

    /** The cluster's directory (configuration, state, logs under {@code log/}). */
    public Path dir() {
      return dir;
    }

    /** What Slurm's commands need to reach this cluster. */
    public Map<String, String> env() {
      return env;
    }

    private void configure() throws IOException, InterruptedException {
      for (String sub : List.of("state", "log", "dev", "munge")) {
        Files.createDirectories(dir.resolve(sub));
      }
      Files.setPosixFilePermissions(dir.resolve("munge"), PosixFilePermissions.fromString("rwxr-xr-x"));
      exec(List.of("mungekey", "-c", "-k", dir.resolve("munge/munge.key").toString(), "-b", "1024"));
      StringBuilder gres = new StringBuilder("AutoDetect=off\n");
      int gpu = 0;
      for (String node : NODES) {
        Files.createDirectories(dir.resolve("spool").resolve(node));
        List<String> files = new ArrayList<>();
        for (int i = 0; i < GPUS_PER_NODE; i++, gpu++) {
          Path dev = dir.resolve("dev/nvidia" + gpu);
          exec(List.of("mknod", dev.toString(), "c", "1", "3")); // /dev/null's numbers: a character device
          files.add(dev.toString());
        }
        for (String f : files) {
          gres.append("NodeName=").append(node).append(" Name=gpu File=").append(f).append('\n');
        }
        nodePorts.put(node, freePort());
      }
      Files.writeString(dir.resolve("gres.conf"), gres.toString());
      StringBuilder conf = new StringBuilder();
      conf.append("""
          ClusterName=sweeptest
          SlurmctldHost=localhost
          SlurmctldPort=%d
          SlurmdPort=%d
          AuthType=auth/munge
          CredType=cred/munge
          AuthInfo=socket=%s
          SlurmUser=root
          SlurmdUser=root
          StateSaveLocation=%s
          SlurmdSpoolDir=%s/spool/%%n
          SlurmctldPidFile=%s/slurmctld.pid
          SlurmdPidFile=%s/slurmd-%%n.pid
          SlurmctldLogFile=%s/log/slurmctld.log
          SlurmdLogFile=%s/log/slurmd-%%n.log
          ProctrackType=proctrack/pgid
          TaskPlugin=task/none
          SelectType=select/cons_tres
          SelectTypeParameters=CR_Core_Memory
          DefMemPerCPU=500
          GresTypes=gpu
          SchedulerType=sched/builtin
          SlurmdTimeout=10
          KillWait=2
          MinJobAge=600
          ReturnToService=2
          MpiDefault=none
          JobAcctGatherType=jobacct_gather/none
          AccountingStorageType=accounting_storage/none
          JobCompType=jobcomp/none
          SlurmdParameters=config_overrides
          """.formatted(freePort(), freePort(), munge(), dir.resolve("state"), dir, dir, dir, dir, dir));
      for (Map.Entry<String, Integer> n : nodePorts.entrySet()) {
        conf.append("NodeName=").append(n.getKey()).append(" NodeHostname=localhost NodeAddr=127.0.0.1 Port=")
            .append(n.getValue()).append(" CPUs=2 RealMemory=4000 Gres=gpu:").append(GPUS_PER_NODE)
            .append(" State=UNKNOWN\n");
      }
      conf.append("PartitionName=main Nodes=").append(String.join(",", NODES))
          .append(" Default=YES MaxTime=INFINITE State=UP\n");
      Files.writeString(dir.resolve("slurm.conf"), conf.toString());
      Files.copy(resource("reaper.py"), dir.resolve("reaper.py"));
    }

    private String munge() {
      return dir.resolve("munge/munge.socket").toString();
    }

    private void startAll() throws IOException, InterruptedException {
      munged = daemon("munged", List.of("munged", "-F", "--force", "--key-file=" + dir.resolve("munge/munge.key"),
          "--socket=" + munge(), "--pid-file=" + dir.resolve("munge/munged.pid"),
          "--log-file=" + dir.resolve("log/munged.log"), "--seed-file=" + dir.resolve("munge/seed")));
      waitFor(() -> Files.exists(Path.of(munge())), Duration.ofSeconds(20), "munged's socket");
      slurmctld = daemon("slurmctld", List.of("slurmctld", "-D", "-i", "-f", env.get("SLURM_CONF")));
      for (String node : NODES) {
        startSlurmd(node);
      }
      waitForNodes(Duration.ofSeconds(60));
    }

    /** Starts the node's {@code slurmd} (again: after {@link #killSlurmd}); it rejoins by itself. */
    public synchronized void startSlurmd(String node) throws IOException {
      reapers.add(daemon("slurmd-" + node, List.of("python3", dir.resolve("reaper.py").toString(), "slurmd",
          "-D", "-f", env.get("SLURM_CONF"), "-N", node)));
    }

    /**
     * {@code kill -9} of the node's {@code slurmd} alone: its jobs' {@code slurmstepd}s and processes keep running, as
     * on a node cut off from the controller, until a {@code slurmd} started again finds them and ends those the
     * controller no longer has there.
     */
    public synchronized void killSlurmd(String node) throws IOException, InterruptedException {
      long pid = Long.parseLong(Files.readString(dir.resolve("slurmd-" + node + ".pid")).trim());
      ProcessHandle slurmd = ProcessHandle.of(pid).orElseThrow(() -> new IOException("no slurmd " + pid));
      slurmd.destroyForcibly();
      try {
        slurmd.onExit().get(20, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new IOException("slurmd " + pid + " of " + node + " did not die", e);
      }
    }

    /** Waits until every node is up and idle (no job on it). */
    public void waitForNodes(Duration within) throws IOException, InterruptedException {
      waitFor(() -> {
        String states = slurm("sinfo", "-h", "-N", "-o", "%T").trim();
        return !states.isEmpty() && states.lines().allMatch(s -> s.equals("idle"));
      }, within, "both nodes idle (sinfo: " + slurm("sinfo", "-h", "-N", "-o", "%N %T %E").trim() + ")");
    }

    /** Runs a Slurm command against this cluster; its output (stdout and stderr), whatever its exit. */
    public String slurm(String... command) {
      try {
        return exec(List.of(command), true);
      } catch (IOException e) {
        return e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "";
      }
    }

    /** Cancels every job and waits until none is left pending or running. */
    public void cancelAll() throws IOException, InterruptedException {
      slurm("scancel", "--user=root");
      waitFor(() -> slurm("squeue", "-h", "-o", "%i").isBlank(), Duration.ofSeconds(60), "no job left in squeue");
    }

    private Process daemon(String name, List<String> command) throws IOException {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("log/" + name + ".out").toFile()));
      pb.environment().putAll(env);
      return pb.start();
    }

    private String exec(List<String> command) throws IOException, InterruptedException {
      return exec(command, false);
    }

    private String exec(List<String> command, boolean anyExit) throws IOException, InterruptedException {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().putAll(env);
      Process p = pb.start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || (!anyExit && p.exitValue() != 0)) {
        throw new IOException(String.join(" ", command) + " failed: " + out);
      }
      return out;
    }

    private interface Check {
      boolean holds() throws IOException, InterruptedException;
    }

    private static void waitFor(Check check, Duration within, String what) throws IOException, InterruptedException {
      long deadline = System.nanoTime() + within.toNanos();
      while (!check.holds()) {
        if (System.nanoTime() > deadline) {
          throw new IOException("the test Slurm cluster: no " + what + " within " + within.toSeconds() + " s");
        }
        Thread.sleep(100);
      }
    }

    private static int freePort() throws IOException {
      try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      }
    }

    private static InputStream resource(String name) throws IOException {
      InputStream in = LocalSlurm.class.getResourceAsStream(name);
      if (in == null) {
        throw new IOException("no resource " + name + " next to " + LocalSlurm.class.getName());
      }
      return in;
    }

    @Override
    public void close() {
      try {
        if (slurmctld != null && slurmctld.isAlive()) {
          cancelAll();
        }
      } catch (IOException | InterruptedException e) {
        // stop the daemons anyway
      }
      List<Process> all = new ArrayList<>(reapers);
      all.add(slurmctld);
      all.add(munged);
      for (Process p : all) {
        if (p != null) {
          p.destroy();
        }
      }
      for (Process p : all) {
        try {
          if (p != null && !p.waitFor(20, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
