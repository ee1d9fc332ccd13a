package soundstage.generate;

/**
 * One play of a listener's lifetime history: a row of the extended streaming history, and part of
 * a row of the account data's streaming history.
 *
 * @param endMillis end of the play, epoch milliseconds UTC (the exports' {@code ts} and {@code
 *     endTime})
 * @param msPlayed milliseconds actually listened; less than end minus start when paused
 * @param item what was played, or null for a play Spotify no longer has metadata for
 * @param device the device played on
 * @param country where the connection was ({@code conn_country})
 * @param ipAddress an address of a documentation range (RFC 5737, RFC 3849): never a real one
 * @param reasonStart {@code reason_start}, e.g. {@code clickrow}, {@code trackdone}
 * @param reasonEnd {@code reason_end}, e.g. {@code trackdone}, {@code fwdbtn}, {@code endplay}
 * @param shuffle whether shuffle was on
 * @param skipped whether the listener skipped to the next item before the end
 * @param offline whether played from downloads without a connection
 * @param offlineTimestampMillis {@code offline_timestamp} in epoch milliseconds; 0 for some plays,
 *     as in real exports
 * @param incognito whether in a private session
 * @param geo whether the oldest format names the country's city and coordinates for this play
 */
record SpotifyPlay(
        long endMillis,
        long msPlayed,
        SpotifyItem item,
        SpotifyDevice device,
        SpotifyCountry country,
        String ipAddress,
        String reasonStart,
        String reasonEnd,
        boolean shuffle,
        boolean skipped,
        boolean offline,
        long offlineTimestampMillis,
        boolean incognito,
        boolean geo) {

    /** Whether it played {@code kind}; false for a play without metadata. */
    boolean is(SpotifyItem.Kind kind) {
        return item != null && item.kind() == kind;
    }
}
