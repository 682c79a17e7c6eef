package sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import sweep.store.Provenance;

/** The verdict of a reproduction as a pure function of the two curves and the task's tolerance. */
class ReproductionTest {
  private static final Provenance P = new Provenance("h", 1, Map.of(), null, "abc", "0.1.0", "17", "Linux",
      Map.of("djl", "0.34.0"), 2);

  private static Reproduction of(double tolerance, Map<Integer, Double> recorded, Map<Integer, Double> reproduced,
      int epochs) {
    return Reproduction.of("val_f1", tolerance, new TreeMap<>(recorded), new TreeMap<>(reproduced), epochs, P, P);
  }

  @Test
  void bitForBitIsExactAnyDifferenceWithinTheToleranceIsWithinItAndOtherwiseItDiffers() {
    assertThat(of(0, Map.of(1, 0.5, 2, 0.6), Map.of(1, 0.5, 2, 0.6), 2).verdict()).isEqualTo(Reproduction.EXACT);
    Reproduction close = of(1e-4, Map.of(1, 0.5, 2, 0.6), Map.of(1, 0.5, 2, 0.60005), 2);
    assertThat(close.verdict()).isEqualTo(Reproduction.WITHIN);
    assertThat(close.reproduced()).isTrue();
    assertThat(close.verdictLine()).startsWith("reproduced: within 1e-4 per epoch (max difference 4.9999");
    // the benchmark allows nothing: one ulp is a difference
    Reproduction ulp = of(0, Map.of(1, 0.5), Map.of(1, Math.nextUp(0.5)), 1);
    assertThat(ulp.verdict()).isEqualTo(Reproduction.DIFFERS);
    assertThat(ulp.verdictLine()).isEqualTo("not reproduced: max difference 1.1102230246251565E-16, expected bit for"
        + " bit");
    assertThat(of(1e-4, Map.of(1, 0.5), Map.of(1, 0.5002), 1).reproduced()).isFalse();
  }

  @Test
  void anEpochTheRerunDidNotReachIsNotReproduced() {
    Reproduction r = of(1e-4, Map.of(1, 0.5, 2, 0.6), Map.of(1, 0.5), 2);
    assertThat(r.maxDifference()).isNull();
    assertThat(r.verdict()).isEqualTo(Reproduction.DIFFERS);
    assertThat(r.verdictLine()).startsWith("not reproduced: an epoch is missing");
  }

  @Test
  void eachDifferingProvenanceFieldIsNamedInAFixedOrder() {
    Provenance now = new Provenance("h2", 1, Map.of(), "d", "def", "0.2.0", "17", "Linux",
        Map.of("djl", "0.35.0", "jackson", "2.18"), 2);
    assertThat(Reproduction.differences(P, now)).extracting(Reproduction.Difference::field).containsExactly(
        "git_commit", "sweep_version", "libraries.djl", "libraries.jackson", "data_hash", "spec_hash");
    assertThat(Reproduction.differences(P, P)).isEmpty();
  }
}
