package sweep.train.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a metric sits in a JSON object a program writes: a field name, then any number of {@code .field} and
 * {@code [index]} steps, e.g. {@code ema_test_coco_eval_bbox[0]} (RF-DETR's mAP) or {@code eval.map}. A name is
 * letters, digits, {@code _} and {@code -}, or any text in double quotes when it holds other characters.
 */
record FieldPath(String text, List<Object> steps) {
  private static final Pattern STEP = Pattern.compile(
      "(?:^|\\.)([A-Za-z0-9_-]+)|(?:^|\\.)\"([^\"]+)\"|\\[(\\d{1,9})]");

  FieldPath {
    steps = List.copyOf(steps);
  }

  /**
   * @throws IllegalArgumentException with what is wrong, for a text that is no path
   */
  static FieldPath parse(String text) {
    List<Object> steps = new ArrayList<>();
    Matcher m = STEP.matcher(text);
    int at = 0;
    while (at < text.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException("'" + text + "' is not a field path (a name, then .name or [index] "
            + "steps, e.g. test_coco_eval_bbox[0]); the problem is at character " + (at + 1));
      }
      if (m.group(3) != null) {
        if (steps.isEmpty()) {
          throw new IllegalArgumentException("'" + text + "' starts with an index: name the field first");
        }
        steps.add(Integer.parseInt(m.group(3)));
      } else {
        steps.add(m.group(1) != null ? m.group(1) : m.group(2));
      }
      at = m.end();
    }
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("the field path is empty");
    }
    return new FieldPath(text, steps);
  }

  /** The number at this path in {@code node}; empty when a step is missing or the value is not a number. */
  OptionalDouble number(JsonNode node) {
    JsonNode at = node;
    for (Object step : steps) {
      at = step instanceof Integer i ? at.path(i) : at.path((String) step);
    }
    return at.isNumber() ? OptionalDouble.of(at.doubleValue()) : OptionalDouble.empty();
  }

  @Override
  public String toString() {
    return text;
  }
}
