package soundstage.generate;

import java.io.IOException;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Interleaves many concurrent sessions into one day's events, in time order.
 *
 * <p>For a day of {@code n} events, sessions are started one after another with start times
 * proportional to the events already planned, spread over the first {@link #START_WINDOW_MILLIS}
 * of the day, until exactly {@code n} events are planned. A min-heap on the next event time merges
 * the sessions in progress, so the events come out in {@code ts} order and memory holds only the
 * sessions in progress, never the day. Every session ends before midnight: its length is capped by
 * the time left divided by {@link ListeningSession#LONGEST_GAP_MILLIS}.
 *
 * <p>Session ids keep counting across days, so they are unique over the whole run.
 */
final class SessionScheduler {

    /** Share of sessions that open logged out (Home, then Login, then the user's own pages). */
    static final double STARTS_LOGGED_OUT_RATE = 0.12;

    /** Sessions start within the first 23 hours, leaving the last hour for them to finish. */
    static final long START_WINDOW_MILLIS = 23 * 3_600_000L;

    private static final long MILLIS_PER_DAY = 86_400_000L;

    /** Most sessions are short; one in ten is a long listening session. */
    private static final double LONG_SESSION_RATE = 0.10;

    private static final double SHORT_SESSION_MEAN = 18;
    private static final double LONG_SESSION_MEAN = 90;
    private static final int LONGEST_SESSION = 400;

    private static final Comparator<ListeningSession> BY_NEXT_EVENT =
            (a, b) -> {
                int byTime = Long.compare(a.nextTs(), b.nextTs());
                return byTime != 0 ? byTime : Long.compare(a.sessionId(), b.sessionId());
            };

    private final UserPool users;
    private final PageMix pages;
    private final Jukebox jukebox;
    private final SplittableRandom random;
    private long nextSessionId;

    SessionScheduler(UserPool users, PageMix pages, Jukebox jukebox, SplittableRandom random) {
        this.users = users;
        this.pages = pages;
        this.jukebox = jukebox;
        this.random = random;
        // Public session ids are small integers, not starting at 1.
        this.nextSessionId = 1 + random.nextInt(1_000);
    }

    /**
     * Produces exactly {@code events} events with timestamps in {@code [dayStart, dayStart + 1 day)},
     * in non-decreasing {@code ts} order (ties broken by session id).
     */
    void runDay(long dayStartMillis, int events, EventSink sink) throws IOException {
        long dayEnd = dayStartMillis + MILLIS_PER_DAY;
        PriorityQueue<ListeningSession> inProgress = new PriorityQueue<>(BY_NEXT_EVENT);
        ListeningSession pending = null;
        int planned = 0;
        int written = 0;
        while (written < events) {
            if (pending == null && planned < events) {
                // (planned + u) / events grows with every session, so start times come out sorted.
                long start =
                        dayStartMillis
                                + (long) (START_WINDOW_MILLIS * ((planned + random.nextDouble()) / events));
                int fitsInDay = (int) (1 + (dayEnd - 1 - start) / ListeningSession.LONGEST_GAP_MILLIS);
                int length = Math.min(Math.min(sessionLength(), events - planned), fitsInDay);
                int user = users.startSession(random);
                boolean loggedIn = random.nextDouble() >= STARTS_LOGGED_OUT_RATE;
                pending = new ListeningSession(user, nextSessionId++, start, length, loggedIn);
                planned += length;
            }
            ListeningSession head = inProgress.peek();
            if (pending != null && (head == null || pending.nextTs() <= head.nextTs())) {
                inProgress.add(pending);
                pending = null;
                continue;
            }
            ListeningSession session = inProgress.poll();
            sink.accept(session.next(users, pages, jukebox, random));
            written++;
            if (session.finished()) {
                users.endSession(session.user());
            } else {
                inProgress.add(session);
            }
        }
    }

    private int sessionLength() {
        double mean = random.nextDouble() < LONG_SESSION_RATE ? LONG_SESSION_MEAN : SHORT_SESSION_MEAN;
        // Exponential lengths: many short sessions, a few long ones.
        int length = 1 + (int) (-mean * StrictMath.log(1 - random.nextDouble()));
        return Math.min(length, LONGEST_SESSION);
    }
}
