package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static soundstage.cli.Cli.row;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generated data (20k events, 500 songs, some damaged lines) through ingest and run. */
class TestGeneratedData {
    private static final Pattern MATCH_RATE = Pattern.compile("(\\d+\\.\\d)% of (\\d+) Sparkify songplays matched a catalogue song \\((\\d+)\\); (\\d+) near misses");

    @TempDir
    static Path dir;
    static Path warehouse;
    static Cli.Generated generated;
    static Cli.Result songs;
    static Cli.Result events;
    static Cli.Result run;

    @BeforeAll
    static void generateIngestAndRun() {
        Path data = dir.resolve("data");
        warehouse = dir.resolve("w.duckdb");
        generated = Cli.Generated.parse(Cli.ok("generate", "--events", 20000, "--songs", 500, "--out", data, "--seed", 7, "--bad-lines", 0.001));
        songs = Cli.ok("ingest", "-w", warehouse, "sparkify-songs", data.resolve("song_data"));
        events = Cli.ok("ingest", "-w", warehouse, "sparkify-events", data.resolve("log_data"));
        run = Cli.run("run", "-w", warehouse);
    }

    private static long count(String sql) throws SQLException {
        return Cli.count(warehouse, sql);
    }

    @Test
    void theGeneratorWritesWhatItWasAskedFor() {
        assertThat(generated.events()).isEqualTo(20000);
        assertThat(generated.songs()).isEqualTo(500);
        assertThat(generated.songFiles()).isEqualTo(500);
        assertThat(generated.duplicateFiles()).isZero();
        assertThat(generated.badLines()).isPositive();
    }

    @Test
    void theRunExitsWithZero() {
        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.outLines()).last().isEqualTo(Cli.ALL_CHECKS_PASSED);
    }

    @Test
    void everyBlockingCheckPasses() throws SQLException {
        int runId = Cli.Ran.parse(run).runId();
        assertThat(Cli.rows(warehouse, "SELECT name, status, detail FROM meta.check_results WHERE run_id = " + runId + " AND blocking AND status <> 'pass'"))
                .isEmpty();
        assertThat(count("SELECT count(*) FROM meta.check_results WHERE run_id = " + runId + " AND blocking")).isEqualTo(16);
    }

    @Test
    void someSongplaysMatchTheCatalogue() throws SQLException {
        String detail = Cli.rows(warehouse, "SELECT detail FROM meta.check_results WHERE name = 'song_match_rate'").get(0).get(0);
        Matcher matcher = MATCH_RATE.matcher(detail);
        assertThat(matcher.matches()).as(detail).isTrue();
        assertThat(Double.parseDouble(matcher.group(1))).isGreaterThan(0.0);
        assertThat(Long.parseLong(matcher.group(2))).isEqualTo(count("SELECT count(*) FROM analytics.songplays"));
        assertThat(Long.parseLong(matcher.group(3))).isEqualTo(count("SELECT count(song_id) FROM analytics.songplays")).isPositive();
    }

    @Test
    void namesAreRepaired() throws SQLException {
        long repaired = Cli.Ran.parse(run).repaired();
        assertThat(repaired).isPositive()
                .isEqualTo(count("SELECT (SELECT count(*) FROM staging.sparkify_events WHERE repaired) + (SELECT count(*) FROM staging.sparkify_songs WHERE repaired)"));
    }

    @Test
    void everyLoadedEventIsStagedOnce() throws SQLException {
        long source = count("SELECT count(*) FROM source.sparkify_events");
        assertThat(source).isEqualTo(generated.events() - generated.badLines()).isEqualTo(Cli.Ingested.parse(events).rows());
        assertThat(count("SELECT count(*) FROM staging.sparkify_events")).isEqualTo(source);
        Cli.Ran ran = Cli.Ran.parse(run);
        assertThat(ran.newEvents()).isEqualTo(source);
        assertThat(ran.duplicates()).isZero();
    }

    @Test
    void everySongIsStagedOnce() throws SQLException {
        assertThat(Cli.Ingested.parse(songs)).isEqualTo(new Cli.Ingested("sparkify-songs", 500, 500, 0, 500, 0));
        assertThat(count("SELECT count(*) FROM analytics.songs")).isEqualTo(500);
        assertThat(Cli.Ran.parse(run).songs()).isEqualTo(500);
    }

    @Test
    void everyNextSongIsASongplay() throws SQLException {
        assertThat(Cli.Ran.parse(run).songplays())
                .isEqualTo(count("SELECT count(*) FROM analytics.songplays"))
                .isEqualTo(count("SELECT count(*) FROM staging.sparkify_events WHERE page = 'NextSong'"));
    }

    @Test
    void everyBadLineIsQuarantined() throws SQLException {
        assertThat(Cli.Ingested.parse(events).quarantined()).isEqualTo(generated.badLines());
        assertThat(count("SELECT count(*) FROM meta.quarantine")).isEqualTo(generated.badLines());
        assertThat(Cli.rows(warehouse, """
                SELECT DISTINCT CASE WHEN strpos(reason, ':') > 0 THEN left(reason, strpos(reason, ':') - 1) ELSE reason END
                FROM meta.quarantine ORDER BY 1"""))
                .isSubsetOf(row("malformed JSON"), row("required field page is missing or empty"), row("ts is not an integer of epoch milliseconds"));
        assertThat(count("SELECT count(*) FROM meta.quarantine WHERE line_no < 1 OR raw IS NULL OR file_id IS NULL")).isZero();
    }

    @Test
    void duplicateFilesAreSkippedAndTheirBadLinesQuarantinedOnce(@TempDir Path other) throws SQLException {
        Path data = other.resolve("data");
        Path w = other.resolve("w.duckdb");
        Cli.Generated withCopies = Cli.Generated.parse(Cli.ok("generate", "--events", 5000, "--songs", 100, "--out", data, "--seed", 11,
                "--duplicate-files", 0.3, "--bad-lines", 0.004, "--max-events-per-day", 500));
        Cli.Ingested songFiles = Cli.Ingested.parse(Cli.ok("ingest", "-w", w, "sparkify-songs", data.resolve("song_data")));
        Cli.Ingested eventFiles = Cli.Ingested.parse(Cli.ok("ingest", "-w", w, "sparkify-events", data.resolve("log_data")));
        Cli.Result ran = Cli.run("run", "-w", w);

        assertThat(eventFiles.duplicates()).isPositive();
        assertThat(songFiles.duplicates() + eventFiles.duplicates()).isEqualTo(withCopies.duplicateFiles());
        assertThat(eventFiles.loaded()).isEqualTo(withCopies.eventFiles());
        assertThat(eventFiles.quarantined()).isEqualTo(withCopies.badLines()).isPositive();
        assertThat(eventFiles.rows()).isEqualTo(withCopies.events() - withCopies.badLines());
        assertThat(ran.exitCode()).as("%s", ran).isZero();
        assertThat(Cli.Ran.parse(ran).newEvents()).isEqualTo(eventFiles.rows());
        assertThat(Cli.rows(w, "SELECT count(*) FROM staging.sparkify_events")).containsExactly(row(String.valueOf(eventFiles.rows())));
    }
}
