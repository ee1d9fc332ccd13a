package soundstage.generate;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * The streaming history files of an account data ("last 12 months") export. Older exports have
 * one kind, {@link #ALL_PLAYS}; newer ones split music, podcasts and audiobooks. Records have
 * {@code endTime}, the names below, then {@code msPlayed}.
 */
enum AccountDataFile {
    /**
     * {@code StreamingHistory0.json}: every play; an episode names its show as {@code artistName},
     * a chapter its audiobook. Written even when empty.
     */
    ALL_PLAYS("StreamingHistory", true, "artistName", "trackName"),
    /** {@code StreamingHistory_music_0.json}: tracks and plays without metadata; always written. */
    MUSIC("StreamingHistory_music_", true, "artistName", "trackName"),
    /** {@code StreamingHistory_podcast_0.json}: podcast and video episodes, if any. */
    PODCAST("StreamingHistory_podcast_", false, "podcastName", "episodeName"),
    /** {@code StreamingHistory_audiobook_0.json}: audiobook chapters, if any. */
    AUDIOBOOK("StreamingHistory_audiobook_", false, "audiobookName", "chapterName", "authorName");

    /** What a play without metadata is called. */
    static final String UNKNOWN_ARTIST = "Unknown Artist";

    static final String UNKNOWN_TRACK = "Unknown Track";

    private final String prefix;
    private final boolean writtenWhenEmpty;
    private final SerializableString[] nameKeys;

    AccountDataFile(String prefix, boolean writtenWhenEmpty, String... nameKeys) {
        this.prefix = prefix;
        this.writtenWhenEmpty = writtenWhenEmpty;
        this.nameKeys = new SerializableString[nameKeys.length];
        for (int i = 0; i < nameKeys.length; i++) {
            this.nameKeys[i] = new SerializedString(nameKeys[i]);
        }
    }

    /** The file name of part {@code index}, e.g. {@code StreamingHistory_music_0.json}. */
    String fileName(int index) {
        return prefix + index + ".json";
    }

    boolean writtenWhenEmpty() {
        return writtenWhenEmpty;
    }

    /** The keys between {@code endTime} and {@code msPlayed}, in order. */
    SerializableString nameKey(int i) {
        return nameKeys[i];
    }

    /** Whether {@code play} belongs in this file. */
    boolean holds(SpotifyPlay play) {
        return switch (this) {
            case ALL_PLAYS -> true;
            case MUSIC -> play.item() == null || play.is(SpotifyItem.Kind.TRACK);
            case PODCAST -> play.is(SpotifyItem.Kind.EPISODE) || play.is(SpotifyItem.Kind.VIDEO);
            case AUDIOBOOK -> play.is(SpotifyItem.Kind.CHAPTER);
        };
    }

    /** The values of the name keys for {@code play}, which this file {@link #holds}. */
    String[] names(SpotifyPlay play) {
        SpotifyItem item = play.item();
        if (item == null) {
            return new String[] {UNKNOWN_ARTIST, UNKNOWN_TRACK};
        }
        if (this == AUDIOBOOK) {
            return new String[] {item.collection(), item.name(), item.creator()};
        }
        // A track names its artist; an episode its show, a chapter its audiobook.
        String first = item.kind() == SpotifyItem.Kind.TRACK ? item.creator() : item.collection();
        return new String[] {first, item.name()};
    }
}
