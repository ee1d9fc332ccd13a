package soundstage.generate;

/**
 * Something a listener can play: a music track, a podcast episode, a video episode or an
 * audiobook chapter.
 *
 * @param kind what it is
 * @param name track name, episode name or chapter title
 * @param creator the album artist of a track, the show of an episode, the author of a chapter
 * @param collection the album of a track, the show of an episode, the audiobook of a chapter
 * @param uri {@code spotify:track:...}, {@code spotify:episode:...} or {@code spotify:chapter:...}
 * @param collectionUri the audiobook's {@code spotify:audiobook:...} for a chapter, else null
 * @param durationMs full length in milliseconds
 */
record SpotifyItem(
        Kind kind,
        String name,
        String creator,
        String collection,
        String uri,
        String collectionUri,
        long durationMs) {

    /** What an item is; decides which fields and files of an export name it. */
    enum Kind {
        TRACK,
        EPISODE,
        /** A video podcast episode: in the extended history's video file, a podcast elsewhere. */
        VIDEO,
        CHAPTER
    }
}
