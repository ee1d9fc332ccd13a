package soundstage.core;

import java.time.Duration;
import java.util.Optional;

/**
 * Takes a warehouse's writer lock the same way on every dialect: one try, and when another process
 * holds it, either one line that names the holder (no wait) or polling until it is free or the
 * wait is over. The dialect says how to try; a try may also take over the lock of a holder known
 * to be dead.
 */
public final class WriterLock {
    /** How often a waiting writer tries again. */
    static final Duration POLL = Duration.ofMillis(500);
    /**
     * What a reader that holds the lock only to publish the readers' snapshot (a dashboard when it
     * starts, or finds the warehouse changed) adds to its command: a writer waits for it, for at
     * most {@link #PUBLISHING_WAIT}, instead of being refused at once (a scheduled run that met a
     * dashboard's start failed).
     */
    public static final String PUBLISHING = ", publishing the readers' snapshot";
    /** Longer than copying a 10M-event warehouse (1.8 GB) takes. */
    static final Duration PUBLISHING_WAIT = Duration.ofMinutes(1);

    /** One try at the lock. */
    @FunctionalInterface
    public interface Attempt {
        /** Takes the lock and returns empty, or returns who holds it; never waits. */
        Optional<LockHolder> tryTake() throws Exception;
    }

    private static final Object HELD = new Object();
    /** How many warehouses' writer locks this process holds. */
    private static int held;

    private WriterLock() {
    }

    /**
     * A dialect's writer lock was taken by this process. Until it is {@link #released}, a stop
     * (SIGTERM) lets the command close its warehouse before the process exits: a DuckDB writer
     * publishes the readers' snapshot and removes its lock when it closes, and a process that
     * exited before then left the dashboard a run behind and its lock for the next writer to take over.
     */
    public static void taken() {
        synchronized (HELD) {
            held++;
        }
    }

    /** A lock {@link #taken} was released. */
    public static void released() {
        synchronized (HELD) {
            held--;
            HELD.notifyAll();
        }
    }

    /**
     * Waits until this process holds no writer lock, at most {@code patience}.
     *
     * @return whether it holds none
     */
    public static boolean awaitNoneHeld(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        synchronized (HELD) {
            while (held > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                HELD.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /**
     * Takes the lock of the warehouse at {@code address} with {@code attempt}, waiting up to
     * {@code options.maxWait()}.
     *
     * @throws UserException naming the holder when the lock is still held at the end of the wait
     */
    public static void take(Attempt attempt, String address, OpenOptions options) throws Exception {
        long deadline = System.nanoTime() + options.maxWait().toNanos();
        long publishingDeadline = 0;   // while a dashboard publishes: its own wait, for it alone
        LockHolder told = null;
        while (true) {
            Optional<LockHolder> holder = attempt.tryTake();
            if (holder.isEmpty()) {
                return;
            }
            if (holder.get().command().endsWith(PUBLISHING) && !options.command().endsWith(PUBLISHING)
                    && options.maxWait().compareTo(PUBLISHING_WAIT) < 0) {
                publishingDeadline = publishingDeadline == 0 ? System.nanoTime() + PUBLISHING_WAIT.toNanos() : publishingDeadline;
                if (System.nanoTime() < publishingDeadline) {
                    told = tell(told, holder.get(), PUBLISHING_WAIT, address, options);
                    Thread.sleep(POLL.toMillis());
                    continue;
                }
            }
            if (options.maxWait().isZero()) {
                throw new UserException("Warehouse '" + address + "' is being written by " + holder.get().describe()
                        + ". Wait for it to finish and try again, or give --wait (e.g. --wait 10m) to wait for it.");
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new UserException("Warehouse '" + address + "' is still being written by " + holder.get().describe()
                        + " after waiting " + format(options.maxWait()) + ". Try again later, or give a longer --wait.");
            }
            told = tell(told, holder.get(), options.maxWait(), address, options);
            Thread.sleep(Math.max(1, Math.min(POLL.toMillis(), left / 1_000_000)));
        }
    }

    /** Says once per holder that the writer waits up to {@code wait} for it; the holder last told of. */
    private static LockHolder tell(LockHolder told, LockHolder holder, Duration wait, String address, OpenOptions options) {
        if (told == null || told.pid() != holder.pid() || !told.host().equals(holder.host())) {
            options.notices().accept("waiting up to " + format(wait) + " for " + holder.describe() + " to finish writing warehouse '" + address + "'");
            return holder;
        }
        return told;
    }

    /** {@code 90s} as {@code 1m30s}, {@code 0.5s} as {@code 500ms}: as --wait takes it. */
    public static String format(Duration duration) {
        if (duration.toMillis() % 1000 != 0) {
            return duration.toMillis() + "ms";
        }
        long seconds = duration.toSeconds();
        StringBuilder text = new StringBuilder();
        if (seconds >= 3600) {
            text.append(seconds / 3600).append('h');
        }
        if (seconds % 3600 >= 60) {
            text.append(seconds % 3600 / 60).append('m');
        }
        if (seconds % 60 != 0 || seconds == 0) {
            text.append(seconds % 60).append('s');
        }
        return text.toString();
    }
}
