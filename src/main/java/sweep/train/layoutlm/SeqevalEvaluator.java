package sweep.train.layoutlm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import sweep.metrics.Seqeval;
import sweep.train.djl.Evaluator;

/**
 * Token classification's evaluation: the loss over the labelled tokens, and entity-level precision, recall and F1
 * with seqeval's semantics over each word's first token (words that were cut off left out, as the Hugging Face
 * evaluation does): {@code val_loss}, {@code val_f1}, {@code val_precision}, {@code val_recall}.
 */
final class SeqevalEvaluator implements Evaluator<Features.Example, Batches.Batch> {
  private final List<String> labels;
  private final double labelSmoothing;
  private final List<List<String>> gold = new ArrayList<>();
  private final List<List<String>> pred = new ArrayList<>();
  private double lossSum;
  private int tokens;
  private Seqeval.Report report;

  SeqevalEvaluator(List<String> labels, double labelSmoothing) {
    this.labels = List.copyOf(labels);
    this.labelSmoothing = labelSmoothing;
  }

  @Override
  public void accept(List<Features.Example> chunk, Batches.Batch batch, NDList outputs) {
    NDArray logits = outputs.singletonOrThrow();
    NDArray gold = batch.labels();
    long active = gold.neq(TokenLoss.IGNORE).sum().getLong();
    lossSum += TokenLoss.compute(logits, gold, labelSmoothing).getFloat() * active;
    tokens += (int) active;
    long[] argmax = logits.argMax(-1).toType(DataType.INT64, false).toLongArray();
    for (int i = 0; i < chunk.size(); i++) {
      Features.Example e = chunk.get(i);
      List<String> g = new ArrayList<>();
      List<String> p = new ArrayList<>();
      for (int w = 0; w < e.firstToken().length; w++) {
        if (e.firstToken()[w] < 0) {
          continue;
        }
        g.add(e.goldTags().get(w));
        p.add(labels.get((int) argmax[i * batch.length() + e.firstToken()[w]]));
      }
      this.gold.add(g);
      this.pred.add(p);
    }
  }

  private Seqeval.Report scored() {
    if (report == null) {
      report = Seqeval.score(gold, pred, Seqeval.Mode.DEFAULT);
    }
    return report;
  }

  @Override
  public Map<String, Double> metrics() {
    Map<String, Double> m = new TreeMap<>();
    m.put("val_loss", tokens == 0 ? Double.NaN : lossSum / tokens);
    m.put("val_f1", scored().micro().f1());
    m.put("val_precision", scored().micro().precision());
    m.put("val_recall", scored().micro().recall());
    return m;
  }

  @Override
  public String report() {
    return scored().toText();
  }
}
