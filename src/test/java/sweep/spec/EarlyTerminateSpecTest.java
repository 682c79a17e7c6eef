package sweep.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import sweep.train.TaskTypes;

/** {@code method: tpe | bayes} and {@code early_terminate} as the loader reads them (errors: the bad-spec corpus). */
class EarlyTerminateSpecTest {
  /** A small benchmark spec that other spec tests add keys to. */
  static final String BASE = """
      task: benchmark
      benchmark: {problem: crossing}
      method: random
      metric: {name: val_score, goal: maximize}
      run_cap: 3
      trial: {epochs: 27}
      parameters:
        learning_rate: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-2}
      """;

  static SweepSpec parse(String yaml) {
    return new SpecLoader(Map.of(), TaskTypes.all()).parse("t.yaml", yaml);
  }

  @Test
  void bayesIsTpeUnderWandbsName() {
    SweepSpec tpe = parse(BASE.replace("method: random", "method: tpe"));
    SweepSpec bayes = parse(BASE.replace("method: random", "method: bayes"));
    assertThat(tpe.method()).isEqualTo(Method.TPE);
    assertThat(bayes.method()).isEqualTo(Method.TPE);
    assertThat(bayes.hash()).as("the alias is the same spec").isEqualTo(tpe.hash());
  }

  @Test
  void hyperbandDefaultsToMinIterOneEtaThreeNotStrict() {
    assertThat(parse(BASE + "early_terminate: {type: hyperband}\n").earlyTerminate())
        .isEqualTo(new EarlyTerminate.Hyperband(1, 3, false));
    assertThat(parse(BASE + "early_terminate: {type: hyperband, min_iter: 3, eta: 2, strict: true}\n")
        .earlyTerminate()).isEqualTo(new EarlyTerminate.Hyperband(3, 2, true));
  }

  @Test
  void hyperbandsMaxIterFormJudgesAtWandbsBands() {
    EarlyTerminate.Hyperband h = (EarlyTerminate.Hyperband) parse(BASE.replace("epochs: 27", "epochs: 200")
        + "early_terminate: {type: hyperband, max_iter: 100, s: 3}\n").earlyTerminate();
    assertThat(h).isEqualTo(new EarlyTerminate.Hyperband(1, 3, false, 100, 3));
    // W&B: band = max_iter; s times band /= eta, kept as int(band) while band >= 1: 33.3, 11.1, 3.7
    assertThat(h.ladder(200)).containsExactly(3, 11, 33, 100);
    assertThat(h.top(200)).isEqualTo(100);
    assertThat(h.ladder(50)).as("what lies past the trial's epochs is dropped").containsExactly(3, 11, 33);
    // W&B's own docstring example: max_iter 5, eta 2, s 2 gives bands 1 and 2
    assertThat(new EarlyTerminate.Hyperband(1, 2, false, 5, 2).ladder(10)).containsExactly(1, 2, 5);
    // s larger than the bands there are: the halving stops below 1
    assertThat(new EarlyTerminate.Hyperband(1, 3, false, 9, 10).ladder(100)).containsExactly(1, 3, 9);
    assertThat(parse(BASE + "early_terminate: {type: hyperband, min_iter: 2, max_iter: 27, s: 2}\n")
        .earlyTerminate()).as("max_iter decides when both are given, as in W&B")
        .isEqualTo(new EarlyTerminate.Hyperband(1, 3, false, 27, 2));
    assertThat(((EarlyTerminate.Hyperband) parse(BASE + "early_terminate: {type: hyperband, min_iter: 2, max_iter: 27,"
        + " s: 2}\n").earlyTerminate()).ladder(27)).containsExactly(3, 9, 27);
    assertThat(parse(BASE + "early_terminate: {type: hyperband, max_iter: 27, s: 2}\n").hash())
        .isNotEqualTo(parse(BASE + "early_terminate: {type: hyperband, max_iter: 27, s: 3}\n").hash());
  }

  @Test
  void imputeKeysJoinTheHashOnlyWhenGiven() {
    assertThat(parse(BASE).canonicalJson()).contains("\"metric\":\"val_score:maximize\"");
    SweepSpec imputed = parse(BASE.replace("goal: maximize}", "goal: maximize, impute: best,"
        + " impute_while_running: latest}"));
    assertThat(imputed.metric().impute()).isEqualTo(Impute.BEST);
    assertThat(imputed.metric().imputeWhileRunning()).isEqualTo(Impute.LATEST);
    assertThat(imputed.canonicalJson())
        .contains("\"metric\":\"val_score:maximize,impute=best,impute_while_running=latest\"");
  }

  @Test
  void medianDefaultsFollowOptuna() {
    assertThat(parse(BASE + "early_terminate: {type: median}\n").earlyTerminate())
        .isEqualTo(new EarlyTerminate.Median(0, 1, 5));
    assertThat(parse(BASE + "early_terminate: {type: median, warmup_epochs: 2, min_trials: 3, startup_trials: 0}\n")
        .earlyTerminate()).isEqualTo(new EarlyTerminate.Median(2, 3, 0));
  }

  @Test
  void noEarlyTerminateLeavesTheSpecHashAsItWasAndAnyPrunerChangesIt() {
    SweepSpec plain = parse(BASE);
    assertThat(plain.earlyTerminate()).isEqualTo(new EarlyTerminate.None());
    assertThat(plain.canonicalJson()).doesNotContain("early_terminate");
    assertThat(parse(BASE + "early_terminate: {type: hyperband}\n").hash()).isNotEqualTo(plain.hash());
    assertThat(parse(BASE + "early_terminate: {type: hyperband}\n").canonicalJson())
        .as("the min_iter form hashes as it did before max_iter existed, so its sweeps resume")
        .contains("\"early_terminate\":\"Hyperband[minIter=1, eta=3, strict=false]\"");
    assertThat(parse(BASE + "early_terminate: {type: hyperband, eta: 4}\n").hash())
        .isNotEqualTo(parse(BASE + "early_terminate: {type: hyperband}\n").hash());
  }
}
