package sweep.train.layoutlm;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import sweep.data.BadRowPolicy;
import sweep.data.BadRows;
import sweep.data.FieldNames;
import sweep.data.JsonlLines;
import sweep.data.LabeledLine;
import sweep.data.Labels;
import sweep.data.LoadedLines;
import sweep.data.ReadOptions;
import sweep.data.Splits;
import sweep.data.SyntheticReceipts;

/** The lines a trial trains and validates on, as the spec's {@code data} section says, with their label set. */
record TrialData(List<LabeledLine> all, Splits.Split split, List<String> labels, BadRows badRows) {

  /** The source's attribute names: {@code fields} in the data config, default names for the rest. */
  static FieldNames fieldNames(JsonNode d) {
    JsonNode f = d.path("fields");
    FieldNames def = FieldNames.DEFAULT;
    return new FieldNames(f.path("receipt_id").asText(def.documentId()), f.path("line_id").asText(def.lineId()),
        f.path("words").asText(def.words()), f.path("boxes").asText(def.boxes()),
        f.path("labels").asText(def.labels()));
  }

  /** The read options the data config gives: field names, bad-row policy and fixed label set. */
  static ReadOptions readOptions(JsonNode d) {
    BadRowPolicy policy = d.path("bad_rows").asText("skip").equals("fail") ? BadRowPolicy.FAIL : BadRowPolicy.SKIP;
    Set<String> fixed = null;
    if (d.has("labels")) {
      fixed = new TreeSet<>();
      for (JsonNode l : d.path("labels")) {
        fixed.add(l.asText());
      }
    }
    return new ReadOptions(fieldNames(d), policy, fixed);
  }

  static TrialData load(JsonNode d) {
    ReadOptions options = readOptions(d);
    Set<String> fixed = options.labelSet().isEmpty() ? null : options.labelSet();
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
    List<String> labels = fixed != null ? Labels.sorted(fixed) : Labels.infer(all);
    return new TrialData(List.copyOf(all), split, labels, bad);
  }
}
