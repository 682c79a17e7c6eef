package sweep.report.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import sweep.util.Secrets;

/**
 * The report as JSON: every record's components under snake_case names, times in ISO-8601, curve points as
 * {@code [epoch, value]}. {@link #write} is what {@code sweep report --json} prints; {@link #compact}, what the HTML
 * file embeds, is the same document with null values left out and numbers to a float's precision (about 7
 * significant digits: charts and tables show 4), so that a sweep of 10,000 trials stays a file a browser opens
 * quickly. Credential values are masked ({@link Secrets#active()}).
 */
public final class ReportJson {
  private static final ObjectMapper MAPPER = mapper();
  private static final ObjectMapper COMPACT = new ObjectMapper(new JsonFactory().setCharacterEscapes(new NoLessThan()))
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
      .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance))
      .setSerializationInclusion(JsonInclude.Include.NON_NULL)
      .registerModule(new SimpleModule().addSerializer(Double.class, new AsFloat()).addSerializer(double.class,
          new AsFloat()));

  private ReportJson() {}

  /** The view of {@link #write}: everything. */
  public interface Whole {}

  /** The view of {@link #compact}: what the page shows (components marked {@link Whole} only are left out). */
  public interface Page {}

  private static ObjectMapper mapper() {
    return new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
        .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance));
  }

  /**
   * Every {@code <} written as {@code \u003C} (JSON has one only inside strings, where it reads back as {@code <}),
   * so that no {@code </script>} or {@code <!--} in a value ends the script element the HTML file embeds it in.
   */
  private static final class NoLessThan extends CharacterEscapes {
    private final int[] escapes = CharacterEscapes.standardAsciiEscapesForJSON();

    NoLessThan() {
      escapes['<'] = CharacterEscapes.ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return escapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return null;
    }
  }

  /** A double written as the float nearest to it where one represents it (finite, in range), else as it is. */
  private static final class AsFloat extends StdSerializer<Double> {
    AsFloat() {
      super(Double.class);
    }

    @Override
    public void serialize(Double value, JsonGenerator g, SerializerProvider provider) throws IOException {
      double d = value;
      float f = (float) d;
      if (Float.isFinite(f) && (f != 0 || d == 0)) {
        g.writeNumber(f);
      } else {
        g.writeNumber(d);
      }
    }
  }

  public static String write(SweepReport report, boolean pretty) {
    return write(pretty ? MAPPER.writerWithDefaultPrettyPrinter() : MAPPER.writer(), report);
  }

  /**
   * The report as the HTML file embeds it: null values left out, numbers to a float's precision, {@code <} escaped.
   */
  public static String compact(SweepReport report) {
    return write(COMPACT.writerWithView(Page.class), report);
  }

  private static String write(ObjectWriter writer, SweepReport report) {
    try {
      return Secrets.active().redact(writer.writeValueAsString(report));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
