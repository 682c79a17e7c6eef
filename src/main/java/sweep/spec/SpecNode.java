package sweep.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.CoreScalarResolver;

/**
 * A node of a YAML spec with its key path and position, so every validation error can name the file, line,
 * column and key. Scalars are read with environment expansion applied; reserved names (trial placeholders)
 * survive expansion untouched.
 */
public final class SpecNode {
  private static final CoreScalarResolver RESOLVER = new CoreScalarResolver();
  private static final LevenshteinDistance FULL_DISTANCE = LevenshteinDistance.getDefaultInstance();

  private final String file;
  private final Node node;
  private final Node keyNode;
  private final String path;
  private final EnvExpander env;
  private final Set<String> reserved;

  SpecNode(String file, Node node, Node keyNode, String path, EnvExpander env, Set<String> reserved) {
    this.file = file;
    this.node = node;
    this.keyNode = keyNode;
    this.path = path;
    this.env = env;
    this.reserved = reserved;
  }

  public String path() { return path; }

  /** An error positioned at this node's value. */
  public SpecException error(String problem) {
    return errorAt(node, problem);
  }

  /** An error positioned at this node's key (unknown or misplaced keys). */
  public SpecException errorAtKey(String problem) {
    return errorAt(keyNode != null ? keyNode : node, problem);
  }

  private SpecException errorAt(Node at, String problem) {
    Optional<Mark> mark = at == null ? Optional.empty() : at.getStartMark();
    int line = mark.map(m -> m.getLine() + 1).orElse(1);
    int col = mark.map(m -> m.getColumn() + 1).orElse(1);
    return new SpecException(file, line, col, path.isEmpty() ? "<root>" : path, problem);
  }

  public boolean isNull() {
    return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
  }

  public boolean isMapping() { return node instanceof MappingNode; }

  public boolean isSequence() { return node instanceof SequenceNode; }

  public boolean isScalar() { return node instanceof ScalarNode && !isNull(); }

  /** Entries of a mapping in document order; an error unless this is a mapping with scalar keys. */
  public Map<String, SpecNode> entries() {
    if (!(node instanceof MappingNode m)) {
      throw error("expected a mapping (key: value), got " + kind());
    }
    Map<String, SpecNode> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        throw errorAt(t.getKeyNode(), "keys must be plain names");
      }
      String key = k.getValue();
      if (out.containsKey(key)) {
        throw errorAt(k, "duplicate key '" + key + "'").withPath(join(key));
      }
      out.put(key, new SpecNode(file, t.getValueNode(), k, join(key), env, reserved));
    }
    return out;
  }

  /**
   * Entries of a mapping whose keys must all be in {@code allowed}; an unknown key is an error with a
   * did-you-mean suggestion.
   */
  public Map<String, SpecNode> entries(Collection<String> allowed) {
    Map<String, SpecNode> out = entries();
    for (SpecNode child : out.values()) {
      String key = child.key();
      if (!allowed.contains(key)) {
        throw child.errorAtKey("unknown key '" + key + "'" + suggestion(key, allowed));
      }
    }
    return out;
  }

  /**
   * " (did you mean 'x'?)" for the likeliest allowed name, else " (expected one of ...)". Likeliest is, in order:
   * a name that starts with what was given ({@code log_uniform} for {@code log_uniform_values}), a name within a
   * small edit distance ({@code paramaters}), a name that contains what was given or is contained in it
   * ({@code patience} for {@code early_stopping_patience}). Very short inputs get no guess.
   */
  public static String suggestion(String given, Collection<String> allowed) {
    String g = given.toLowerCase(Locale.ROOT);
    String best = null;
    int bestRank = Integer.MAX_VALUE;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : allowed) {
      String c = candidate.toLowerCase(Locale.ROOT);
      int d = FULL_DISTANCE.apply(g, c);
      int rank;
      if (g.length() >= 3 && c.startsWith(g)) {
        rank = 0;
      } else if (d <= 3 && d < g.length()) {
        rank = 1;
      } else if (g.length() >= 3 && c.length() >= 3 && (c.contains(g) || g.contains(c))) {
        rank = 2;
      } else {
        continue;
      }
      if (rank < bestRank || (rank == bestRank && d < bestDistance)) {
        best = candidate;
        bestRank = rank;
        bestDistance = d;
      }
    }
    if (best != null) {
      return " (did you mean '" + best + "'?)";
    }
    return " (expected one of " + String.join(", ", allowed) + ")";
  }

  /** The key this node sits under, or its index in brackets for list items. */
  public String key() {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? path : path.substring(dot + 1);
  }

  public Optional<SpecNode> get(String key) {
    return Optional.ofNullable(entries().get(key)).filter(n -> !n.isNull());
  }

  /**
   * The value under a required key. An absent key is an error at this mapping's own key; a key that is present
   * with no value ({@code trial:}) is an error at that key.
   */
  public SpecNode require(String key) {
    SpecNode child = entries().get(key);
    if (child == null) {
      throw missing(key);
    }
    if (child.isNull()) {
      throw child.errorAtKey("required key has no value");
    }
    return child;
  }

  /**
   * An error for a required key that is absent, positioned at the key of the mapping that should hold it (or at
   * the mapping itself for the root and list items).
   */
  public SpecException missing(String key) {
    SpecException at = errorAt(keyNode != null ? keyNode : node, "");
    return new SpecException(file, at.line(), at.column(), join(key), "required key is missing");
  }

  public List<SpecNode> items() {
    if (!(node instanceof SequenceNode s)) {
      throw error("expected a list, got " + kind());
    }
    List<SpecNode> out = new ArrayList<>();
    List<Node> value = s.getValue();
    for (int i = 0; i < value.size(); i++) {
      out.add(new SpecNode(file, value.get(i), null, path + "[" + i + "]", env, reserved));
    }
    return out;
  }

  /** This scalar as text, after environment expansion. */
  public String asString() {
    if (!(node instanceof ScalarNode s) || isNull()) {
      throw error("expected a single value, got " + kind());
    }
    try {
      return env.expand(s.getValue(), reserved);
    } catch (EnvExpander.UnsetVariable e) {
      if (reserved.isEmpty()) {
        throw error(e.getMessage());
      }
      // Where trial placeholders are allowed, an unknown ${name} is far more likely a misspelt placeholder.
      throw error("unknown placeholder ${" + e.name() + "}" + suggestion(e.name(), new TreeSet<>(reserved))
          + "; no environment variable " + e.name() + " is set either");
    }
  }

  public double asDouble() {
    String text = asString().trim();
    double v;
    try {
      v = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw error("expected a number, got '" + text + "'");
    }
    if (!Double.isFinite(v)) {
      throw error("expected a finite number, got '" + text + "'");
    }
    return v;
  }

  public long asLong() {
    String text = asString().trim();
    try {
      return parseInteger(text);
    } catch (NumberFormatException e) {
      try {
        double d = Double.parseDouble(text);
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
          return (long) d;
        }
      } catch (NumberFormatException ignored) {
        // fall through to the error below
      }
      throw error("expected a whole number, got '" + text + "'");
    }
  }

  public int asInt(int min, int max) {
    long v = asLong();
    if (v < min || v > max) {
      throw error(max == Integer.MAX_VALUE ? "must be at least " + min + ", got " + v
          : "must be between " + min + " and " + max + ", got " + v);
    }
    return (int) v;
  }

  /** A duration: plain seconds ({@code 90}) or a number with a unit ({@code 90s}, {@code 10m}, {@code 2h}); > 0. */
  public java.time.Duration asDuration() {
    String text = asString().trim();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([smh]?)").matcher(text);
    if (!m.matches()) {
      throw error("expected a duration such as 90, 90s, 10m or 2h, got '" + text + "'");
    }
    double amount = Double.parseDouble(m.group(1));
    double seconds = switch (m.group(2)) {
      case "m" -> amount * 60;
      case "h" -> amount * 3600;
      default -> amount;
    };
    if (seconds <= 0 || seconds > 366 * 86400.0) {
      throw error("must be more than 0 and at most a year, got '" + text + "'");
    }
    long millis = Math.round(seconds * 1000);
    if (millis < 1) {
      throw error("must be at least 1 ms (durations count whole milliseconds), got '" + text + "'");
    }
    return java.time.Duration.ofMillis(millis);
  }

  public boolean asBoolean() {
    String text = asString().trim();
    if (text.equalsIgnoreCase("true")) {
      return true;
    }
    if (text.equalsIgnoreCase("false")) {
      return false;
    }
    throw error("expected true or false, got '" + text + "'");
  }

  /** The scalar typed as YAML 1.2 core schema would type it after expansion: Long, Double, Boolean or String. */
  public Object asValue() {
    String text = asString();
    ScalarNode s = (ScalarNode) node;
    if (s.getScalarStyle() != ScalarStyle.PLAIN) {
      return text;
    }
    Tag tag = RESOLVER.resolve(text, true);
    try {
      if (tag.equals(Tag.INT)) {
        return parseInteger(text);
      }
      if (tag.equals(Tag.FLOAT)) {
        double d = Double.parseDouble(text);
        if (!Double.isFinite(d)) {
          throw error("expected a finite number, got '" + text + "'");
        }
        return d;
      }
    } catch (NumberFormatException e) {
      return text;
    }
    if (tag.equals(Tag.BOOL)) {
      return Boolean.parseBoolean(text.toLowerCase());
    }
    return text;
  }

  /** A YAML 1.2 core-schema integer: decimal with an optional sign, {@code 0x} hexadecimal or {@code 0o} octal. */
  private static long parseInteger(String text) {
    if (text.startsWith("0x")) {
      return Long.parseLong(text.substring(2), 16);
    }
    if (text.startsWith("0o")) {
      return Long.parseLong(text.substring(2), 8);
    }
    return Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
  }

  /** This subtree as JSON, with every scalar expanded and typed. */
  public JsonNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (isNull()) {
      return f.nullNode();
    }
    if (isMapping()) {
      ObjectNode o = f.objectNode();
      entries().forEach((k, v) -> o.set(k, v.toJson()));
      return o;
    }
    if (isSequence()) {
      ArrayNode a = f.arrayNode();
      items().forEach(i -> a.add(i.toJson()));
      return a;
    }
    Object v = asValue();
    if (v instanceof Long l) {
      return f.numberNode(l);
    }
    if (v instanceof Double d) {
      return f.numberNode(d);
    }
    if (v instanceof Boolean b) {
      return f.booleanNode(b);
    }
    return f.textNode((String) v);
  }

  /** The same node read with more names left unexpanded (trial placeholders). */
  public SpecNode reserving(Set<String> names) {
    return new SpecNode(file, node, keyNode, path, env, names);
  }

  private String kind() {
    if (isNull()) {
      return "nothing";
    }
    if (isMapping()) {
      return "a mapping";
    }
    if (isSequence()) {
      return "a list";
    }
    return "'" + ((ScalarNode) node).getValue() + "'";
  }

  private String join(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
