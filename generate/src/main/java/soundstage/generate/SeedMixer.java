package soundstage.generate;

/**
 * Derives independent seeds from a seed and a key, so that the random choices about one day, week
 * or quarter of a listener's history can be made again, alone, in any order.
 *
 * <p>{@code new SplittableRandom(seed + k)} would not do: seeds that differ by a multiple of its
 * increment give shifted copies of one sequence. Mixing the key first breaks that.
 */
final class SeedMixer {

    private SeedMixer() {}

    /** A seed for {@code key} under {@code seed}; different purposes use different {@code salt}s. */
    static long mix(long seed, long key, long salt) {
        return mix64(seed ^ mix64(key * 0x9E3779B97F4A7C15L + salt));
    }

    /** David Stafford's "Mix13", the finaliser SplittableRandom uses. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
