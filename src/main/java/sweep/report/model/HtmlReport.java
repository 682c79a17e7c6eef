package sweep.report.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import sweep.util.Secrets;

/**
 * The report as one HTML file that opens from disk with no network: the model as JSON in a
 * {@code <script type="application/json">} block, Apache ECharts inlined from its WebJar, and {@code report.js},
 * which builds the charts and tables from the JSON. Credential values are masked ({@link Secrets#active()}).
 */
public final class HtmlReport {
  /** Where the ECharts WebJar keeps the library (its version is the pom's {@code echarts.version}). */
  static final String ECHARTS = "META-INF/resources/webjars/echarts/";

  private HtmlReport() {}

  public static String render(SweepReport report) {
    String json = ReportJson.compact(report);
    String echarts = inScript(echarts());
    StringBuilder html = new StringBuilder(json.length() + echarts.length() + (1 << 16));
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
        .append("script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n")
        .append("<title>sweep report</title>\n<style>\n").append(resource("sweep/report/report.css"))
        .append("</style>\n</head>\n<body>\n<h1 id=\"title\"></h1>\n<p id=\"summary\"></p>\n");
    section(html, "history", "Optimization history");
    section(html, "curves", "Learning curves");
    section(html, "retrain", "The retrain beside its search trial");
    section(html, "parallel", "Parallel coordinates");
    section(html, "slices", "Slices");
    section(html, "importance", "Parameter importance");
    section(html, "timeline", "Timeline of the device slots");
    section(html, "trials", "Trials");
    section(html, "data", "Data snapshot");
    section(html, "provenance", "Provenance");
    section(html, "promotions", "Promotions");
    html.append("<script type=\"application/json\" id=\"report-data\">")
        .append(json).append("</script>\n")
        .append("<script>\n").append(echarts).append("\n</script>\n")
        .append("<script>\n").append(inScript(resource("sweep/report/report.js"))).append("</script>\n")
        .append("</body>\n</html>\n");
    return Secrets.active().redact(html.toString());
  }

  private static void section(StringBuilder html, String id, String title) {
    html.append("<section id=\"").append(id).append("\"><h2>").append(title).append("</h2></section>\n");
  }

  /** JavaScript safe inside a script element: the sequences that would end it early, escaped. */
  static String inScript(String js) {
    return js.replaceAll("(?i)</script", "<\\\\/script").replace("<!--", "<\\!--");
  }

  /** ECharts' minified build, from the WebJar on the class path. */
  static String echarts() {
    return resource(ECHARTS + echartsVersion() + "/dist/echarts.min.js");
  }

  /** The ECharts version the WebJar carries, from its Maven metadata. */
  static String echartsVersion() {
    try (InputStream in = HtmlReport.class.getClassLoader()
        .getResourceAsStream("META-INF/maven/org.webjars.npm/echarts/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("ECharts' WebJar is not on the class path");
      }
      java.util.Properties p = new java.util.Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String resource(String name) {
    try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
