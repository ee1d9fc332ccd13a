package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static soundstage.cli.Cli.row;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which catalogue song a play is (staging.song_matches), end to end through ingest and run. */
class TestSongMatching {
    @TempDir
    Path dir;

    private Path warehouse() {
        return dir.resolve("w.duckdb");
    }

    private static String song(String songId, String artistId, String artist, String title, double duration, String location) {
        return String.format(Locale.ROOT, "{\"num_songs\": 1, \"artist_id\": \"%s\", \"artist_latitude\": null, \"artist_longitude\": null, "
                + "\"artist_location\": \"%s\", \"artist_name\": \"%s\", \"song_id\": \"%s\", \"title\": \"%s\", \"duration\": %s, \"year\": 0}",
                artistId, location, artist, songId, title, duration);
    }

    private static String play(int item, String artist, String song, double length) {
        return String.format(Locale.ROOT, "{\"artist\":\"%s\",\"auth\":\"Logged In\",\"firstName\":\"Ann\",\"gender\":\"F\",\"itemInSession\":%d,"
                + "\"lastName\":\"Lee\",\"length\":%s,\"level\":\"free\",\"location\":\"Here\",\"method\":\"PUT\",\"page\":\"NextSong\","
                + "\"registration\":1.5E12,\"sessionId\":1,\"song\":\"%s\",\"status\":200,\"ts\":%d,\"userAgent\":\"UA\",\"userId\":\"1\"}",
                artist, item, length, song, 1541105830796L + item * 1000L);
    }

    private Path write(String name, List<String> lines) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, String.join("\n", lines));
    }

    private Cli.Result ingestAndRun(List<String> songs, List<String> plays) throws IOException {
        Cli.ok("ingest", "-w", warehouse(), "sparkify-songs", write("songs/" + System.nanoTime() + ".json", songs));
        Cli.ok("ingest", "-w", warehouse(), "sparkify-events", write("events/" + System.nanoTime() + ".json", plays));
        return Cli.ok("run", "-w", warehouse());
    }

    private List<List<String>> matches() throws SQLException {
        return Cli.rows(warehouse(), "SELECT line_no, song_title, song_id, artist_id FROM analytics.songplays ORDER BY line_no");
    }

    @Test
    void titleAndArtistMatchIgnoringCaseAndWhiteSpace() throws Exception {
        ingestAndRun(List.of(song("SO1", "AR1", "The Band", "Hello World", 200.0, "")),
                List.of(play(1, "The Band", "Hello World", 200.0), play(2, " the  BAND ", "hello\\tworld", 200.0), play(3, "The Band", "Hello", 200.0)));
        assertThat(matches()).containsExactly(
                row("1", "Hello World", "SO1", "AR1"),
                row("2", "hello\tworld", "SO1", "AR1"),
                row("3", "Hello", null, null));
    }

    @Test
    void theDurationMustBeWithinOneSecond() throws Exception {
        ingestAndRun(List.of(song("SO1", "AR1", "The Band", "Song", 200.0, "")),
                List.of(play(1, "The Band", "Song", 201.0), play(2, "The Band", "Song", 198.99), play(3, "The Band", "Song", 200.5)));
        assertThat(matches()).containsExactly(
                row("1", "Song", "SO1", "AR1"),
                row("2", "Song", null, null),
                row("3", "Song", "SO1", "AR1"));
    }

    @Test
    void aPlayThatFitsTwoSongsIsLeftUnmatchedAndWarnedAbout() throws Exception {
        Cli.Result run = ingestAndRun(List.of(song("SO1", "AR1", "Twin", "Same", 100.0, ""), song("SO2", "AR2", "Twin", "Same", 100.5, "")),
                List.of(play(1, "Twin", "Same", 100.2), play(2, "Twin", "Same", 99.2)));
        assertThat(matches()).containsExactly(row("1", "Same", null, null), row("2", "Same", "SO1", "AR1"));
        assertThat(run.outLines()).contains("warn   | song_match_rate            | no       | 50.0% of 2 Sparkify songplays matched a catalogue song (1); 1 near misses")
                .last().isEqualTo(Cli.ALL_CHECKS_PASSED + ", 1 warning(s)");
    }

    @Test
    void aSongSeenAgainReplacesTheEarlierVersion() throws Exception {
        ingestAndRun(List.of(song("SO1", "AR1", "The Band", "Song", 200.0, "Paris")), List.of(play(1, "The Band", "Song", 200.0)));
        Cli.Result second = ingestAndRun(List.of(song("SO1", "AR1", "The Band", "Song (Live)", 300.0, "")), List.of(play(2, "The Band", "Song (Live)", 300.0)));

        assertThat(Cli.Ran.parse(second).songs()).isEqualTo(1);
        assertThat(Cli.rows(warehouse(), "SELECT * FROM analytics.songs")).containsExactly(row("SO1", "Song (Live)", "AR1", null, "300.0", null));
        assertThat(Cli.rows(warehouse(), "SELECT line_no, song_title, song_id FROM analytics.songplays ORDER BY file_id"))
                .containsExactly(row("1", "Song", null), row("1", "Song (Live)", "SO1"));
    }
}
