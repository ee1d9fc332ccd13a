package soundstage.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws ranks {@code 0..n-1} with probability proportional to {@code 1 / (rank + 1)^exponent}: a
 * few popular songs and heavy users, a long tail of rare ones.
 *
 * <p>Uses a cumulative table and a binary search: {@code 8n} bytes and {@code O(log n)} per draw.
 * The weights are computed with {@link StrictMath} so the table, and hence every draw, is the same
 * on every JVM and CPU.
 */
final class ZipfSampler {

  private final double[] cumulative;

  /**
   * @param n number of ranks, at least 1
   * @param exponent skew; 0 is uniform, 1 is classic Zipf
   */
  ZipfSampler(int n, double exponent) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1, got " + n);
    }
    cumulative = new double[n];
    double sum = 0;
    for (int rank = 0; rank < n; rank++) {
      sum += 1.0 / StrictMath.pow(rank + 1, exponent);
      cumulative[rank] = sum;
    }
  }

  int size() {
    return cumulative.length;
  }

  /** A rank in {@code [0, size())}, rank 0 the most likely. */
  int next(SplittableRandom random) {
    double target = random.nextDouble() * cumulative[cumulative.length - 1];
    int found = Arrays.binarySearch(cumulative, target);
    // Not found gives -(insertion point) - 1: the first rank whose cumulative weight exceeds target.
    int rank = found >= 0 ? found + 1 : -found - 1;
    return Math.min(rank, cumulative.length - 1);
  }
}
