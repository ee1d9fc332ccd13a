package soundstage.generate;

/**
 * What a {@code NextSong} event says about the song played, exactly as written in the event.
 *
 * @param artist the event's {@code artist}
 * @param title the event's {@code song}
 * @param length the event's {@code length} as JSON number text with five decimals at most; for a
 *     catalogue song the very characters of its {@code duration}
 * @param lengthMillis the same length in whole milliseconds: how long until the listener's next
 *     event
 */
record Play(String artist, String title, String length, long lengthMillis) {

    /** A play of a song {@code lengthUnits} hundred-thousandths of a second long. */
    static Play of(String artist, String title, long lengthUnits) {
        return new Play(artist, title, FiveDecimals.format(lengthUnits), (lengthUnits + 50) / 100);
    }
}
