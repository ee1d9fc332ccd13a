package soundstage.generate;

import java.util.SplittableRandom;

/**
 * One user's session in progress: a fixed number of events, produced one at a time in time order.
 *
 * <p>Contracts: {@code itemInSession} counts up from 0 without gaps; {@code ts} increases by the
 * length of the song after a NextSong and by 2 to 45 seconds after any other page, so no gap
 * exceeds {@link #LONGEST_GAP_MILLIS}; a session may start logged out, log in, log out and log in
 * again, keeping its id throughout. Submit Upgrade and Submit Downgrade change the user's level
 * for every event written after them.
 */
final class ListeningSession {

    /** Longest time between two events of a session: the longest song. */
    static final long LONGEST_GAP_MILLIS = 600_000;

    private static final long SHORTEST_PAGE_GAP_MILLIS = 2_000;
    private static final long LONGEST_PAGE_GAP_MILLIS = 45_000;

    private final int user;
    private final long sessionId;
    private long nextTs;
    private int remaining;
    private int item;
    private boolean loggedIn;
    private Page previous;

    /**
     * @param user index in the {@link UserPool}
     * @param startTs epoch milliseconds of the first event
     * @param length number of events, at least 1
     * @param loggedIn whether the session starts logged in
     */
    ListeningSession(int user, long sessionId, long startTs, int length, boolean loggedIn) {
        this.user = user;
        this.sessionId = sessionId;
        this.nextTs = startTs;
        this.remaining = length;
        this.loggedIn = loggedIn;
    }

    int user() {
        return user;
    }

    long sessionId() {
        return sessionId;
    }

    /** When the next event happens. */
    long nextTs() {
        return nextTs;
    }

    boolean finished() {
        return remaining == 0;
    }

    /** Produces the next event and moves the session (and the user's level) past it. */
    Event next(UserPool users, PageMix pages, Jukebox jukebox, SplittableRandom random) {
        if (remaining == 0) {
            throw new IllegalStateException("session " + sessionId + " is finished");
        }
        Page page = pages.next(loggedIn, users.isPaid(user), previous, random);
        Play play = page == Page.NEXT_SONG ? jukebox.next(random) : null;
        Event event =
                new Event(
                        users.profile(user), loggedIn, users.level(user), page, play, nextTs, sessionId, item);
        // The event above already carries the state before the page; a Submit event still shows the
        // old level and the change shows from the user's next event on, as in the public data.
        switch (page) {
            case LOGIN -> loggedIn = true;
            case LOGOUT -> loggedIn = false;
            case SUBMIT_UPGRADE -> users.setPaid(user, true);
            case SUBMIT_DOWNGRADE -> users.setPaid(user, false);
            default -> {}
        }
        // Right after Login the app opens like a fresh session, so forget the previous page.
        previous = page == Page.LOGIN ? null : page;
        item++;
        remaining--;
        nextTs +=
                play != null
                        ? play.lengthMillis()
                        : random.nextLong(SHORTEST_PAGE_GAP_MILLIS, LONGEST_PAGE_GAP_MILLIS + 1);
        return event;
    }
}
