package soundstage.generate;

import java.util.SplittableRandom;

/** Reproducible random permutations (Fisher–Yates). */
final class Shuffle {

    private Shuffle() {}

    /** The numbers {@code 0..n-1} in an order decided by {@code random}. */
    static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
