package sweep.train.layoutlm;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import sweep.data.BadRowPolicy;
import sweep.data.BadRows;
import sweep.data.JsonlLines;
import sweep.data.LabeledLine;
import sweep.data.Labels;
import sweep.data.LoadedLines;
import sweep.data.ReadOptions;
import sweep.data.Splits;
import sweep.data.SyntheticReceipts;

/** The lines a trial trains and validates on, as the spec's {@code data} section says, with their label set. */
record TrialData(List<LabeledLine> all, Splits.Split split, List<String> labels, BadRows badRows) {

  static TrialData load(JsonNode d) {
    BadRowPolicy policy = d.path("bad_rows").asText("skip").equals("fail") ? BadRowPolicy.FAIL : BadRowPolicy.SKIP;
    Set<String> fixed = null;
    if (d.has("labels")) {
      fixed = new TreeSet<>();
      for (JsonNode l : d.path("labels")) {
        fixed.add(l.asText());
      }
    }
    ReadOptions options = new ReadOptions(sweep.data.FieldNames.DEFAULT, policy, fixed);
    long seed = d.path("seed").asLong();
    double fraction = d.path("val_fraction").asDouble(0.2);
    List<LabeledLine> all;
    Splits.Split split;
    BadRows bad = BadRows.none();
    switch (d.path("kind").asText()) {
      case "synthetic" -> {
        all = SyntheticReceipts.generate(seed, d.path("receipts").asInt(400));
        split = Splits.byDocument(all, fraction, seed);
      }
      case "file" -> {
        LoadedLines loaded = JsonlLines.read(Path.of(d.path("path").asText()), options);
        all = loaded.lines();
        bad = loaded.badRows();
        split = Splits.byDocument(all, fraction, seed);
      }
      case "files" -> {
        LoadedLines train = JsonlLines.read(Path.of(d.path("train").asText()), options);
        LoadedLines val = JsonlLines.read(Path.of(d.path("val").asText()), options);
        all = new ArrayList<>(train.lines());
        all.addAll(val.lines());
        bad = BadRows.merge(train.badRows(), val.badRows());
        split = new Splits.Split(train.lines(), val.lines());
      }
      default -> throw new IllegalArgumentException("unknown data kind " + d.path("kind").asText());
    }
    List<String> labels = d.has("labels") ? Labels.sorted(fixed) : Labels.infer(all);
    return new TrialData(List.copyOf(all), split, labels, bad);
  }
}
