package soundstage.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A dashboard holds the writer lock only while it publishes the readers' snapshot, for a second
 * or two: a writer that meets it waits, where it was refused at once (a scheduled run without
 * --wait failed whenever a dashboard started at the same moment). Any other holder still refuses a
 * writer that does not wait.
 */
class TestWriterLock {
    private static final LockHolder PUBLISHER = new LockHolder("soundstage serve" + WriterLock.PUBLISHING, 4242, "etl-1", Instant.EPOCH);
    private static final LockHolder RUN = new LockHolder("soundstage run", 4243, "etl-1", Instant.EPOCH);

    /** Held by {@code holder} for {@code tries} tries, then free. */
    private static WriterLock.Attempt heldFor(LockHolder holder, int tries, AtomicInteger count) {
        return () -> count.incrementAndGet() <= tries ? Optional.of(holder) : Optional.empty();
    }

    @Test
    void aWriterThatDoesNotWaitWaitsForADashboardPublishingItsSnapshot() throws Exception {
        List<String> notices = new ArrayList<>();
        AtomicInteger tries = new AtomicInteger();
        WriterLock.take(heldFor(PUBLISHER, 2, tries), "w.duckdb", OpenOptions.DEFAULTS.withCommand("soundstage run").withNotices(notices::add));
        assertThat(tries).hasValue(3);
        assertThat(notices).containsExactly("waiting up to 1m for " + PUBLISHER.describe() + " to finish writing warehouse 'w.duckdb'");
        assertThat(PUBLISHER.describe()).startsWith("soundstage serve, publishing the readers' snapshot (pid 4242 on etl-1, since ");
    }

    /** Once the dashboard is done, a writer that took the lock next is met as any writer is: refused at once. */
    @Test
    void aWriterThatTakesTheLockAfterThePublishingDashboardStillRefuses() {
        AtomicInteger tries = new AtomicInteger();
        WriterLock.Attempt attempt = () -> Optional.of(tries.incrementAndGet() == 1 ? PUBLISHER : RUN);
        assertThatThrownBy(() -> WriterLock.take(attempt, "w.duckdb", OpenOptions.DEFAULTS.withCommand("soundstage ingest")))
                .isInstanceOf(UserException.class).hasMessageStartingWith("Warehouse 'w.duckdb' is being written by soundstage run (pid 4243");
        assertThat(tries).hasValue(2);
    }

    @Test
    void anyOtherHolderStillRefusesAWriterThatDoesNotWait() {
        assertThatThrownBy(() -> WriterLock.take(heldFor(RUN, 1, new AtomicInteger()), "w.duckdb", OpenOptions.DEFAULTS.withCommand("soundstage run")))
                .isInstanceOf(UserException.class).hasMessageStartingWith("Warehouse 'w.duckdb' is being written by soundstage run (pid 4243");
    }

    /** Another dashboard's publishing does not hold up a dashboard's own try, which gives up at once and reads the snapshot there. */
    @Test
    void aPublisherDoesNotWaitForAnotherPublisher() {
        assertThatThrownBy(() -> WriterLock.take(heldFor(PUBLISHER, 1, new AtomicInteger()), "w.duckdb",
                OpenOptions.DEFAULTS.withCommand("soundstage serve" + WriterLock.PUBLISHING)))
                .isInstanceOf(UserException.class).hasMessageStartingWith("Warehouse 'w.duckdb' is being written by soundstage serve, publishing");
    }
}
