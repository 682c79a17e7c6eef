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
import sweep.util.BadInputException;

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
    check(d, all, split, bad);
    return new TrialData(List.copyOf(all), split, labels, bad);
  }

  /**
   * What would make every trial fail, or score nothing, found before the first one: no usable line (all rows bad),
   * no entity at all (every label O: nothing to learn), a validation split without an entity (val_f1 could not be
   * scored), a line in both the train and the val file.
   *
   * @throws BadInputException naming the data and what is wrong, with the bad rows' count and reasons
   */
  private static void check(JsonNode d, List<LabeledLine> all, Splits.Split split, BadRows bad) {
    String source = d.path("kind").asText().equals("files") ? "train file:" + d.path("train").asText()
        + " and val file:" + d.path("val").asText() : d.path("source").asText(d.path("path").asText());
    if (all.isEmpty()) {
      throw new BadInputException(source + ": no usable line among " + bad.total() + " row(s) (" + bad.summary()
          + ")");
    }
    if (!hasEntity(all)) {
      throw new BadInputException(source + ": every label of its " + all.size() + " line(s) is O, so there is no"
          + " entity to learn or to score (" + bad.summary() + ")");
    }
    if (split.val().isEmpty() || !hasEntity(split.val())) {
      throw new BadInputException(source + ": the validation split (" + split.val().size() + " line(s)) has no"
          + " entity, so val_f1 cannot be scored; give it lines with entities (more documents, or another"
          + " val_fraction or seed)");
    }
    java.util.Set<String> train = new java.util.HashSet<>();
    split.train().forEach(l -> train.add(l.documentId() + "\u0000" + l.lineId()));
    for (LabeledLine l : split.val()) {
      if (train.contains(l.documentId() + "\u0000" + l.lineId())) {
        throw new BadInputException(source + ": line (" + l.documentId() + ", " + l.lineId() + ") is in both the"
            + " train and the validation data");
      }
    }
  }

  private static boolean hasEntity(List<LabeledLine> lines) {
    return lines.stream().anyMatch(l -> l.labels().stream().anyMatch(t -> !t.equals("O")));
  }
}
