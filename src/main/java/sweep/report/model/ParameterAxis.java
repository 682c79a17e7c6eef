package sweep.report.model;

import java.util.List;

/**
 * A searched parameter: numeric ({@code scale} {@code linear} or {@code log}, from {@code min} to {@code max}) or
 * categorical ({@code scale} {@code category}, its values as text in the order first seen).
 */
public record ParameterAxis(String name, String scale, Double min, Double max, List<String> categories) {
  public ParameterAxis {
    categories = List.copyOf(categories);
  }

  public boolean categorical() {
    return "category".equals(scale);
  }
}
