package sweep.metrics;

import java.util.ArrayList;
import java.util.List;
import sweep.metrics.Seqeval.Average;
import sweep.metrics.Seqeval.Report;
import sweep.metrics.Seqeval.TypeScore;

/**
 * From entity counts to a {@link Report}, as seqeval's {@code _precision_recall_fscore_support} computes it with
 * {@code zero_division='warn'} (0 wherever a denominator is 0) and numpy's arithmetic order.
 */
final class Scores {
  private Scores() {}

  /** Entity counts of one type: in gold, in pred, and in both. */
  record Counts(String type, int gold, int pred, int correct) {}

  /** The report for {@code counts}, which are already sorted by type. */
  static Report of(List<Counts> counts) {
    int n = counts.size();
    double[] p = new double[n];
    double[] r = new double[n];
    double[] f = new double[n];
    double[] wp = new double[n];
    double[] wr = new double[n];
    double[] wf = new double[n];
    int gold = 0;
    int pred = 0;
    int correct = 0;
    List<TypeScore> types = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Counts c = counts.get(i);
      p[i] = divide(c.correct(), c.pred());
      r[i] = divide(c.correct(), c.gold());
      f[i] = f1(p[i], r[i]);
      wp[i] = p[i] * c.gold();
      wr[i] = r[i] * c.gold();
      wf[i] = f[i] * c.gold();
      gold += c.gold();
      pred += c.pred();
      correct += c.correct();
      types.add(new TypeScore(c.type(), p[i], r[i], f[i], c.gold()));
    }
    double mp = divide(correct, pred);
    double mr = divide(correct, gold);
    Average micro = new Average(mp, mr, f1(mp, mr), gold);
    // seqeval: np.average of an empty array is NaN (with a RuntimeWarning); 0 here, see Seqeval's contract.
    Average macro = n == 0 ? new Average(0, 0, 0, 0)
        : new Average(PairwiseSum.sum(p) / n, PairwiseSum.sum(r) / n, PairwiseSum.sum(f) / n, gold);
    // seqeval: with no gold entity the weights sum to 0 and it returns zero_division's value, 0.
    Average weighted = gold == 0 ? new Average(0, 0, 0, 0)
        : new Average(PairwiseSum.sum(wp) / gold, PairwiseSum.sum(wr) / gold, PairwiseSum.sum(wf) / gold, gold);
    return new Report(types, micro, macro, weighted);
  }

  private static double divide(int numerator, int denominator) {
    return denominator == 0 ? 0.0 : (double) numerator / denominator;
  }

  /** numpy's {@code (1 + beta2) * precision * recall / denom} with beta 1, in the same order. */
  private static double f1(double precision, double recall) {
    double denom = precision + recall;
    return denom == 0 ? 0.0 : 2.0 * precision * recall / denom;
  }
}
