package sweep.util;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of credential variables, kept out of everything sweep prints, logs, stores or writes. A credential
 * variable is one whose name contains KEY, SECRET, TOKEN, PASSWORD or CREDENTIAL (the AWS ones among them:
 * {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}), or one the spec lists in
 * {@code secret_env}. Values shorter than {@value #MIN_LENGTH} characters are not treated as secrets (they would
 * match everywhere). {@link #redact} replaces each value with {@value #MASK}; {@link #endpoint} takes the user-info
 * and query out of a URL.
 *
 * <p>The process's set is installed once it is known ({@link #install}) and read where text leaves the process
 * ({@link #active}): the command's output, the log, the store, the files a sweep writes.
 */
public final class Secrets {
  public static final String MASK = "***";
  /**
   * Shorter values are not treated as secrets: they would match in paths and words everywhere (a local emulator's
   * conventional {@code AWS_ACCESS_KEY_ID=test}), and taking them out of a stored path would break it.
   */
  static final int MIN_LENGTH = 8;
  private static final Pattern CREDENTIAL_NAME = Pattern.compile("KEY|SECRET|TOKEN|PASSWORD|CREDENTIAL");
  /** The variable that gives a trial JVM the spec's {@code secret_env} names. */
  public static final String NAMES_VARIABLE = "SWEEP_SECRET_ENV";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{secret:([A-Za-z_][A-Za-z0-9_]*)}}");

  private static volatile Secrets active = new Secrets(Map.of());

  /** Value to the name of the variable that holds it, longest value first. */
  private final Map<String, String> values;

  private Secrets(Map<String, String> values) {
    this.values = values;
  }

  /** Whether a variable of this name holds a credential by its name alone. */
  public static boolean isCredentialName(String name) {
    return CREDENTIAL_NAME.matcher(name.toUpperCase(Locale.ROOT)).find();
  }

  /** The secrets of {@code env}: its credential variables and those named in {@code extraNames}. */
  public static Secrets of(Map<String, String> env, Collection<String> extraNames) {
    List<Map.Entry<String, String>> found = new ArrayList<>();
    env.forEach((name, value) -> {
      if (value != null && value.length() >= MIN_LENGTH && (isCredentialName(name) || extraNames.contains(name))) {
        found.add(Map.entry(value, name));
      }
    });
    found.sort(Comparator.comparing((Map.Entry<String, String> e) -> -e.getKey().length())
        .thenComparing(Map.Entry::getKey));
    Map<String, String> values = new LinkedHashMap<>();
    found.forEach(e -> values.putIfAbsent(e.getKey(), e.getValue()));
    return new Secrets(values);
  }

  /** The names listed in {@code text} as {@link #NAMES_VARIABLE} holds them (comma-separated). */
  public static List<String> names(String text) {
    return text == null || text.isBlank() ? List.of() : List.of(text.trim().split("\\s*,\\s*"));
  }

  public static void install(Secrets secrets) {
    active = secrets;
  }

  public static Secrets active() {
    return active;
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** The name of the variable whose value {@code text} contains, if it contains one. */
  public java.util.Optional<String> foundIn(String text) {
    if (text != null) {
      for (Map.Entry<String, String> e : values.entrySet()) {
        if (text.contains(e.getKey())) {
          return java.util.Optional.of(e.getValue());
        }
      }
    }
    return java.util.Optional.empty();
  }

  /** {@code text} with every secret value replaced by {@value #MASK}. */
  public String redact(String text) {
    if (text == null || values.isEmpty()) {
      return text;
    }
    String out = text;
    for (String value : values.keySet()) {
      if (out.contains(value)) {
        out = out.replace(value, MASK);
      }
    }
    return out;
  }

  /**
   * JSON text with every secret value (as JSON writes it inside a string) replaced by a placeholder naming its
   * variable ({@code {{secret:NAME}}}), for a file another process of this sweep reads back with {@link #fill}
   * from its own environment.
   */
  public String toPlaceholders(String json) {
    String out = json;
    for (Map.Entry<String, String> e : values.entrySet()) {
      out = out.replace(inJson(e.getKey()), "{{secret:" + e.getValue() + "}}");
    }
    return out;
  }

  /**
   * JSON text with each placeholder of {@link #toPlaceholders} replaced by that variable's value in {@code env}, as
   * JSON writes it inside a string.
   */
  public static String fill(String json, Map<String, String> env) {
    Matcher m = PLACEHOLDER.matcher(json);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String value = env.get(m.group(1));
      m.appendReplacement(b, Matcher.quoteReplacement(value != null ? inJson(value) : m.group()));
    }
    m.appendTail(b);
    return b.toString();
  }

  /** {@code value} as it stands inside a JSON string (quotes, backslashes and control characters escaped). */
  private static String inJson(String value) {
    String quoted = Json.write(com.fasterxml.jackson.databind.node.TextNode.valueOf(value));
    return quoted.substring(1, quoted.length() - 1);
  }

  /** A URL as it may be printed: user-info ({@code KEY:SECRET@}) and query string replaced by {@value #MASK}. */
  public static String endpoint(String url) {
    if (url == null) {
      return null;
    }
    String out = url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@?#]*@", "$1" + MASK + "@");
    int q = out.indexOf('?');
    return q < 0 ? out : out.substring(0, q + 1) + MASK;
  }
}
