package sweep.spec.wandb;

import java.util.List;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.resolver.CoreScalarResolver;

/**
 * W&B reads sweep files with PyYAML (YAML 1.1), which takes {@code 1e-3} (no dot) or {@code 1.0e3} (no exponent
 * sign) as text where YAML 1.2 takes a number: the program then gets {@code --lr=1e-3}. In a W&B file's parameter
 * values such scalars are made text, so sweep passes them as W&B does.
 */
final class PyYamlScalars {
  /** PyYAML's implicit float. */
  private static final Pattern PYYAML_FLOAT = Pattern.compile("[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?"
      + "|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)"
      + "|\\.(?:nan|NaN|NAN)");
  private static final CoreScalarResolver RESOLVER = new CoreScalarResolver();

  private PyYamlScalars() {}

  /** Retypes the {@code value} and {@code values} scalars under {@code parameters}. */
  static void retype(Node parameters) {
    if (!(parameters instanceof MappingNode params)) {
      return;
    }
    for (NodeTuple p : params.getValue()) {
      if (!(p.getValueNode() instanceof MappingNode param)) {
        continue;
      }
      List<NodeTuple> keys = param.getValue();
      for (int i = 0; i < keys.size(); i++) {
        NodeTuple k = keys.get(i);
        String key = k.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
        if (key.equals("value")) {
          keys.set(i, new NodeTuple(k.getKeyNode(), text(k.getValueNode())));
        } else if (key.equals("values") && k.getValueNode() instanceof SequenceNode seq) {
          List<Node> items = seq.getValue();
          items.replaceAll(PyYamlScalars::text);
        } else if (key.equals("parameters")) {
          retype(k.getValueNode());
        }
      }
    }
  }

  private static Node text(Node n) {
    if (n instanceof ScalarNode s && s.getScalarStyle() == ScalarStyle.PLAIN
        && RESOLVER.resolve(s.getValue(), true).equals(org.snakeyaml.engine.v2.nodes.Tag.FLOAT)
        && !PYYAML_FLOAT.matcher(s.getValue()).matches()) {
      return new ScalarNode(s.getTag(), false, s.getValue(), ScalarStyle.DOUBLE_QUOTED, s.getStartMark(),
          s.getEndMark());
    }
    return n;
  }
}
