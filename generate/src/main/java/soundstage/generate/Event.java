package soundstage.generate;

/**
 * One event line before it is written.
 *
 * @param user who the session belongs to; its profile is written only when {@code loggedIn}
 * @param loggedIn {@code auth} is "Logged In", else "Logged Out" with an empty {@code userId} and
 *     null profile fields
 * @param level the user's level at the time of the event, written even when logged out
 * @param page the page
 * @param play the song for {@link Page#NEXT_SONG}, null for every other page
 * @param ts epoch milliseconds
 * @param sessionId the session
 * @param itemInSession position in the session, from 0
 */
record Event(
        UserProfile user,
        boolean loggedIn,
        String level,
        Page page,
        Play play,
        long ts,
        long sessionId,
        int itemInSession) {}
