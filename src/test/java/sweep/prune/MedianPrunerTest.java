package sweep.prune;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import sweep.spec.Goal;

class MedianPrunerTest extends PrunerContractTest {
  @Override
  protected Pruner pruner(Goal goal) {
    return new MedianPruner(goal, 0, 1, 5);
  }

  /** Completed trials with these values at epochs 1..3 (the same value at each epoch). */
  private static List<Curve> completed(double... values) {
    List<Curve> out = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      out.add(Curve.of(i, true, Map.of(1, values[i], 2, values[i], 3, values[i])));
    }
    return out;
  }

  private static Curve running(int number, double... values) {
    Map<Integer, Double> m = new TreeMap<>();
    for (int i = 0; i < values.length; i++) {
      m.put(i + 1, values[i]);
    }
    return Curve.of(number, false, m);
  }

  @Test
  void prunesABestValueWorseThanTheMedianOfCompletedTrialsAtThatEpoch() {
    List<Curve> done = completed(0.2, 0.4, 0.6, 0.8, 0.9);
    MedianPruner p = new MedianPruner(Goal.MAXIMIZE, 0, 1, 5);
    assertThat(p.check(running(10, 0.3, 0.55), done)).hasValueSatisfying(r -> assertThat(r).contains("median 0.6"));
    assertThat(p.check(running(10, 0.3, 0.6), done)).as("equal to the median is not worse").isEmpty();
    assertThat(p.check(running(10, 0.7, 0.5), done)).as("judged by its best so far, 0.7").isEmpty();
    assertThat(new MedianPruner(Goal.MINIMIZE, 0, 1, 5).check(running(10, 0.7, 0.61), done)).isPresent();
  }

  @Test
  void theMedianOfAnEvenCountInterpolates() {
    assertThat(MedianPruner.median(List.of(0.8, 0.2, 0.6, 0.4))).isEqualTo(0.5);
    MedianPruner p = new MedianPruner(Goal.MAXIMIZE, 0, 1, 4);
    assertThat(p.check(running(10, 0.49), completed(0.2, 0.4, 0.6, 0.8))).isPresent();
    assertThat(p.check(running(10, 0.5), completed(0.2, 0.4, 0.6, 0.8))).isEmpty();
  }

  @Test
  void warmupStartupAndMinTrialsHoldPruningBack() {
    List<Curve> done = completed(0.2, 0.4, 0.6, 0.8, 0.9);
    Curve poor = running(10, 0.1, 0.1, 0.1);
    assertThat(new MedianPruner(Goal.MAXIMIZE, 2, 1, 5).check(upTo(poor, 2), done)).isEmpty();
    assertThat(new MedianPruner(Goal.MAXIMIZE, 2, 1, 5).check(poor, done)).isPresent();
    assertThat(new MedianPruner(Goal.MAXIMIZE, 0, 1, 6).check(poor, done)).as("6 startup trials").isEmpty();
    List<Curve> shortDone = new ArrayList<>(done.subList(0, 3));
    shortDone.add(Curve.of(3, true, Map.of(1, 0.8)));
    shortDone.add(Curve.of(4, true, Map.of(1, 0.9)));
    assertThat(new MedianPruner(Goal.MAXIMIZE, 0, 4, 5).check(poor, shortDone)).as("3 reported epoch 3").isEmpty();
    assertThat(new MedianPruner(Goal.MAXIMIZE, 0, 3, 5).check(poor, shortDone)).isPresent();
  }

  @Test
  void onlyCompletedTrialsSetTheMedian() {
    List<Curve> all = new ArrayList<>(completed(0.2, 0.4, 0.6, 0.8, 0.9));
    for (int n = 20; n < 30; n++) {
      all.add(running(n, 0.95, 0.95, 0.95));
    }
    assertThat(new MedianPruner(Goal.MAXIMIZE, 0, 1, 5).check(running(10, 0.61), all)).isEmpty();
  }
}
