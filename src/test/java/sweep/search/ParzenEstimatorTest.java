package sweep.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import sweep.spec.ParamSpec;

/**
 * Log densities against Optuna 3.1's {@code _ParzenEstimator} (consider_prior, prior_weight 1, magic clip, no
 * endpoints, default weights), computed once with Debian's python3-optuna for the same observations and points.
 * Optuna 3.1's {@code _truncnorm.logpdf} leaves out the {@code -log(scale)} term of a Gaussian's log density (later
 * Optuna versions add it); the continuous references were computed with that term restored, the discrete and
 * categorical ones (probability masses, which have no such term) with Optuna as installed.
 */
class ParzenEstimatorTest {
  private static final double TOL = 1e-9;

  @Test
  void logUniformIsModelledInLogSpaceAsOptunaDoes() {
    Dimension d = Dimension.of("lr", new ParamSpec.LogUniform(1e-5, 1e-2));
    ParzenEstimator pe = new ParzenEstimator(d, internal(d, 1e-4, 3e-4, 1e-3), 1.0);
    double[] x = {1e-5, 5e-5, 2e-4, 3e-4, 5e-3};
    double[] optuna = {-2.8821998732, -1.9518020586, -1.5464425784, -1.5233521799, -2.4785851102};
    for (int i = 0; i < x.length; i++) {
      assertThat(pe.logPdf(d.toInternal(x[i]))).as("x=%s", x[i]).isCloseTo(optuna[i], within(1e-7));
    }
  }

  @Test
  void integersAreDiscreteWithHalfStepEnds() {
    Dimension d = Dimension.of("b", new ParamSpec.IntUniform(1, 8));
    ParzenEstimator pe = new ParzenEstimator(d, internal(d, 2L, 3L, 3L, 7L), 1.0);
    long[] x = {1, 3, 5, 8};
    double[] optuna = {-2.10767845, -1.58685799, -2.22628021, -2.73923144};
    for (int i = 0; i < x.length; i++) {
      assertThat(pe.logPdf(d.toInternal(x[i]))).as("x=%s", x[i]).isCloseTo(optuna[i], within(1e-7));
    }
  }

  @Test
  void categoricalsAreSmoothedCountsWithAUniformPrior() {
    Dimension d = Dimension.of("c", new ParamSpec.Categorical(List.of(8L, 16L, 32L)));
    ParzenEstimator pe = new ParzenEstimator(d, internal(d, 8L, 16L, 16L), 1.0);
    double[] optuna = {-1.09861229, -0.74193734, -1.65822808};
    for (int c = 0; c < 3; c++) {
      assertThat(pe.logPdf(c)).isCloseTo(optuna[c], within(1e-7));
    }
  }

  @Test
  void olderObservationsWeighLessOnceThereAreMoreThan25() {
    Dimension d = Dimension.of("w", new ParamSpec.Uniform(0, 0.1));
    double[] obs = new double[30];
    for (int i = 0; i < 30; i++) {
      obs[i] = 0.001 + i * (0.098 / 29);
    }
    ParzenEstimator pe = new ParzenEstimator(d, obs, 1.0);
    double[] x = {0.0, 0.05, 0.1};
    double[] optuna = {0.2212834156, 2.3718608813, 2.2005097546};
    for (int i = 0; i < x.length; i++) {
      assertThat(pe.logPdf(x[i])).as("x=%s", x[i]).isCloseTo(optuna[i], within(1e-7));
    }
    assertThat(ParzenEstimator.observationWeights(30)).startsWith(1.0 / 30, 1.0 / 30 + (1 - 1.0 / 30) / 4);
  }

  @Test
  void samplesStayInTheRangeAndFollowTheDensity() {
    Dimension d = Dimension.of("lr", new ParamSpec.LogUniform(1e-5, 1e-2));
    ParzenEstimator pe = new ParzenEstimator(d, internal(d, 3e-4, 3e-4, 3e-4, 3e-4), 1.0);
    UniformRandomProvider rng = Draws.stream(1);
    int near = 0;
    for (int i = 0; i < 2000; i++) {
      double x = pe.sample(rng);
      assertThat(x).isBetween(d.low(), d.high());
      if (Math.abs(x - Math.log(3e-4)) < 1.0) {
        near++;
      }
    }
    // Four of the five components sit at 3e-4 with the clipped width range / 6 = 1.151: each puts 61.4% of its
    // mass within a unit of it; the prior (width 6.908, centred 0.05 away) 11.5%. 0.8 * 0.614 + 0.2 * 0.115 = 0.514.
    assertThat(near).isBetween(970, 1090);
  }

  @Test
  void truncatedNormalInvertsItsCdfInBothTails() {
    assertThat(ParzenEstimator.truncatedStandardNormal(-1, 1, 0.5)).isCloseTo(0, within(TOL));
    assertThat(ParzenEstimator.truncatedStandardNormal(5, 6, 0.0)).isCloseTo(5, within(1e-6));
    assertThat(ParzenEstimator.truncatedStandardNormal(-6, -5, 1.0)).isCloseTo(-5, within(1e-6));
    double z = ParzenEstimator.truncatedStandardNormal(2, 3, 0.5);
    assertThat(ParzenEstimator.phi(-z) - ParzenEstimator.phi(-3))
        .isCloseTo(0.5 * (ParzenEstimator.phi(-2) - ParzenEstimator.phi(-3)), within(1e-12));
  }

  @Test
  void aGaussianTruncatedFarOutOnBothSidesHasTheMassTheErfcGives() {
    // logGaussMass answers 0 without the erfc from WHOLE widths on: it must be what the erfc would give there.
    for (double z = ParzenEstimator.WHOLE; z < 45; z += 0.001) {
      assertThat(ParzenEstimator.phi(z)).as("phi(%s)", z).isEqualTo(1.0);
      assertThat(1.0 - ParzenEstimator.phi(-z)).as("1 - phi(-%s)", z).isEqualTo(1.0);
      assertThat(StrictMath.log(ParzenEstimator.phi(z) - ParzenEstimator.phi(-z - 3))).isEqualTo(0.0);
    }
    assertThat(ParzenEstimator.logGaussMass(-ParzenEstimator.WHOLE, 50)).isEqualTo(0.0);
    // Inside the shortcut's bounds the erfc still decides: a truncation at 2 widths loses 2.3% of the mass.
    assertThat(ParzenEstimator.logGaussMass(-ParzenEstimator.WHOLE, 2))
        .isCloseTo(StrictMath.log(ParzenEstimator.phi(2)), within(1e-15)).isLessThan(-0.02);
    assertThat(ParzenEstimator.logGaussMass(-2, ParzenEstimator.WHOLE)).isLessThan(-0.02);
  }

  @Test
  void theDensityIsTheWeightedSumOfItsComponentsKernels() {
    Dimension lr = Dimension.of("lr", new ParamSpec.LogUniform(1e-5, 1e-2));
    Dimension layers = Dimension.of("layers", new ParamSpec.IntUniform(1, 8));
    Dimension batch = Dimension.of("batch", new ParamSpec.Categorical(List.of(8L, 16L, 32L)));
    List<ParzenEstimator> estimators = List.of(
        new ParzenEstimator(lr, internal(lr, 1e-4, 3e-4, 2e-3), 1.0),
        new ParzenEstimator(lr, internal(lr, 1e-4, 3e-4, 2e-3), 1.0, 0.9),
        new ParzenEstimator(layers, internal(layers, 2L, 3L, 7L), 1.0),
        new ParzenEstimator(layers, internal(layers, 2L, 3L, 7L), 1.0, 2.0),
        new ParzenEstimator(batch, internal(batch, 8L, 16L, 16L), 1.0));
    List<double[]> xs = List.of(internal(lr, 1e-5, 2e-4, 9e-3), internal(lr, 1e-5, 2e-4, 9e-3),
        internal(layers, 1L, 3L, 8L), internal(layers, 1L, 3L, 8L), internal(batch, 8L, 16L, 32L));
    for (int e = 0; e < estimators.size(); e++) {
      ParzenEstimator pe = estimators.get(e);
      assertThat(pe.components()).isEqualTo(4);
      for (double x : xs.get(e)) {
        double[] terms = new double[pe.components()];
        for (int k = 0; k < terms.length; k++) {
          terms[k] = pe.logWeight(k) + pe.logKernel(k, x);
        }
        assertThat(ParzenEstimator.logSumExp(terms)).as("estimator %d at %s", e, x)
            .isCloseTo(pe.logPdf(x), within(1e-12));
        double[] added = new double[pe.components()];
        for (int k = 0; k < added.length; k++) {
          added[k] = pe.logWeight(k);
        }
        pe.addLogKernels(x, added);
        assertThat(added).as("addLogKernels, estimator %d at %s", e, x).containsExactly(terms);
      }
    }
  }

  private static double[] internal(Dimension d, Object... values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = d.toInternal(values[i]);
    }
    return out;
  }
}
