package sweep.report.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a report page drew, read back from it, held to what its model says each chart must draw. Each chart is a
 * {@code data-chart} element; ECharts' own instance on it says, per series, how many data items its option holds and
 * how many its model took in, and its renderer's display list how many elements it drew.
 */
final class DrawnCharts {
  /** The page-side reading: every chart's series and drawn elements, the tables' row counts. */
  static final String READ = """
      (() => {
        const charts = {};
        document.querySelectorAll('[data-chart]').forEach(div => {
          const chart = echarts.getInstanceByDom(div);
          if (!chart) { charts[div.dataset.chart] = null; return; }
          const option = chart.getOption();
          const models = chart.getModel().getSeries();
          charts[div.dataset.chart] = {
            series: option.series.map((s, i) => ({name: String(s.name), type: s.type,
              data: (s.data || []).length, taken: models[i] ? models[i].getData().count() : -1})),
            axes: (option.parallelAxis || []).length,
            drawn: chart.getZr().storage.getDisplayList().length,
            width: div.clientWidth, height: div.clientHeight
          };
        });
        const rows = id => document.querySelectorAll('#' + id + ' tbody tr, #' + id + ' > tr').length;
        return {rendered: document.body.dataset.rendered === 'true', charts: charts,
          trials: document.querySelectorAll('#trials-table tbody tr').length,
          data: rows('data-table'), provenance: rows('provenance-table'), promotions: rows('promotions-table')};
      })()""";

  private DrawnCharts() {}

  /** Each way {@code page} differs from what {@code report} says it must show; empty when it shows it all. */
  static List<String> differences(SweepReport report, JsonNode page) {
    List<String> out = new ArrayList<>();
    if (!page.path("rendered").asBoolean()) {
      out.add("the page's script did not finish");
    }
    JsonNode charts = page.path("charts");
    Map<String, Map<String, Integer>> expected = expected(report);
    charts.fieldNames().forEachRemaining(name -> {
      if (!expected.containsKey(name)) {
        out.add("chart " + name + " is drawn but the report has no data for it");
      }
    });
    expected.forEach((name, series) -> {
      JsonNode chart = charts.path(name);
      if (chart.isMissingNode() || chart.isNull()) {
        out.add("chart " + name + " is missing");
        return;
      }
      if (chart.path("width").asInt() <= 0 || chart.path("height").asInt() <= 0) {
        out.add("chart " + name + " has no size");
      }
      Map<String, Integer> drawnSeries = new LinkedHashMap<>();
      int minimum = 0;
      for (JsonNode s : chart.path("series")) {
        String key = s.path("type").asText() + ":" + s.path("name").asText();
        drawnSeries.put(key, s.path("data").asInt());
        if (s.path("taken").asInt() != s.path("data").asInt()) {
          out.add("chart " + name + ", series " + key + ": " + s.path("taken").asInt() + " of "
              + s.path("data").asInt() + " data items taken in");
        }
        // every scatter point and timeline bar is an element of its own; a line is at least one
        minimum += s.path("type").asText().equals("line") ? 1 : s.path("data").asInt();
      }
      if (!drawnSeries.equals(series)) {
        out.add("chart " + name + " draws " + drawnSeries + ", the report has " + series);
      }
      if (chart.path("drawn").asInt() < minimum) {
        out.add("chart " + name + " drew " + chart.path("drawn").asInt() + " elements, fewer than its " + minimum
            + " points and lines");
      }
      if (name.equals("parallel") && chart.path("axes").asInt() != report.parameters().size() + 1) {
        out.add("chart parallel has " + chart.path("axes").asInt() + " axes, the report "
            + (report.parameters().size() + 1));
      }
    });
    if (page.path("trials").asInt() != report.trials().size()) {
      out.add("the trials table has " + page.path("trials").asInt() + " rows, the report " + report.trials().size()
          + " trials");
    }
    if (report.data() != null && page.path("data").asInt() < 7) {
      out.add("the data table has " + page.path("data").asInt() + " rows");
    }
    if (report.provenance() != null && page.path("provenance").asInt() < 8) {
      out.add("the provenance table has " + page.path("provenance").asInt() + " rows");
    }
    if (page.path("promotions").asInt() != (report.promotions().isEmpty() ? 0 : report.promotions().size() + 1)) {
      out.add("the promotions table has " + page.path("promotions").asInt() + " rows, the report "
          + report.promotions().size() + " promotions");
    }
    return out;
  }

  /** Chart name to its series ({@code type:name}) and each one's number of data items, from the model alone. */
  static Map<String, Map<String, Integer>> expected(SweepReport r) {
    Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
    String metric = r.sweep().metric();
    int finished = r.history().size();
    if (finished > 0) {
      out.put("history", series("scatter:" + metric, finished, "line:best so far", finished));
    }
    List<TrialEntry> withCurve = r.trials().stream().filter(t -> !t.curve().isEmpty()).toList();
    if (!withCurve.isEmpty()) {
      Map<String, Integer> curves = new LinkedHashMap<>();
      withCurve.forEach(t -> curves.put("line:" + t.label(), t.curve().size()));
      for (String mark : TrialEntry.MARKS) {
        long n = withCurve.stream().filter(t -> t.marks().contains(mark)).count();
        if (n > 0) {
          curves.put("scatter:" + mark, (int) n);
        }
      }
      out.put("curves", curves);
    }
    r.trials().stream().filter(TrialEntry::retrain).reduce((a, b) -> b).ifPresent(retrain ->
        r.trials().stream().filter(t -> t.label().equals(retrain.source())).findFirst().ifPresent(source ->
            out.put("retrain", series("line:search trial " + source.label(), source.curve().size(),
                "line:retrain", retrain.curve().size()))));
    if (!r.parameters().isEmpty() && finished > 0) {
      out.put("parallel", series("parallel:trials", finished));
      r.parameters().forEach(p -> out.put("slice:" + p.name(), series("scatter:" + p.name(), finished)));
    }
    if (!r.importance().isEmpty()) {
      out.put("importance", series("bar:importance", r.importance().size()));
    }
    if (!r.timeline().lanes().isEmpty()) {
      Map<String, Integer> bars = new LinkedHashMap<>();
      r.timeline().lanes().forEach(l -> l.spans().forEach(s -> bars.merge("custom:" + s.outcome(), 1,
          Integer::sum)));
      out.put("timeline", bars);
    }
    return out;
  }

  private static Map<String, Integer> series(Object... nameAndCount) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < nameAndCount.length; i += 2) {
      m.put((String) nameAndCount[i], (Integer) nameAndCount[i + 1]);
    }
    return m;
  }
}
