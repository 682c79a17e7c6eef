package sweep.spec;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${VAR}} and {@code ${VAR:-default}} from an environment, as a POSIX shell does.
 * Names listed as reserved (trial placeholders such as {@code ${learning_rate}} in a command) are left as they
 * are when they carry no default. {@code $$} is a literal dollar sign; where placeholders are kept for a later
 * stage, {@code $$} is kept too, so that stage can tell an escaped {@code $${X}} from a placeholder.
 */
final class EnvExpander {
  private static final Pattern REF = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final Function<String, String> env;

  EnvExpander(Map<String, String> env) {
    this.env = env::get;
  }

  /** Thrown for {@code ${VAR}} with VAR unset and no default; the message names the variable. */
  static final class UnsetVariable extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String name;

    UnsetVariable(String name) {
      super("environment variable " + name + " is not set (write ${" + name + ":-value} to give a default)",
          null, false, false);
      this.name = name;
    }

    String name() {
      return name;
    }
  }

  String expand(String text, Set<String> reserved) {
    return expand(text, reserved, !reserved.isEmpty());
  }

  String expand(String text, Set<String> reserved, boolean keepEscapes) {
    if (text.indexOf('$') < 0) {
      return text;
    }
    Matcher m = REF.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$$")) {
        replacement = keepEscapes ? "$$" : "$";
      } else {
        String name = m.group(1);
        String fallback = m.group(2);
        String value = env.apply(name);
        if (value != null && !value.isEmpty()) {
          replacement = value;
        } else if (fallback != null) {
          replacement = fallback;
        } else if (reserved.contains(name)) {
          replacement = m.group();
        } else {
          throw new UnsetVariable(name);
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
