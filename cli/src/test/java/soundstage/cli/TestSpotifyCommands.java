package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import soundstage.testing.SpotifyFixtures;

/** {@code ingest spotify-export} and {@code run} on Spotify exports, through the command line. */
class TestSpotifyCommands {
    private static final String NL = System.lineSeparator();

    @TempDir
    Path dir;

    @Test
    void ingestWarnsOncePerFileWithUnknownKeysThenRunReportsTheUpgrades() {
        Path fixtures = SpotifyFixtures.writeTo(dir.resolve("exports"));
        Path warehouse = dir.resolve("w.duckdb");

        Cli.Result alice = Cli.ok("ingest", "spotify-export", fixtures.resolve("alice"), "-w", warehouse);
        assertThat(alice.outLinesWithoutTimes()).containsExactly(
                "spotify-export: 4 files (3 loaded, 1 rejected, 0 duplicates of files already loaded), 7 rows loaded, 2 quarantined, 0.0 MB in T s",
                "  2 rows quarantined; see them with: soundstage sql -w " + warehouse + " \"SELECT path, line_no, reason FROM meta.quarantine ORDER BY path, line_no\"");
        assertThat(alice.err()).isEqualTo("soundstage: warning: " + fixtures.resolve("alice/extended/endsong_0.json")
                + ": keys Soundstage does not know (audio_quality) are kept in source.spotify_streams.raw; the known keys are loaded" + NL);
        Cli.ok("ingest", "spotify-export", fixtures.resolve("bob"), "--listener", "bob", "-w", warehouse);

        Cli.Result run = Cli.ok("run", "-w", warehouse);
        assertThat(run.outLines().get(1)).isEqualTo("  spotify: 9 plays staged (0 duplicates dropped); central holds 5 extended and 2 12-month-only records; "
                + "2 12-month records upgraded to extended ones");
        assertThat(run.outLines()).last().isEqualTo(Cli.ALL_CHECKS_PASSED);

        Cli.Result again = Cli.ok("ingest", "spotify-export", fixtures.resolve("alice"), "-w", warehouse);
        assertThat(again.outLinesWithoutTimes().get(0))
                .isEqualTo("spotify-export: 4 files (0 loaded, 1 rejected, 3 duplicates of files already loaded), 0 rows loaded, 0 quarantined, 0.0 MB in T s");
    }

    @Test
    void theLakeRewritesThePartitionsWhoseRecordsWereUpgradedAndNothingElse() throws Exception {
        Path fixtures = SpotifyFixtures.writeTo(dir.resolve("exports"));
        Path warehouse = dir.resolve("w.duckdb");
        Path lake = dir.resolve("lake");
        Cli.ok("ingest", "spotify-export", fixtures.resolve("alice/my_spotify_data.zip"), "-w", warehouse);
        Cli.ok("run", "-w", warehouse);
        Cli.ok("export", "--format", "parquet", "--to", lake, "-w", warehouse);
        Path march2020 = lake.resolve("central/spotify_streams/year=2020/month=03/part.parquet");
        Path january2021 = lake.resolve("central/spotify_streams/year=2021/month=01/part.parquet");
        byte[] marchBefore = Files.readAllBytes(march2020);
        FileTime januaryWritten = Files.getLastModifiedTime(january2021);
        Object januaryFile = Files.readAttributes(january2021, BasicFileAttributes.class).fileKey();

        // The extended history replaces the 12-month Waterloo and podcast records of March 2020.
        Cli.ok("ingest", "spotify-export", fixtures.resolve("alice/extended"), "-w", warehouse);
        Cli.ok("run", "-w", warehouse);
        Cli.ok("export", "--format", "parquet", "--to", lake, "-w", warehouse);

        assertThat(Files.readAllBytes(march2020)).isNotEqualTo(marchBefore);
        assertThat(Cli.rows(warehouse, "SELECT history, count(*) FROM read_parquet('" + march2020 + "') GROUP BY history ORDER BY history"))
                .containsExactly(Cli.row("12-month", "1"), Cli.row("extended", "3"));
        assertThat(Files.getLastModifiedTime(january2021)).isEqualTo(januaryWritten);
        assertThat(Files.readAttributes(january2021, BasicFileAttributes.class).fileKey()).isEqualTo(januaryFile);

        // Exporting again without changes rewrites nothing.
        assertThat(Cli.ok("export", "--format", "parquet", "--to", lake, "-w", warehouse).outLines().get(0)).contains("(0 written, ");
    }

    @Test
    void recordsWithNoListenerAreOneLineAndExitTwo() throws Exception {
        Path fixtures = SpotifyFixtures.writeTo(dir.resolve("exports"));
        Cli.Result result = Cli.run("ingest", "spotify-export", fixtures.resolve("bob"), "-w", dir.resolve("w.duckdb"));
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("soundstage: No listener for '" + fixtures.resolve("bob/Streaming_History_Audio_2023_0.json")
                + "': its records have no username and its export no Userdata.json that names one. Ingest it with --listener NAME (the Spotify username whose export it is)." + NL);
        assertThat(dir.resolve("w.duckdb")).as("refused before a warehouse was made").doesNotExist();
        // a DuckDB file whose name starts as a PostgreSQL address's scheme does is a file all the same
        // (relative, in the working folder, as a user types it)
        Path named = Path.of("postgres_copy_" + ProcessHandle.current().pid() + ".duckdb");
        try {
            assertThat(Cli.run("ingest", "spotify-export", fixtures.resolve("bob"), "-w", named).exitCode()).isEqualTo(2);
            assertThat(named).as("refused before a warehouse was made").doesNotExist();
        } finally {
            Files.deleteIfExists(named);
            Files.deleteIfExists(Path.of(named + ".lock"));
        }
    }

    /** A folder without streaming history was refused after the warehouse had been created (and a failed ingest recorded in it). */
    @Test
    void aFolderWithoutStreamingHistoryIsRefusedBeforeAnyWarehouseExists() throws Exception {
        Path other = Files.createDirectories(dir.resolve("events"));
        Files.writeString(other.resolve("2018-11-01-events.json"), "{\"ts\":1541106106796,\"page\":\"Home\"}\n");
        Path warehouse = dir.resolve("never.duckdb");
        Cli.Result result = Cli.run("ingest", "spotify-export", other, "-w", warehouse);
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("soundstage: Folder '" + other + "' holds no Spotify streaming history: none of its 1 files");
        assertThat(result.err()).endsWith(" They look like sparkify-events ('2018-11-01-events.json': its first line has ts and page): "
                + "ingest them with soundstage ingest sparkify-events '" + other + "'." + NL);
        assertThat(warehouse).doesNotExist();
    }

    @Test
    void theListenerAndDropPersonalDataOptionsAreForSpotifyExportsOnly() {
        Cli.Result result = Cli.run("ingest", "sparkify-events", dir, "--listener", "bob", "-w", dir.resolve("w.duckdb"));
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("soundstage: --listener is for spotify-export only: Sparkify events carry their users. Drop the option and try again." + NL);
        Cli.Result drop = Cli.run("ingest", "-w", dir.resolve("w.duckdb"), "sparkify-events", "--drop-personal-data", dir);
        assertThat(drop.exitCode()).isEqualTo(2);
        assertThat(drop.err()).isEqualTo("soundstage: --drop-personal-data is for spotify-export only: Sparkify events are stored as their files hold them. "
                + "Drop the option and try again." + NL);
    }

    @Test
    void theListenerOptionNamesSomeoneInAtMost256Characters() {
        for (String listener : new String[] {" ", "u".repeat(257)}) {
            Cli.Result result = Cli.run("ingest", "spotify-export", dir, "--listener", listener, "-w", dir.resolve("w.duckdb"));
            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).isEqualTo("soundstage: " + (listener.isBlank()
                    ? "--listener is empty. Give the Spotify username whose export this is, e.g. --listener alice."
                    : "--listener must name the Spotify user whose export this is, in 1 to 256 characters; got 257 characters.") + NL);
        }
        Cli.Result broken = Cli.run("ingest", "spotify-export", dir, "--listener", "a\nb", "-w", dir.resolve("w.duckdb"));
        assertThat(broken.exitCode()).isEqualTo(2);
        assertThat(broken.err()).isEqualTo("soundstage: --listener holds a control character (such as a line break). "
                + "Give the Spotify username whose export this is, e.g. --listener alice." + NL);
        assertThat(dir.resolve("w.duckdb")).doesNotExist();
    }

    @Test
    void droppingPersonalDataIsASwitchOfIngest() throws Exception {
        Path fixtures = SpotifyFixtures.writeTo(dir.resolve("exports"));
        Path warehouse = dir.resolve("w.duckdb");
        Cli.ok("ingest", "spotify-export", fixtures.resolve("alice"), "--drop-personal-data", "-w", warehouse);
        assertThat(Cli.rows(warehouse, "SELECT count(*) FROM source.spotify_streams WHERE ip_addr IS NOT NULL OR user_agent IS NOT NULL"))
                .containsExactly(Cli.row("0"));
        assertThat(Cli.rows(warehouse, "SELECT count(*) FROM source.spotify_streams")).containsExactly(Cli.row("7"));
    }

    /**
     * SOUNDSTAGE_DROP_PERSONAL_DATA was read by ingest only: a configured source's run, the way a
     * scheduler runs, stored every IP address and user agent.
     */
    @Test
    void theVariableDropsPersonalDataOfConfiguredSourcesToo() throws Exception {
        SpotifyFixtures.writeTo(dir.resolve("exports"));
        Path config = Files.writeString(dir.resolve("soundstage.yml"), """
                warehouse: w.duckdb
                sources:
                  alice: {kind: spotify-export, path: exports/alice}
                  bob: {kind: spotify-export, path: exports/bob, listener: bob, drop_personal_data: false}
                """);
        Path log = dir.resolve("run.log");
        Process run = CliProcess.start(java.util.Map.of("SOUNDSTAGE_DROP_PERSONAL_DATA", "true"), log, "run", "--config", config);
        assertThat(run.waitFor()).as(Files.readString(log)).isZero();
        assertThat(Cli.rows(dir.resolve("w.duckdb"), "SELECT f.path LIKE '%/alice/%', count(s.ip_addr) + count(s.user_agent) > 0 FROM source.spotify_streams s "
                + "JOIN meta.files f ON f.file_id = s.file_id GROUP BY ALL ORDER BY ALL")).containsExactly(Cli.row("false", "true"), Cli.row("true", "false"));
    }

    @Test
    void aWatchedFolderOfExportsTakesTheListenerAndDropsPersonalData() throws Exception {
        Path fixtures = SpotifyFixtures.writeTo(dir.resolve("exports"));
        Path warehouse = dir.resolve("w.duckdb");
        Cli.Result watched = Cli.run("schedule", "-w", warehouse, "--watch", fixtures.resolve("bob"), "--kind", "spotify-export", "--listener", "bob",
                "--drop-personal-data", "--poll", "100ms", "--max-runs", "1");
        assertThat(watched.exitCode()).as("%s", watched).isZero();
        assertThat(Cli.rows(warehouse, "SELECT DISTINCT listener FROM source.spotify_streams")).containsExactly(Cli.row("bob"));
        assertThat(Cli.rows(warehouse, "SELECT count(*) FROM source.spotify_streams WHERE ip_addr IS NOT NULL OR user_agent IS NOT NULL")).containsExactly(Cli.row("0"));
        Cli.Result events = Cli.run("schedule", "-w", warehouse, "--watch", dir, "--kind", "sparkify-events", "--listener", "bob", "--max-runs", "1");
        assertThat(events.exitCode()).isEqualTo(2);
        assertThat(events.err()).isEqualTo("soundstage: --listener is for --kind spotify-export only." + NL);
        // Without --watch the schedule runs the configured sources: the options were accepted and ignored, and the runs kept what was to be dropped.
        Cli.Result scheduled = Cli.run("schedule", "-w", warehouse, "--drop-personal-data", "--max-runs", "1");
        assertThat(scheduled.exitCode()).isEqualTo(2);
        assertThat(scheduled.err()).isEqualTo("soundstage: --drop-personal-data is for --watch --kind spotify-export; the schedule runs the configured sources: "
                + "set drop_personal_data on the source in the configuration file." + NL);
        // The watched folder's messages name the option, not a key of a source the configuration does not have.
        Cli.Result nameless = Cli.run("schedule", "-w", dir.resolve("w2.duckdb"), "--watch", fixtures.resolve("bob"), "--kind", "spotify-export",
                "--poll", "100ms", "--max-runs", "1");
        assertThat(nameless.exitCode()).as("%s", nameless).isEqualTo(1);
        assertThat(nameless.out() + nameless.err()).contains("--listener").doesNotContain("sources.watch");
    }

    /** The variable's bad value was blamed on the option ("Invalid value for option '--drop-personal-data'"), which was not given. */
    @Test
    void aBadDropPersonalDataVariableIsNamedAndNothingIsLoaded() throws Exception {
        Path data = SpotifyFixtures.writeTo(dir.resolve("exports"));
        Path log = dir.resolve("ingest.log");
        Process ingest = CliProcess.start(java.util.Map.of("SOUNDSTAGE_DROP_PERSONAL_DATA", "maybe"), log,
                "ingest", "-w", dir.resolve("w.duckdb"), "spotify-export", data.resolve("alice"));
        assertThat(ingest.waitFor()).isEqualTo(2);
        assertThat(Files.readString(log)).isEqualTo("soundstage: SOUNDSTAGE_DROP_PERSONAL_DATA is 'maybe'; set it to true or false, or unset it.\n");
        assertThat(dir.resolve("w.duckdb")).doesNotExist();
    }
}
