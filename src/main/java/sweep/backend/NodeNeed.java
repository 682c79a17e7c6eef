package sweep.backend;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One thing every node that runs a trial's job needs at the path the orchestrator uses, since the job runs the
 * orchestrator's own command line there: Java, each entry of the sweep's class path (the sweep jar), DJL's native
 * cache and libtorch where the environment names them, and the sweep's data snapshot.
 *
 * @param what what it is, for messages ({@code Java}, {@code the data snapshot})
 */
record NodeNeed(String what, Path path) {
  /** The variables naming DJL's native files, and what each names. */
  private static final Map<String, String> DJL = Map.of("DJL_CACHE_DIR", "DJL's native cache (DJL_CACHE_DIR)",
      "PYTORCH_LIBRARY_PATH", "libtorch (PYTORCH_LIBRARY_PATH)");

  /**
   * @param env the orchestrator's environment, which the job exports on the node
   * @param dataSnapshot the sweep's data snapshot, or null for a task without one
   */
  static List<NodeNeed> of(TrialLauncher launcher, Map<String, String> env, Path dataSnapshot) {
    List<NodeNeed> needs = new ArrayList<>(List.of(new NodeNeed("Java", Path.of(launcher.java()))));
    for (String entry : launcher.classPath().split(File.pathSeparator)) {
      if (!entry.isBlank()) { // a directory's jars (DIR/*): the directory
        needs.add(new NodeNeed("the sweep jar (class path)", Path.of(entry.endsWith("*")
            ? entry.substring(0, entry.length() - 1) : entry)));
      }
    }
    DJL.keySet().stream().sorted().filter(v -> env.get(v) != null && !env.get(v).isBlank())
        .forEach(v -> needs.add(new NodeNeed(DJL.get(v), Path.of(env.get(v)))));
    if (dataSnapshot != null) {
      needs.add(new NodeNeed("the data snapshot", dataSnapshot));
    }
    return needs;
  }

  /** {@code WHAT PATH, ...}, a need of many paths (the class path) as its first and how many more. */
  static String describe(List<NodeNeed> needs) {
    Map<String, List<Path>> byWhat = new LinkedHashMap<>();
    needs.forEach(n -> byWhat.computeIfAbsent(n.what(), w -> new ArrayList<>()).add(n.path()));
    return byWhat.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().get(0)
        + (e.getValue().size() > 1 ? " and " + (e.getValue().size() - 1) + " more" : ""))
        .collect(Collectors.joining(", "));
  }

  /** What a node lacking one of them is told, after {@code node N lacks WHAT at PATH}. */
  static final String EVERY_NODE = "every node needs Java, the sweep jar, DJL's native cache and the data snapshot"
      + " at the paths the orchestrator uses";
}
