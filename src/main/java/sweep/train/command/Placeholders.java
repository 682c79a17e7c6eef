package sweep.train.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sweep.spec.SpecNode;

/**
 * {@code ${name}} in a command trial's command, {@code resume_args}, {@code env} values and {@code output_dir}: a
 * parameter of the trial by name, or one of {@link #BUILTINS} (and {@code data_dir} with a data section); {@code $$} is
 * a literal dollar sign (the spec loader keeps it escaped for this stage).
 */
final class Placeholders {
  static final List<String> BUILTINS = List.of("epochs", "seed", "trial_dir", "trial_number", "num_gpus",
      "output_dir", "resume_checkpoint");
  /** A placeholder, or {@code $$}. */
  static final Pattern PATTERN = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private Placeholders() {}

  /** A spec error at {@code at} for a placeholder that is not among {@code known}. */
  static void check(SpecNode at, String text, Set<String> known) {
    Matcher m = PATTERN.matcher(text);
    while (m.find()) {
      if (m.group(1) != null && !known.contains(m.group(1))) {
        throw at.error("unknown placeholder ${" + m.group(1) + "}"
            + SpecNode.suggestion(m.group(1), new java.util.TreeSet<>(known)));
      }
    }
  }

  /** The command line with every placeholder replaced. */
  static List<String> commandLine(JsonNode config, Map<String, String> values) {
    List<String> out = new ArrayList<>();
    for (JsonNode part : config.path("command")) {
      out.add(fill(part.asText(), values));
    }
    if (!values.getOrDefault("resume_checkpoint", "").isEmpty()) {
      for (JsonNode part : config.path("resume_args")) {
        out.add(fill(part.asText(), values));
      }
    }
    return out;
  }

  /** {@code text} with every placeholder replaced by its value ({@code $$}: a dollar sign). */
  static String fill(String text, Map<String, String> values) {
    Matcher m = PATTERN.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = m.group(1) == null ? "$" : values.get(m.group(1));
      m.appendReplacement(sb, Matcher.quoteReplacement(v != null ? v : m.group()));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** The number of GPUs {@code CUDA_VISIBLE_DEVICES} gives the trial (0: none, the CPU). */
  static int visibleGpus(String cudaVisibleDevices) {
    if (cudaVisibleDevices == null || cudaVisibleDevices.isBlank()) {
      return 0;
    }
    return (int) java.util.Arrays.stream(cudaVisibleDevices.split(",")).filter(s -> !s.isBlank()).count();
  }

}
