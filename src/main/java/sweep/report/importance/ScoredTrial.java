package sweep.report.importance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sweep.store.Phase;
import sweep.store.TrialRecord;
import sweep.store.TrialState;

/** A finished trial as importance sees it: its parameters and the value of the sweep metric it reached. */
public record ScoredTrial(Map<String, Object> params, double value) {

  public ScoredTrial {
    params = Map.copyOf(params);
  }

  /**
   * The completed search trials among {@code trials}, each scored by its best value of the sweep metric; pruned,
   * failed and unfinished trials, the retrain trial and trials without a value are left out.
   */
  public static List<ScoredTrial> completed(List<TrialRecord> trials) {
    List<ScoredTrial> out = new ArrayList<>();
    for (TrialRecord t : trials) {
      if (t.phase() == Phase.SEARCH && t.state() == TrialState.COMPLETE && t.bestValue() != null) {
        out.add(new ScoredTrial(t.params(), t.bestValue()));
      }
    }
    return out;
  }
}
