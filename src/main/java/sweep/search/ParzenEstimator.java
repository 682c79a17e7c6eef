package sweep.search;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.math3.special.Erf;

/**
 * A univariate Parzen estimator as Optuna's TPE builds it (consider_prior, magic clip, no endpoints): one
 * truncated Gaussian per observation (in the dimension's internal coordinate, so log distributions are modelled in
 * log space) whose width is the larger gap to its sorted neighbours, plus a prior component centred on the range
 * with the range as width; or, for a categorical dimension, one smoothed distribution over the choices per
 * observation plus a uniform prior. Observations are weighted by {@link #weights} in chronological order.
 *
 * <p>A joint (multivariate) estimator is one of these per dimension, built from the same observations with a
 * fixed {@code bandwidth}: component k of every dimension belongs to observation k, so a joint draw picks one k
 * ({@link #pick}) and draws each coordinate from it ({@link #sampleComponent}), and the joint density sums over k
 * the weight times the product of the dimensions' {@link #logKernel}s.
 */
final class ParzenEstimator {
  private static final double SQRT2 = StrictMath.sqrt(2);
  private static final double LOG_SQRT_2PI = 0.5 * StrictMath.log(2 * StrictMath.PI);
  /**
   * A Gaussian truncated at least this many widths from its centre on both sides keeps all its mass in double
   * precision: {@code phi(z)} is exactly 1.0 from z = 8.3 on, and {@code 1.0 - phi(-z)} too (ParzenEstimatorTest).
   * With thousands of observations most components are that narrow, and their erfc was most of a proposal's time.
   */
  static final double WHOLE = 9;

  private final Dimension dim;
  private final double[] weights;
  private final double[] logWeights;
  private final double[] mus;
  private final double[] sigmas;
  /** Categorical: probabilities[k][c] of component k for choice c. */
  private final double[][] probabilities;
  /** log(Phi(b) - Phi(a)) of each component's truncation to [low, high]. */
  private final double[] logMass;
  /** Continuous: log(weight) - log(sqrt(2 pi) sigma) - logMass of each component, the part that does not depend on x. */
  private final double[] logScale;
  /** Categorical: the logs of {@link #probabilities}, made on first use ({@link #logProbabilities()}). */
  private double[][] logProbabilities;
  /** Categorical: the mixture's probability of each choice. */
  private final double[] choiceProbabilities;

  /**
   * @param observations internal coordinates in chronological order (NaN entries are skipped)
   * @param priorWeight weight of the prior component relative to an observation's
   */
  ParzenEstimator(Dimension dim, double[] observations, double priorWeight) {
    this(dim, observations, priorWeight, Double.NaN);
  }

  /**
   * @param bandwidth every observation's width before the clip (Optuna's multivariate TPE), or NaN for the larger
   *     gap to its sorted neighbours
   */
  ParzenEstimator(Dimension dim, double[] observations, double priorWeight, double bandwidth) {
    this(dim, observations, null, priorWeight, bandwidth);
  }

  /**
   * @param scale each observation's weight (an earlier sweep's trial weighs its {@code warm_start.weight}),
   *     multiplying Optuna's weight by age; null for 1 each
   */
  ParzenEstimator(Dimension dim, double[] observations, double[] scale, double priorWeight, double bandwidth) {
    this.dim = dim;
    int kept = 0;
    double[] obs = new double[observations.length];
    double[] scaleKept = new double[observations.length];
    for (int i = 0; i < observations.length; i++) {
      if (!Double.isNaN(observations[i])) {
        obs[kept] = observations[i];
        scaleKept[kept++] = scale == null ? 1.0 : scale[i];
      }
    }
    obs = Arrays.copyOf(obs, kept);
    int n = kept;
    double[] w = observationWeights(n);
    for (int i = 0; i < n; i++) {
      w[i] *= scaleKept[i];
    }
    weights = Arrays.copyOf(w, n + 1);
    weights[n] = priorWeight;
    double total = Arrays.stream(weights).sum();
    logWeights = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      weights[i] /= total;
      logWeights[i] = StrictMath.log(weights[i]);
    }
    if (dim.kind() == Dimension.Kind.CATEGORICAL) {
      int k = dim.choices();
      probabilities = new double[n + 1][k];
      double base = priorWeight / (n + 1);
      for (int i = 0; i <= n; i++) {
        Arrays.fill(probabilities[i], base);
        if (i < n) {
          probabilities[i][(int) obs[i]] += 1;
        }
        double rowSum = Arrays.stream(probabilities[i]).sum();
        for (int c = 0; c < k; c++) {
          probabilities[i][c] /= rowSum;
        }
      }
      choiceProbabilities = new double[k];
      for (int i = 0; i <= n; i++) {
        for (int c = 0; c < k; c++) {
          choiceProbabilities[c] += weights[i] * probabilities[i][c];
        }
      }
      mus = sigmas = logMass = logScale = null;
      return;
    }
    probabilities = null;
    choiceProbabilities = null;
    double low = dim.low();
    double high = dim.high();
    mus = Arrays.copyOf(obs, n + 1);
    mus[n] = 0.5 * (low + high);
    if (Double.isNaN(bandwidth)) {
      sigmas = neighbourWidths(mus, low, high);
    } else {
      sigmas = new double[n + 1];
      Arrays.fill(sigmas, bandwidth);
    }
    double maxSigma = high - low;
    double minSigma = (high - low) / Math.min(100.0, 1.0 + mus.length);
    for (int i = 0; i <= n; i++) {
      sigmas[i] = Math.max(minSigma, Math.min(maxSigma, sigmas[i]));
    }
    sigmas[n] = high - low;
    logMass = new double[n + 1];
    logScale = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      logMass[i] = logGaussMass((low - mus[i]) / sigmas[i], (high - mus[i]) / sigmas[i]);
      logScale[i] = logWeights[i] - LOG_SQRT_2PI - StrictMath.log(sigmas[i]) - logMass[i];
    }
  }

  /** Optuna's default_weights: flat for fewer than 25 observations, else a ramp from old to the 25 newest. */
  static double[] observationWeights(int n) {
    double[] w = new double[n];
    if (n < 25) {
      Arrays.fill(w, 1.0);
      return w;
    }
    int ramp = n - 25;
    for (int i = 0; i < ramp; i++) {
      w[i] = ramp == 1 ? 1.0 / n : 1.0 / n + i * (1.0 - 1.0 / n) / (ramp - 1);
    }
    Arrays.fill(w, ramp, n, 1.0);
    return w;
  }

  /** Each point's width: the larger gap to its sorted neighbours (range ends included), the outer two as Optuna. */
  private static double[] neighbourWidths(double[] mus, double low, double high) {
    int m = mus.length;
    double[] v = mus.clone();
    Arrays.sort(v);
    // Each point's place in sorted order; equal values take their places in index order (a stable sort's).
    int[] place = new int[m];
    int[] taken = new int[m];
    for (int i = 0; i < m; i++) {
      int first = firstNotBelow(v, mus[i]);
      place[i] = first + taken[first]++;
    }
    double[] s = new double[m + 2];
    s[0] = low;
    System.arraycopy(v, 0, s, 1, m);
    s[m + 1] = high;
    double[] sorted = new double[m];
    for (int i = 0; i < m; i++) {
      sorted[i] = Math.max(s[i + 1] - s[i], s[i + 2] - s[i + 1]);
    }
    if (m + 2 >= 4) {
      sorted[0] = s[2] - s[1];
      sorted[m - 1] = s[m] - s[m - 1];
    }
    double[] out = new double[m];
    for (int i = 0; i < m; i++) {
      out[i] = sorted[place[i]];
    }
    return out;
  }

  /** The first index of sorted {@code v} whose value is not below {@code x} (in {@link Double#compare}'s order). */
  private static int firstNotBelow(double[] v, double x) {
    int lo = 0;
    int hi = v.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Double.compare(v[mid], x) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** One internal coordinate drawn from the mixture. */
  double sample(UniformRandomProvider rng) {
    return sampleComponent(pick(rng.nextDouble()), rng);
  }

  /** How many components: one per observation, in their order, then the prior. */
  int components() {
    return weights.length;
  }

  /** The log of component {@code k}'s weight. */
  double logWeight(int k) {
    return logWeights[k];
  }

  /** One internal coordinate drawn from component {@code k} alone. */
  double sampleComponent(int k, UniformRandomProvider rng) {
    if (probabilities != null) {
      double u = rng.nextDouble();
      double cum = 0;
      double[] row = probabilities[k];
      for (int c = 0; c < row.length; c++) {
        cum += row[c];
        if (u <= cum) {
          return c;
        }
      }
      return row.length - 1;
    }
    double a = (dim.low() - mus[k]) / sigmas[k];
    double b = (dim.high() - mus[k]) / sigmas[k];
    double x = mus[k] + sigmas[k] * truncatedStandardNormal(a, b, rng.nextDouble());
    return Math.max(dim.low(), Math.min(dim.high(), x));
  }

  /** The component a uniform draw {@code u} picks, by weight. */
  int pick(double u) {
    double cum = 0;
    for (int i = 0; i < weights.length; i++) {
      cum += weights[i];
      if (u < cum) {
        return i;
      }
    }
    return weights.length - 1;
  }

  /**
   * Log density (continuous) or log probability (discrete, categorical) of component {@code k} alone at an internal
   * coordinate: {@code logPdf(x)} is the log of the sum over k of {@code exp(logWeight(k) + logKernel(k, x))}.
   */
  double logKernel(int k, double x) {
    if (probabilities != null) {
      return logProbabilities()[k][(int) x];
    }
    if (dim.kind() == Dimension.Kind.DISCRETE) {
      return logBinMass(k, x) - logMass[k];
    }
    double z = (x - mus[k]) / sigmas[k];
    return logScale[k] - logWeights[k] - 0.5 * z * z;
  }

  /**
   * Adds {@link #logKernel}{@code (k, x)} to {@code terms[k]} for every component k: one loop per kind, since a
   * joint density calls this for every candidate over every observation.
   */
  void addLogKernels(double x, double[] terms) {
    int m = weights.length;
    if (probabilities != null) {
      double[][] logs = logProbabilities();
      int c = (int) x;
      for (int k = 0; k < m; k++) {
        terms[k] += logs[k][c];
      }
    } else if (dim.kind() == Dimension.Kind.DISCRETE) {
      for (int k = 0; k < m; k++) {
        terms[k] += logBinMass(k, x) - logMass[k];
      }
    } else {
      for (int k = 0; k < m; k++) {
        double z = (x - mus[k]) / sigmas[k];
        terms[k] += logScale[k] - logWeights[k] - 0.5 * z * z;
      }
    }
  }

  /** Categorical: the logs of {@link #probabilities}, worked out on first use. */
  private double[][] logProbabilities() {
    if (logProbabilities == null) {
      logProbabilities = new double[probabilities.length][];
      for (int i = 0; i < probabilities.length; i++) {
        logProbabilities[i] = Arrays.stream(probabilities[i]).map(StrictMath::log).toArray();
      }
    }
    return logProbabilities;
  }

  /** Discrete: log of component k's untruncated mass on the grid cell of x (half a step each side, clipped). */
  private double logBinMass(int k, double x) {
    double half = dim.step() / 2;
    double lo = Math.max(dim.low(), x - half);
    double hi = Math.min(dim.high(), x + half);
    return logGaussMass((lo - mus[k]) / sigmas[k], (hi - mus[k]) / sigmas[k]);
  }

  /** Log density (continuous) or log probability (discrete, categorical) of an internal coordinate. */
  double logPdf(double x) {
    if (choiceProbabilities != null) {
      return StrictMath.log(choiceProbabilities[(int) x]);
    }
    int m = weights.length;
    double[] terms = new double[m];
    boolean discrete = dim.kind() == Dimension.Kind.DISCRETE;
    for (int k = 0; k < m; k++) {
      if (discrete) {
        terms[k] = logWeights[k] + logBinMass(k, x) - logMass[k];
      } else {
        double z = (x - mus[k]) / sigmas[k];
        terms[k] = logScale[k] - 0.5 * z * z;
      }
    }
    return logSumExp(terms);
  }

  /**
   * log(sum(exp(v))). Terms more than 40 below the largest add less than exp(-40) relative to it, below a double's
   * resolution, and are skipped.
   */
  static double logSumExp(double[] v) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      max = Math.max(max, x);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double sum = 0;
    double floor = max - 40;
    for (double x : v) {
      if (x > floor) {
        sum += StrictMath.exp(x - max);
      }
    }
    return max + StrictMath.log(sum);
  }

  /** Standard normal CDF. */
  static double phi(double z) {
    return 0.5 * Erf.erfc(-z / SQRT2);
  }

  /** log(Phi(b) - Phi(a)) for a <= b, accurate in both tails. */
  static double logGaussMass(double a, double b) {
    if (a <= -WHOLE && b >= WHOLE) {
      return 0; // what the erfc below would give, without it: Phi(b) is 1.0 and Phi(a) too small to move it
    }
    double mass;
    if (a > 0) {
      mass = phi(-a) - phi(-b);
    } else {
      mass = phi(b) - phi(a);
    }
    if (mass > 0) {
      return StrictMath.log(mass);
    }
    // Both ends far out in one tail: the density at the nearer end times the width is close enough.
    double near = Math.min(Math.abs(a), Math.abs(b));
    return -0.5 * near * near - LOG_SQRT_2PI + StrictMath.log(Math.max(b - a, Double.MIN_NORMAL));
  }

  /** The standard normal truncated to [a, b] at quantile u, by inversion. */
  static double truncatedStandardNormal(double a, double b, double u) {
    boolean flip = a > 0;
    double lo = flip ? -b : a;
    double hi = flip ? -a : b;
    double pa = phi(lo);
    double pb = phi(hi);
    double p = pa + (flip ? 1 - u : u) * (pb - pa);
    double z;
    if (p <= 0 || pb - pa <= 0) {
      z = lo;
    } else if (p >= 1) {
      z = hi;
    } else {
      z = -SQRT2 * Erf.erfcInv(2 * p);
    }
    z = Math.max(lo, Math.min(hi, z));
    return flip ? -z : z;
  }
}
