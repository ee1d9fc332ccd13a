package soundstage.testing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The hand-written Sparkify fixtures: song files (one with a double-decoded "Björk"), a day of
 * events, a CRLF copy of it with the same events, and bad input (malformed lines, an empty
 * file, a CSV). Listed here rather than discovered, so they copy the same way from a folder or
 * from a jar.
 */
public final class SparkifyFixtures {
    /** Every fixture, relative to the fixture root. */
    public static final List<String> FILES = List.of(
            "song_data/A/B/C/TRABCEI128F424C983.json",
            "song_data/A/B/D/TRABDMANY.json",
            "log_data/2018/11/2018-11-01-events.json",
            "log_data/2018/11/2018-11-01-events-crlf.json",
            "bad/bad-events.json",
            "bad/empty.json",
            "bad/not-json.csv");

    private SparkifyFixtures() {
    }

    /**
     * Writes {@code lines} distinct, valid NextSong events to {@code file} and returns it: a file
     * whose load takes long enough (300,000 lines, about 60 MB) for a test to act while it runs.
     */
    public static Path writeManyEvents(Path file, int lines) {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int i = 0; i < lines; i++) {
                out.write("{\"ts\":" + (1541106106796L + i) + ",\"userId\":\"" + (i % 97) + "\",\"page\":\"NextSong\",\"song\":\"Song " + i
                        + "\",\"artist\":\"Artist\",\"length\":200.5,\"level\":\"free\",\"sessionId\":" + i / 50 + ",\"itemInSession\":" + i % 50 + "}\n");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies every fixture below {@code target} (created if needed); returns its absolute path. */
    public static Path copyTo(Path target) {
        try {
            for (String file : FILES) {
                Path copy = target.resolve(file);
                Files.createDirectories(copy.getParent());
                try (InputStream in = SparkifyFixtures.class.getResourceAsStream("sparkify/" + file)) {
                    if (in == null) {
                        throw new IllegalStateException("fixture " + file + " is missing from the class path");
                    }
                    Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return target.toAbsolutePath().normalize();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
