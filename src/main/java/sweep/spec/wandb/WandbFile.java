package sweep.spec.wandb;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import sweep.spec.SpecException;

/**
 * A W&B sweep file (one with {@code program}) read as a sweep spec: before the spec is validated, what W&B implies
 * is written out. {@code task: command} when no task is given; W&B's default command
 * {@code [${env}, ${interpreter}, ${program}, ${args}]} when no command is; {@code count} (the agent's number of
 * runs) as {@code run_cap}, the smaller of the two when both are given, and without either
 * {@value #UNCAPPED} trials, W&B's run-until-stopped; {@code trial: {epochs: }}{@value #EPOCHS} when no trial is
 * given: the program runs its own loop, and sweep only stops it after that many reported epochs; hyperband's
 * {@code strict: true} when not given (W&B's default, sweep's own is false), and {@code metric.impute: worst} (W&B's
 * default; sweep's own specs leave failed trials out). A value W&B's
 * YAML reader takes as text ({@code 1e-3}, which has no dot) is text here too, so the program gets it as written.
 * Keys of W&B's
 * configuration that sweep does not honour are refused in every spec, each with a one-line error that says so.
 */
public final class WandbFile {
  /** Where {@code metric.target} of a W&B file goes for the command task to record (see the command task's W&B agent). */
  public static final String TARGET_KEY = "metric_target";
  /** Joins the names of a nested parameter's path ({@code optimizer__nested__lr}). */
  public static final String NEST = "__nested__";
  /** Trials of a W&B file with neither count nor run_cap: W&B runs until it is stopped. */
  public static final int UNCAPPED = 1_000_000;
  /** The epoch bound of a W&B file's trials when it gives no {@code trial}. */
  public static final int EPOCHS = 100_000;
  /** Top-level keys of W&B's configuration that sweep does not honour. */
  private static final List<String> UNSUPPORTED = List.of("apiVersion", "kind", "controller", "job", "image_uri",
      "scheduler"); // W&B's metrics list is not refused here: metrics is a command task key

  private WandbFile() {}

  /** {@code root} (a whole spec as composed) with what a W&B file implies written out; other specs as they are. */
  public static Node adapt(String file, Node root) {
    if (!(root instanceof MappingNode mapping)) {
      return root;
    }
    List<NodeTuple> tuples = new ArrayList<>(mapping.getValue());
    Optional<NodeTuple> program = find(tuples, "program");
    for (NodeTuple t : List.copyOf(tuples)) {
      String key = key(t);
      if (UNSUPPORTED.contains(key)) {
        throw unsupported(file, t.getKeyNode(), key, "W&B's '" + key + "' is not supported");
      }
      if (key.equals("metric") && t.getValueNode() instanceof MappingNode metric) {
        for (NodeTuple m : List.copyOf(metric.getValue())) {
          if (key(m).equals("target")) {
            if (program.isEmpty()) {
              throw unsupported(file, m.getKeyNode(), "metric.target", "'target' is supported in W&B files (with"
                  + " 'program') only");
            }
            List<NodeTuple> rest = new ArrayList<>(metric.getValue());
            rest.remove(m);
            metric.setValue(rest);
            tuples.add(new NodeTuple(scalar(TARGET_KEY, m.getKeyNode().getStartMark()), m.getValueNode()));
          }
        }
      }
    }
    if (program.isEmpty()) {
      return root;
    }
    refuseWandbForms(file, tuples, program.get());
    find(tuples, "parameters").ifPresent(t -> {
      PyYamlScalars.retype(t.getValueNode());
      if (t.getValueNode() instanceof MappingNode params) {
        List<NodeTuple> flat = new ArrayList<>();
        flatten(params.getValue(), "", flat);
        params.setValue(flat);
      }
    });
    Optional<Mark> at = program.get().getKeyNode().getStartMark();
    if (find(tuples, "task").isEmpty()) {
      tuples.add(new NodeTuple(scalar("task", at), scalar("command", at)));
    }
    if (find(tuples, "command").isEmpty()) {
      List<Node> items = new ArrayList<>();
      for (String macro : List.of("${env}", "${interpreter}", "${program}", "${args}")) {
        items.add(scalar(macro, at));
      }
      tuples.add(new NodeTuple(scalar("command", at), new SequenceNode(Tag.SEQ, false, items, FlowStyle.FLOW, at,
          at)));
    }
    Optional<NodeTuple> count = find(tuples, "count");
    Optional<NodeTuple> cap = find(tuples, "run_cap");
    if (count.isPresent()) {
      tuples.remove(count.get());
      if (cap.isEmpty()) {
        tuples.add(new NodeTuple(scalar("run_cap", at), count.get().getValueNode()));
      } else if (whole(count.get()) < whole(cap.get())) {
        tuples.set(tuples.indexOf(cap.get()), new NodeTuple(cap.get().getKeyNode(), count.get().getValueNode()));
      }
    } else if (cap.isEmpty() && !isGrid(tuples)) {
      tuples.add(new NodeTuple(scalar("run_cap", at), scalar(Integer.toString(UNCAPPED), at, Tag.INT)));
    }
    find(tuples, "early_terminate").ifPresent(t -> strictByDefault(t.getValueNode()));
    find(tuples, "metric").ifPresent(t -> metricDefaults(t.getValueNode()));
    if (find(tuples, "trial").isEmpty()) {
      tuples.add(new NodeTuple(scalar("trial", at), new MappingNode(Tag.MAP, false, List.of(new NodeTuple(
          scalar("epochs", at), scalar(Integer.toString(EPOCHS), at, Tag.INT))), FlowStyle.FLOW, at, at)));
    }
    mapping.setValue(tuples);
    return root;
  }

  /**
   * Nested {@code parameters} as W&B samples them: each leaf a parameter of its own, named by its path joined with
   * {@link #NEST}; the program gets them nested again (see the command task's W&B agent).
   */
  private static void flatten(List<NodeTuple> params, String prefix, List<NodeTuple> out) {
    for (NodeTuple p : params) {
      String name = prefix + key(p);
      if (p.getValueNode() instanceof MappingNode m && m.getValue().size() == 1 && key(m.getValue().get(0))
          .equals("parameters") && m.getValue().get(0).getValueNode() instanceof MappingNode inner) {
        flatten(inner.getValue(), name + NEST, out);
      } else {
        ScalarNode k = (ScalarNode) p.getKeyNode();
        out.add(new NodeTuple(new ScalarNode(k.getTag(), false, name, k.getScalarStyle(), k.getStartMark(),
            k.getEndMark()), p.getValueNode()));
      }
    }
  }

  /** W&B's hyperband is strict unless told otherwise (its schema's default); sweep's own specs are not. */
  private static void strictByDefault(Node earlyTerminate) {
    if (earlyTerminate instanceof MappingNode et && find(et.getValue(), "strict").isEmpty()
        && find(et.getValue(), "type").map(t -> t.getValueNode() instanceof ScalarNode s
            && s.getValue().equals("hyperband")).orElse(false)) {
      Optional<Mark> at = et.getStartMark();
      List<NodeTuple> keys = new ArrayList<>(et.getValue());
      keys.add(new NodeTuple(scalar("strict", at), scalar("true", at, Tag.BOOL)));
      et.setValue(keys);
    }
  }

  /**
   * W&B's metric defaults: {@code goal: minimize}, and {@code impute: worst} (its search learns the sweep's worst
   * value for a failed run).
   */
  private static void metricDefaults(Node metric) {
    if (metric instanceof MappingNode m) {
      Optional<Mark> at = m.getStartMark();
      List<NodeTuple> keys = new ArrayList<>(m.getValue());
      if (find(keys, "goal").isEmpty()) {
        keys.add(new NodeTuple(scalar("goal", at), scalar("minimize", at)));
      }
      if (find(keys, "impute").isEmpty()) {
        keys.add(new NodeTuple(scalar("impute", at), scalar("worst", at)));
      }
      m.setValue(keys);
    }
  }

  /**
   * Forms of a W&B file sweep does not run, each refused naming its key: the multi-objective {@code metrics} list
   * and {@code method: custom} (a scheduler's), and a file with no {@code metric} (W&B runs random and grid
   * sweeps without one; sweep picks and publishes the best trial by it).
   */
  private static void refuseWandbForms(String file, List<NodeTuple> tuples, NodeTuple program) {
    Optional<NodeTuple> metrics = find(tuples, "metrics");
    if (metrics.isPresent() && metrics.get().getValueNode() instanceof SequenceNode) {
      throw unsupported(file, metrics.get().getKeyNode(), "metrics", "W&B's multi-objective 'metrics' list is not"
          + " supported; give one 'metric'");
    }
    Optional<NodeTuple> method = find(tuples, "method");
    if (method.isPresent() && method.get().getValueNode() instanceof ScalarNode m && m.getValue().equals("custom")) {
      throw unsupported(file, method.get().getValueNode(), "method", "W&B's 'custom' method (a scheduler's) is not"
          + " supported");
    }
    if (find(tuples, "metric").isEmpty()) {
      throw unsupported(file, program.getKeyNode(), "metric", "a W&B file without 'metric' is not supported: sweep"
          + " picks and publishes the best trial by it");
    }
  }

  private static boolean isGrid(List<NodeTuple> tuples) {
    return find(tuples, "method").map(t -> t.getValueNode() instanceof ScalarNode s && s.getValue().equals("grid"))
        .orElse(false);
  }

  /** A whole number as written, or the largest long when it is none (the loader says what is wrong with it). */
  private static long whole(NodeTuple t) {
    try {
      return t.getValueNode() instanceof ScalarNode s ? Long.parseLong(s.getValue().strip()) : Long.MAX_VALUE;
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private static Optional<NodeTuple> find(List<NodeTuple> tuples, String key) {
    return tuples.stream().filter(t -> key(t).equals(key)).findFirst();
  }

  private static String key(NodeTuple t) {
    return t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
  }

  private static ScalarNode scalar(String value, Optional<Mark> at) {
    return scalar(value, at, Tag.STR);
  }

  private static ScalarNode scalar(String value, Optional<Mark> at, Tag tag) {
    return new ScalarNode(tag, false, value, ScalarStyle.PLAIN, at, at);
  }

  private static SpecException unsupported(String file, Node keyNode, String path, String problem) {
    Mark m = keyNode.getStartMark().orElse(null);
    return new SpecException(file, m == null ? 1 : m.getLine() + 1, m == null ? 1 : m.getColumn() + 1, path, problem);
  }
}
