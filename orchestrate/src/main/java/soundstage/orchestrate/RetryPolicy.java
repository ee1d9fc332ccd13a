package soundstage.orchestrate;

import java.time.Duration;

/**
 * How often a task that failed for a transient reason (a lost connection, a locked file) is tried
 * again: up to {@code attempts} tries in all, waiting {@code backoff}, then twice that, and so on.
 *
 * @param attempts tries in all, at least 1
 * @param backoff the wait before the second try
 */
public record RetryPolicy(int attempts, Duration backoff) {
    /** Three tries, 2 s then 4 s apart. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(2));

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
        }
        if (backoff.isNegative()) {
            throw new IllegalArgumentException("backoff is negative: " + backoff);
        }
    }

    /** The wait before try {@code attempt} (2 or later). */
    public Duration waitBefore(int attempt) {
        return backoff.multipliedBy(1L << Math.min(attempt - 2, 20));
    }
}
