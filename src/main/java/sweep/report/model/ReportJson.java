package sweep.report.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.UncheckedIOException;
import java.time.Instant;
import sweep.util.Secrets;

/**
 * The report as JSON: every record's components under snake_case names, times in ISO-8601, curve points as
 * {@code [epoch, value]}. What {@code sweep report --json} prints and what the HTML file embeds; credential values
 * are masked ({@link Secrets#active()}).
 */
public final class ReportJson {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
      .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance));

  private ReportJson() {}

  public static String write(SweepReport report, boolean pretty) {
    try {
      String json = pretty ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report)
          : MAPPER.writeValueAsString(report);
      return Secrets.active().redact(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
