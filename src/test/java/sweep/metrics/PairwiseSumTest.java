package sweep.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PairwiseSumTest {
  @Test
  void sumsNineValuesInNumpysBlockOrder() {
    // e = 2^-53, half an ulp of 1. Left to right, 1 + e rounds back to 1 eight times: 1.0. numpy (8 accumulators,
    // then ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then the 9th): (1+e) = 1, (e+e) = 2e -> 1+2e; 2e+2e = 4e, plus 4e
    // = 8e -> 1+10e... exactly: 1 + 3*2^-52, + 2^-53 is a tie between 1+3ulp and 1+4ulp -> even: 1 + 4*2^-52.
    // np.sum(np.array([1.0] + [2.0**-53] * 8)) == 1.0000000000000009.
    double e = Math.scalb(1.0, -53);
    double[] a = {1.0, e, e, e, e, e, e, e, e};
    assertThat(PairwiseSum.sum(a)).isEqualTo(1.0 + 4 * Math.ulp(1.0)).isEqualTo(1.0000000000000009);
  }

  @Test
  void splitsLongArraysAsNumpyDoes() {
    // np.sum(np.array([1.0 / (i + 1) for i in range(300)])) == 6.282663880299504 (Python's left-to-right sum gives
    // 6.282663880299502): 300 > 128 values, so numpy splits them 144 + 156 and sums each half in blocks.
    double[] a = new double[300];
    for (int i = 0; i < a.length; i++) {
      a[i] = 1.0 / (i + 1);
    }
    assertThat(PairwiseSum.sum(a)).isEqualTo(6.282663880299504);
  }

  @Test
  void fewerThanEightValuesAddLeftToRight() {
    // np.sum([0.1, 0.2, 0.3]) == 0.6000000000000001 == (0.1 + 0.2) + 0.3, not 0.1 + (0.2 + 0.3) == 0.6
    assertThat(PairwiseSum.sum(new double[] {0.1, 0.2, 0.3})).isEqualTo(0.6000000000000001);
    assertThat(PairwiseSum.sum(new double[0])).isZero();
  }
}
