package sweep.report.importance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import sweep.search.SearchSpace;
import sweep.spec.ParamSpec;
import sweep.store.Phase;
import sweep.store.TrialRecord;
import sweep.store.TrialState;

/** The {@link ImportanceEvaluator} contract, for {@link FanovaEvaluator}. */
class FanovaEvaluatorTest {
  private final ImportanceEvaluator evaluator = new FanovaEvaluator();

  private static SearchSpace space(Object... nameSpec) {
    Map<String, ParamSpec> m = new LinkedHashMap<>();
    for (int i = 0; i < nameSpec.length; i += 2) {
      m.put((String) nameSpec[i], (ParamSpec) nameSpec[i + 1]);
    }
    return new SearchSpace(m, List.of());
  }

  /** {@code n} trials drawn uniformly from each parameter's unit coordinate, scored by {@code f}. */
  private static List<ScoredTrial> trials(SearchSpace space, int n, long seed,
      java.util.function.ToDoubleFunction<Map<String, Object>> f) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<ScoredTrial> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, Object> p = new LinkedHashMap<>();
      for (String name : space.searchedNames()) {
        p.put(name, space.get(name).fromUnit(rng.nextDouble()));
      }
      out.add(new ScoredTrial(p, f.applyAsDouble(p)));
    }
    return out;
  }

  private static double x(Map<String, Object> p, String name) {
    return ((Number) p.get(name)).doubleValue();
  }

  @Test
  void theParameterTheValueDependsOnIsTheMostImportant() {
    SearchSpace space = space("a", new ParamSpec.Uniform(0, 1), "b", new ParamSpec.Uniform(-5, 5),
        "c", new ParamSpec.IntUniform(1, 8));
    Importances r = evaluator.evaluate(space, trials(space, 200, 1,
        p -> StrictMath.sin(6 * x(p, "b")) + 0.1 * x(p, "a")));

    assertThat(r.assessed()).isTrue();
    assertThat(r.trials()).isEqualTo(200);
    assertThat(r.ranked()).extracting(Importances.ParamImportance::name).containsExactly("b", "a", "c");
    assertThat(r.top()).hasValueSatisfying(t -> assertThat(t.importance()).isGreaterThan(0.6));
    assertThat(r.ranked().stream().mapToDouble(Importances.ParamImportance::importance).sum())
        .isCloseTo(1, within(1e-9));
    assertThat(r.ranked()).allSatisfy(p -> assertThat(p.importance()).isBetween(0.0, 1.0));
  }

  @Test
  void aCategoricalIsOneParameterOverItsChoices() {
    SearchSpace space = space("opt", new ParamSpec.Categorical(List.of("adam", "sgd", "lion")),
        "lr", new ParamSpec.LogUniform(1e-5, 1e-2));
    Importances r = evaluator.evaluate(space, trials(space, 150, 2,
        p -> p.get("opt").equals("sgd") ? 1 : 0.1 * x(p, "lr")));

    assertThat(r.ranked()).extracting(Importances.ParamImportance::name).containsExactly("opt", "lr");
    assertThat(r.of("opt")).isGreaterThan(0.9);
  }

  @Test
  void aCategoricalOfManyChoicesIsAssessedToo() {
    List<Object> choices = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      choices.add("c" + i);
    }
    SearchSpace space = space("many", new ParamSpec.Categorical(choices), "x", new ParamSpec.Uniform(0, 1));
    Importances r = evaluator.evaluate(space, trials(space, 400, 9,
        p -> choices.indexOf(p.get("many")) % 5 + 0.1 * x(p, "x")));
    assertThat(r.top()).hasValueSatisfying(t -> assertThat(t.name()).isEqualTo("many"));
  }

  @Test
  void theSameTrialsGiveTheSameImportances() {
    SearchSpace space = space("a", new ParamSpec.Uniform(0, 1), "b", new ParamSpec.Uniform(0, 1));
    List<ScoredTrial> t = trials(space, 100, 3, p -> x(p, "a") * x(p, "b"));
    assertThat(evaluator.evaluate(space, t)).isEqualTo(evaluator.evaluate(space, t));
  }

  @Test
  void tooFewTrialsAreNotAssessed() {
    SearchSpace space = space("a", new ParamSpec.Uniform(0, 1), "b", new ParamSpec.Uniform(0, 1));
    for (List<ScoredTrial> t : List.of(List.<ScoredTrial>of(), List.of(new ScoredTrial(Map.of("a", 0.5, "b", 0.5), 1)))) {
      Importances r = evaluator.evaluate(space, t);
      assertThat(r.assessed()).isFalse();
      assertThat(r.top()).isEmpty();
      assertThat(r.trials()).isEqualTo(t.size());
      assertThat(r.ranked()).extracting(Importances.ParamImportance::name).containsExactly("a", "b");
      assertThat(r.ranked()).allSatisfy(p -> assertThat(p.importance()).isZero());
    }
  }

  @Test
  void allValuesEqualAreNotAssessed() {
    SearchSpace space = space("a", new ParamSpec.Uniform(0, 1), "b", new ParamSpec.Uniform(0, 1));
    Importances r = evaluator.evaluate(space, trials(space, 50, 4, p -> 0.7));
    assertThat(r.assessed()).isFalse();
    assertThat(r.trials()).isEqualTo(50);
    assertThat(r.ranked()).allSatisfy(p -> assertThat(p.importance()).isZero());
  }

  @Test
  void aParameterWithOneValueHasNoImportance() {
    SearchSpace space = space("a", new ParamSpec.Uniform(0, 1), "one", new ParamSpec.Categorical(List.of(8L)),
        "same", new ParamSpec.Uniform(2, 2), "fixed", new ParamSpec.Constant(3));
    Importances r = evaluator.evaluate(space, trials(space, 60, 5, p -> x(p, "a")));
    assertThat(r.assessed()).isTrue();
    assertThat(r.ranked()).extracting(Importances.ParamImportance::name).containsExactly("a", "one", "same");
    assertThat(r.of("a")).isCloseTo(1, within(1e-9));
    assertThat(r.of("one")).isZero();
    assertThat(r.of("same")).isZero();

    SearchSpace onlySingle = space("one", new ParamSpec.Categorical(List.of(8L)), "same", new ParamSpec.Uniform(2, 2));
    Importances none = evaluator.evaluate(onlySingle, trials(onlySingle, 20, 6, p -> 1));
    assertThat(none.assessed()).isFalse();
    assertThat(none.ranked()).hasSize(2);
  }

  @Test
  void trialsMissingAParameterOrAValueAreSkipped() {
    SearchSpace space = space("a", new ParamSpec.Uniform(0, 1), "c", new ParamSpec.Categorical(List.of("x", "y")));
    List<ScoredTrial> t = new ArrayList<>(trials(space, 40, 7, p -> x(p, "a")));
    t.add(new ScoredTrial(Map.of("a", 0.5), 1));
    t.add(new ScoredTrial(Map.of("a", 0.5, "c", "z"), 1));
    t.add(new ScoredTrial(Map.of("a", 7.0, "c", "x"), 1));
    t.add(new ScoredTrial(Map.of("a", 0.5, "c", "x"), Double.NaN));
    t.add(new ScoredTrial(Map.of("a", 0.5, "c", "x"), Double.POSITIVE_INFINITY));
    Importances r = evaluator.evaluate(space, t);
    assertThat(r.trials()).isEqualTo(40);
    assertThat(r.top()).hasValueSatisfying(p -> assertThat(p.name()).isEqualTo("a"));
  }

  @Test
  void completedSearchTrialsAreScoredByTheirBestValue() {
    List<TrialRecord> records = List.of(
        record(Phase.SEARCH, TrialState.COMPLETE, 0.8),
        record(Phase.SEARCH, TrialState.PRUNED, 0.9),
        record(Phase.SEARCH, TrialState.FAILED, 0.9),
        record(Phase.SEARCH, TrialState.RUNNING, 0.9),
        record(Phase.SEARCH, TrialState.COMPLETE, null),
        record(Phase.RETRAIN, TrialState.COMPLETE, 0.95));
    assertThat(ScoredTrial.completed(records)).containsExactly(new ScoredTrial(Map.of("a", 0.5), 0.8));
  }

  private static TrialRecord record(Phase phase, TrialState state, Double best) {
    return new TrialRecord(1, 1, phase, 0, state, null, Map.of("a", 0.5), 0, 3, null, best == null ? null : 2, best,
        3, null, null, null, null, null, 1, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, null);
  }

  @Test
  void aSubsetOfManyTrialsIsSeededAndInOrder() {
    assertThat(FanovaEvaluator.subset(5, 10, 0)).containsExactly(0, 1, 2, 3, 4);
    int[] s = FanovaEvaluator.subset(10_000, 1000, 3);
    assertThat(s).hasSize(1000).isSorted().doesNotHaveDuplicates();
    assertThat(FanovaEvaluator.subset(10_000, 1000, 3)).isEqualTo(s);
  }

  @Test
  void tenThousandTrialsAreAssessedOnASubsetAndFindTheParameterThatMatters() {
    // (how long this takes is measured by scripts/bench-report.sh, not here)
    SearchSpace space = space("learning_rate", new ParamSpec.LogUniform(1e-6, 1e-3),
        "batch", new ParamSpec.Categorical(List.of(4L, 8L, 16L, 32L, 64L, 128L)),
        "weight_decay", new ParamSpec.Uniform(0, 0.1), "warmup", new ParamSpec.Uniform(0, 0.2),
        "epochs", new ParamSpec.IntUniform(1, 10));
    List<ScoredTrial> t = trials(space, 10_000, 8, p -> StrictMath.log10(x(p, "learning_rate")) + x(p, "warmup"));
    Importances r = evaluator.evaluate(space, t);
    assertThat(r.trials()).isEqualTo(10_000);
    assertThat(r.top()).hasValueSatisfying(p -> assertThat(p.name()).isEqualTo("learning_rate"));
  }
}
