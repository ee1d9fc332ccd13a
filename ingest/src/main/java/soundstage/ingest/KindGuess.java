package soundstage.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import soundstage.core.FileKind;
import soundstage.ingest.spotify.SpotifyKeys;

/**
 * Which kind of input a file looks like, for a hint when it was given as another kind (events
 * ingested as songs: every line quarantined, for a reason that does not say why). Read from the
 * file's name and the keys of its first line only; a guess, never a reason to refuse.
 */
public final class KindGuess {
    private static final JsonFactory JSON = new JsonFactory();
    /** Files looked at: a mistaken kind shows in the first files, and a hint must not cost a scan. */
    private static final int FILES = 20;
    /** The longest first line read; a Sparkify line is under 1 KB. */
    private static final int LINE = 64 * 1024;

    private KindGuess() {
    }

    /**
     * One line for the user when files of {@code given} kind were rejected and one of the first of
     * {@code files} looks like another kind, else empty.
     */
    public static Optional<String> hint(FileKind given, List<Path> files) {
        return firstOtherThan(given, files).map(guess -> "hint: '" + guess.file() + "' looks like " + guess.kind().cliName() + " (" + guess.why()
                + "), not " + given.cliName() + ": ingest such files with soundstage ingest " + guess.kind().cliName()
                + " PATH (a file rejected as one kind is ingested again as another)");
    }

    /** The first of the first files that looks like a kind other than {@code given}. */
    public static Optional<Guess> firstOtherThan(FileKind given, Collection<Path> files) {
        return files.stream().limit(FILES).map(KindGuess::of).flatMap(Optional::stream).filter(guess -> guess.kind() != given).findFirst();
    }

    /** What {@code file} looks like, and why. */
    public record Guess(Path file, FileKind kind, String why) {
    }

    static Optional<Guess> of(Path file) {
        String name = file.getFileName().toString();
        if (SpotifyKeys.isStreamingHistory(name)) {
            return Optional.of(new Guess(file, FileKind.SPOTIFY_EXPORT, "its name is a Spotify streaming history's"));
        }
        if (name.toLowerCase(Locale.ROOT).startsWith("my_spotify_data") && name.toLowerCase(Locale.ROOT).endsWith(".zip")) {
            return Optional.of(new Guess(file, FileKind.SPOTIFY_EXPORT, "its name is a Spotify export's"));
        }
        Set<String> keys = firstLineKeys(file);
        if (keys.contains("ts") && keys.contains("page")) {
            return Optional.of(new Guess(file, FileKind.SPARKIFY_EVENTS, "its first line has ts and page"));
        }
        if (keys.contains("song_id") && keys.contains("artist_id")) {
            return Optional.of(new Guess(file, FileKind.SPARKIFY_SONGS, "its first line has song_id and artist_id"));
        }
        if (keys.contains("ms_played") || keys.contains("msPlayed")) {
            return Optional.of(new Guess(file, FileKind.SPOTIFY_EXPORT, "its first record has " + (keys.contains("ms_played") ? "ms_played" : "msPlayed")));
        }
        return Optional.empty();
    }

    /**
     * The top-level keys of the first object in the file's first non-blank line (the first element
     * when the line opens an array), or none when it is not JSON or cannot be read.
     */
    private static Set<String> firstLineKeys(Path file) {
        Set<String> keys = new HashSet<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            char[] buffer = new char[LINE];
            int read = reader.read(buffer);
            if (read <= 0) {
                return keys;
            }
            String head = new String(buffer, 0, read).strip();
            try (JsonParser parser = JSON.createParser(head)) {
                JsonToken token = parser.nextToken();
                if (token == JsonToken.START_ARRAY) {
                    token = parser.nextToken();
                }
                if (token != JsonToken.START_OBJECT) {
                    return keys;
                }
                while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    keys.add(parser.currentName());
                    parser.nextToken();
                    parser.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not text, not JSON, cut off by the limit: the keys read so far are the guess
        }
        return keys;
    }
}
