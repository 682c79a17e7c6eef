package sweep.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sweep.metrics.coco.CocoEval;
import sweep.metrics.coco.CocoFiles;
import sweep.metrics.coco.CocoParams;
import sweep.metrics.coco.CocoSummary;
import sweep.metrics.coco.Detection;
import sweep.metrics.coco.GroundTruth;
import sweep.util.BadInputException;
import sweep.util.Json;

/**
 * {@code sweep score coco GT DETS}: COCO box mAP as pycocotools' {@code COCOeval} computes it (see {@link CocoEval}),
 * under torchmetrics' names. Errors name the file, the line, the item and the field, and exit 2.
 */
@Command(name = "coco", description = {"COCO box mAP and mAR of DETS against GT, as pycocotools computes them.",
    "GT: a COCO annotation file; DETS: a COCO results list [{image_id, category_id, bbox: [x, y, w, h], score}]."})
final class ScoreCocoCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec command;

  @Parameters(index = "0", paramLabel = "GT", description = "COCO annotation file (images, categories, annotations)")
  Path gt;

  @Parameters(index = "1", paramLabel = "DETS", description = "COCO results list")
  Path dets;

  @Option(names = "--max-dets", paramLabel = "N", defaultValue = "100",
      description = "detections kept per image and category (default 100; RF-DETR evaluates with 500). maxDets is "
          + "1, 10, N and map is read at N")
  int maxDets;

  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Override
  public Integer call() {
    if (maxDets < 11) {
      throw new BadInputException("--max-dets: must be more than 10 (maxDets is 1, 10, N), got " + maxDets);
    }
    GroundTruth truth = CocoFiles.readGroundTruth(gt);
    List<Detection> detections = CocoFiles.readDetections(dets, truth, gt);
    CocoSummary summary = CocoSummary.of(CocoEval.run(truth, detections, CocoParams.withMaxDets(maxDets)), maxDets);
    PrintWriter out = command.commandLine().getOut();
    if (json) {
      Map<String, Object> view = new LinkedHashMap<>(summary.toMap());
      view.put("max_dets", summary.maxDets());
      view.put("images", truth.images().size());
      view.put("detections", detections.size());
      out.println(Json.pretty(view));
    } else {
      out.print(text(summary));
    }
    return Main.OK;
  }

  /** pycocotools' twelve summary lines, then the AP of each category. */
  static String text(CocoSummary s) {
    StringBuilder b = new StringBuilder();
    double[] v = s.stats();
    List<Integer> m = s.maxDets();
    String[][] rows = {
        {"1", "0.50:0.95", "all", m.get(2).toString()}, {"1", "0.50", "all", m.get(2).toString()},
        {"1", "0.75", "all", m.get(2).toString()}, {"1", "0.50:0.95", "small", m.get(2).toString()},
        {"1", "0.50:0.95", "medium", m.get(2).toString()}, {"1", "0.50:0.95", "large", m.get(2).toString()},
        {"0", "0.50:0.95", "all", m.get(0).toString()}, {"0", "0.50:0.95", "all", m.get(1).toString()},
        {"0", "0.50:0.95", "all", m.get(2).toString()}, {"0", "0.50:0.95", "small", m.get(2).toString()},
        {"0", "0.50:0.95", "medium", m.get(2).toString()}, {"0", "0.50:0.95", "large", m.get(2).toString()}};
    for (int i = 0; i < rows.length; i++) {
      boolean ap = rows[i][0].equals("1");
      b.append(String.format(Locale.ROOT, " %-18s %s @[ IoU=%-9s | area=%6s | maxDets=%3s ] = %.3f%n",
          ap ? "Average Precision" : "Average Recall", ap ? "(AP)" : "(AR)", rows[i][1], rows[i][2], rows[i][3],
          v[i]));
    }
    int width = 8;
    for (String name : s.perClass().keySet()) {
      width = Math.max(width, name.length());
    }
    b.append(String.format(Locale.ROOT, "%n%-" + width + "s  %s%n", "category", "AP"));
    for (Map.Entry<String, Double> e : s.perClass().entrySet()) {
      b.append(String.format(Locale.ROOT, "%-" + width + "s  %.3f%n", e.getKey(), e.getValue()));
    }
    return b.toString();
  }
}
