package soundstage.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TestZipfSampler {

    @Test
    void popularRanksAreDrawnMoreOften() {
        ZipfSampler sampler = new ZipfSampler(1_000, 0.9);
        SplittableRandom random = new SplittableRandom(4);
        int[] counts = new int[1_000];
        for (int i = 0; i < 100_000; i++) {
            counts[sampler.next(random)]++;
        }
        assertThat(counts[0]).isGreaterThan(10 * counts[500]);
        assertThat(counts[999]).isPositive();
    }

    @Test
    void drawsWhatABinarySearchOfTheCumulativeWeightsWouldDraw() {
        for (int n : new int[] {1, 2, 3, 50, 1_000, 40_000}) {
            for (double exponent : new double[] {0.0, 0.8, 0.9, 1.0, 2.0}) {
                double[] cumulative = new double[n];
                double sum = 0;
                for (int rank = 0; rank < n; rank++) {
                    sum += 1.0 / StrictMath.pow(rank + 1, exponent);
                    cumulative[rank] = sum;
                }
                ZipfSampler sampler = new ZipfSampler(n, exponent);
                SplittableRandom guided = new SplittableRandom(n);
                SplittableRandom reference = new SplittableRandom(n);
                for (int i = 0; i < 20_000; i++) {
                    double target = reference.nextDouble() * sum;
                    int found = Arrays.binarySearch(cumulative, target);
                    int expected = Math.min(found >= 0 ? found + 1 : -found - 1, n - 1);
                    assertThat(sampler.next(guided)).as("n=%d exponent=%s", n, exponent).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void needsAtLeastOneRank() {
        assertThatThrownBy(() -> new ZipfSampler(0, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("n must be at least 1, got 0");
    }
}
