package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static soundstage.cli.Cli.row;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingesting the same files again and running again changes nothing: every table of every layer,
 * the quarantine and the registrations of the first ingest read back the same.
 */
class TestIdempotence {
    private static final String NEW_EVENT = "{\"artist\":\"Casual\",\"auth\":\"Logged In\",\"firstName\":\"Ryan\",\"gender\":\"M\",\"itemInSession\":1,"
            + "\"lastName\":\"Smith\",\"length\":218.93179,\"level\":\"free\",\"location\":\"San Jose-Sunnyvale-Santa Clara, CA\",\"method\":\"PUT\","
            + "\"page\":\"NextSong\",\"registration\":1.541016707796E12,\"sessionId\":169,\"song\":\"I Didn't Mean To\",\"status\":200,"
            + "\"ts\":1541109255796,\"userAgent\":\"Mozilla\\/5.0 (X11; Linux x86_64)\",\"userId\":\"26\"}";

    @TempDir
    Path dir;

    /** What ingesting songs and events and running printed. */
    private record Pass(Cli.Result songs, Cli.Result events, Cli.Result run) {
    }

    private static Pass ingestAndRun(Path warehouse, List<Object> songs, List<Object> events) {
        Cli.Result songResult = Cli.ok(concat(List.of("ingest", "-w", warehouse, "sparkify-songs"), songs));
        Cli.Result eventResult = Cli.ok(concat(List.of("ingest", "-w", warehouse, "sparkify-events"), events));
        Cli.Result runResult = Cli.ok("run", "-w", warehouse);
        return new Pass(songResult, eventResult, runResult);
    }

    /** Ingests the fixtures' songs and events copied to {@code data}, then runs. */
    private static Pass ingestFixturesAndRun(Path data, Path warehouse) {
        return ingestAndRun(warehouse, List.of(data.resolve("song_data")), List.of(data.resolve("log_data")));
    }

    private static Object[] concat(List<Object> first, List<Object> second) {
        return Stream.concat(first.stream(), second.stream()).toArray();
    }

    private static long maxFileId(Path warehouse) throws SQLException {
        return Cli.count(warehouse, "SELECT coalesce(max(file_id), 0) FROM meta.files");
    }

    private static void assertSameDumps(Map<String, List<String>> second, Map<String, List<String>> first) {
        assertThat(second.keySet()).containsExactlyElementsOf(first.keySet());
        for (String table : first.keySet()) {
            assertThat(second.get(table)).as(table).isEqualTo(first.get(table));
        }
        assertThat(first.get("analytics.songplays")).isNotEmpty();
        assertThat(first.get("dashboard.top_songs")).isNotEmpty();
    }

    /** Every file registered after file {@code maxFileId} is a duplicate of a file of the first pass that added nothing. */
    private static void assertOnlyDuplicatesRegisteredAfter(Path warehouse, long maxFileId, long expectedFiles) throws SQLException {
        assertThat(Cli.rows(warehouse, """
                SELECT count(*), count(*) FILTER (WHERE f.status = 'duplicate' AND f.rows = 0 AND f.quarantined = 0 AND f.transformed_run_id IS NULL
                                                   AND o.file_id <= %d AND o.status <> 'duplicate' AND o.sha256 = f.sha256)
                FROM meta.files f LEFT JOIN meta.files o ON o.file_id = f.duplicate_of
                WHERE f.file_id > %d""".formatted(maxFileId, maxFileId)))
                .containsExactly(row(String.valueOf(expectedFiles), String.valueOf(expectedFiles)));
    }

    private static void assertOnlyDuplicates(Cli.Result ingest, Cli.Result firstIngest) {
        Cli.Ingested first = Cli.Ingested.parse(firstIngest);
        Cli.Ingested again = Cli.Ingested.parse(ingest);
        assertThat(again).isEqualTo(new Cli.Ingested(first.kind(), first.files(), 0, first.files(), 0, 0));
        assertThat(ingest.outLines()).hasSize(1);
    }

    private static void assertNothingTransformed(Cli.Result run) {
        Cli.Ran ran = Cli.Ran.parse(run);
        assertThat(ran.files()).isZero();
        assertThat(ran.newEvents()).isZero();
        assertThat(ran.duplicates()).isZero();
        assertThat(ran.songs()).isZero();
        assertThat(ran.repaired()).isZero();
    }

    @Test
    void theFixturesIngestedAndRunTwiceGiveTheSameWarehouse() throws Exception {
        Path data = Cli.copyFixtures(dir.resolve("data"));
        Path warehouse = dir.resolve("w.duckdb");
        List<Object> songs = List.of(data.resolve("song_data"));
        List<Object> events = List.of(data.resolve("log_data"), data.resolve("bad/bad-events.json"), data.resolve("bad/empty.json"),
                data.resolve("bad/not-json.csv"));
        Pass first = ingestAndRun(warehouse, songs, events);
        long files = maxFileId(warehouse);
        Map<String, List<String>> before = Cli.dump(warehouse, files);

        Pass second = ingestAndRun(warehouse, songs, events);

        assertThat(second.songs().outLinesWithoutTimes()).containsExactly(
                "sparkify-songs: 2 files (0 loaded, 0 rejected, 2 duplicates of files already loaded), 0 rows loaded, 0 quarantined, 0.0 MB in T s");
        assertThat(second.events().outLinesWithoutTimes()).containsExactly(
                "sparkify-events: 5 files (0 loaded, 0 rejected, 5 duplicates of files already loaded), 0 rows loaded, 0 quarantined, 0.0 MB in T s");
        assertThat(Cli.withoutTimes(second.run().outLines().get(0)))
                .isEqualTo("run 6: 0 files transformed, 0 new events (0 duplicates dropped), 0 songs, 0 names repaired, 4 songplays in analytics, T s");
        assertThat(second.run().outLines()).last().isEqualTo(Cli.ALL_CHECKS_PASSED);
        assertThat(Cli.Ran.parse(first.run()).files()).isEqualTo(5);
        assertSameDumps(Cli.dump(warehouse, files), before);
        assertOnlyDuplicatesRegisteredAfter(warehouse, files, 7);
    }

    @Test
    void modelsWhoseTablesAndStateAreGoneAreRebuiltByTheNextRun() throws Exception {
        Path data = Cli.copyFixtures(dir.resolve("data"));
        Path warehouse = dir.resolve("w.duckdb");
        ingestFixturesAndRun(data, warehouse);
        long files = maxFileId(warehouse);
        Map<String, List<String>> before = Cli.dump(warehouse, files);
        // Two models that never ran, as in a warehouse of an older version or after a table was dropped
        // by hand: the run builds them from scratch; the others have nothing to do.
        Cli.ok("sql", "-w", warehouse, "DELETE FROM meta.model_state WHERE model IN ('analytics.songplays', 'dashboard.top_songs'); "
                + "DROP TABLE analytics.songplays; DROP TABLE dashboard.top_songs; SELECT 1");

        Cli.Result run = Cli.ok("run", "-w", warehouse);

        assertNothingTransformed(run);
        assertSameDumps(Cli.dump(warehouse, files), before);
    }

    /** A table dropped by hand, its state kept: the next run with new rows failed on it, and so did every --resume. */
    @Test
    void aModelTableDroppedByHandIsBuiltAgainWhenNewRowsReachIt() throws Exception {
        Path data = Cli.copyFixtures(dir.resolve("data"));
        Path warehouse = dir.resolve("w.duckdb");
        ingestFixturesAndRun(data, warehouse);
        Cli.ok("sql", "-w", warehouse, "DROP TABLE dashboard.top_songs; SELECT 1");
        Files.writeString(data.resolve("log_data/2018/11/2018-11-01-events.json"), "\n" + NEW_EVENT, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Cli.ok("ingest", "-w", warehouse, "sparkify-events", data.resolve("log_data"));

        Cli.Result run = Cli.ok("run", "-w", warehouse);

        assertThat(run.outLines()).last().isEqualTo(Cli.ALL_CHECKS_PASSED);
        List<List<String>> rebuilt = Cli.rows(warehouse, "SELECT * FROM dashboard.top_songs ORDER BY ALL");
        assertThat(rebuilt).isNotEmpty();
        Cli.ok("run", "--full-refresh", "-w", warehouse);
        assertThat(Cli.rows(warehouse, "SELECT * FROM dashboard.top_songs ORDER BY ALL")).isEqualTo(rebuilt);
    }

    /** A table dropped by hand while no new file arrives: the next run builds it again (it stayed missing until new rows reached it). */
    @Test
    void aModelTableDroppedByHandIsBuiltAgainByTheNextRunWithNothingNew() throws Exception {
        Path data = Cli.copyFixtures(dir.resolve("data"));
        Path warehouse = dir.resolve("w.duckdb");
        ingestFixturesAndRun(data, warehouse);
        List<List<String>> before = Cli.rows(warehouse, "SELECT * FROM dashboard.top_songs ORDER BY ALL");
        List<List<String>> users = Cli.rows(warehouse, "SELECT * FROM analytics.users ORDER BY ALL");
        Cli.ok("sql", "-w", warehouse, "DROP TABLE dashboard.top_songs; DROP TABLE analytics.users; SELECT 1");

        Cli.Result run = Cli.ok("run", "-w", warehouse);

        assertThat(run.outLines()).last().isEqualTo(Cli.ALL_CHECKS_PASSED);
        assertThat(Cli.rows(warehouse, "SELECT * FROM dashboard.top_songs ORDER BY ALL")).isEqualTo(before).isNotEmpty();
        assertThat(Cli.rows(warehouse, "SELECT * FROM analytics.users ORDER BY ALL")).isEqualTo(users).isNotEmpty();
    }

    /**
     * A staging or source table dropped by hand: the schema made it and no run makes it again. The
     * run failed with DuckDB's "Catalog Error: Table with name sparkify_events does not exist!" on
     * the model, then again on its summary, with no word on what to do.
     */
    @Test
    void aTableOnlyTheSchemaMakesDroppedByHandStopsTheRunInOneLineBeforeItStarts() throws Exception {
        Path data = Cli.copyFixtures(dir.resolve("data"));
        Path warehouse = dir.resolve("w.duckdb");
        ingestFixturesAndRun(data, warehouse);
        List<List<String>> runs = Cli.rows(warehouse, "SELECT * FROM meta.runs ORDER BY run_id");
        Cli.ok("sql", "-w", warehouse, "DROP TABLE staging.sparkify_events; DROP TABLE source.spotify_streams; SELECT 1");

        String refusal = "This warehouse has no table source.spotify_streams, no table staging.sparkify_events (dropped by hand?): "
                + "its schema made them when the warehouse was created, and no run makes them again. Restore the warehouse from a copy, or ingest the files into a new one.";

        Cli.Result run = Cli.run("run", "-w", warehouse);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("soundstage: " + refusal);
        List<List<String>> after = Cli.rows(warehouse, "SELECT run_id, command, status, detail, tasks FROM meta.runs ORDER BY run_id");
        assertThat(after).hasSize(runs.size() + 1);
        assertThat(after.get(runs.size()).subList(1, 4)).as("recorded as a failed run, so a schedule's failures show").containsExactly("run", "failed", refusal);
        assertThat(Cli.rows(warehouse, "SELECT count(*) FROM meta.task_runs WHERE run_id = " + after.get(runs.size()).get(0))).containsExactly(List.of("0"));

        Cli.Result backfill = Cli.run("backfill", "--from", "2018-11-01", "--to", "2018-11-30", "-w", warehouse);   // it reads the staging tables first
        assertThat(backfill.exitCode()).as("%s", backfill).isEqualTo(2);
        assertThat(backfill.errLines()).containsExactly("soundstage: " + refusal);
    }

    @Test
    void aFullRefreshRebuildsTheSameTables() throws Exception {
        Path data = Cli.copyFixtures(dir.resolve("data"));
        Path warehouse = dir.resolve("w.duckdb");
        Cli.Ran first = Cli.Ran.parse(ingestFixturesAndRun(data, warehouse).run());
        long files = maxFileId(warehouse);
        Map<String, List<String>> before = Cli.dump(warehouse, files);

        Cli.Result run = Cli.ok("run", "--full-refresh", "-w", warehouse);

        // Every file staged again, and reported as the first run reported them (it said 0 of everything).
        assertThat(run.outLines().get(0)).startsWith("run " + (first.runId() + 1) + " (full refresh): " + first.files() + " files transformed again, "
                + first.newEvents() + " events staged (");
        assertThat(Cli.Ran.parse(run)).isEqualTo(new Cli.Ran(first.runId() + 1, first.files(), first.newEvents(), first.duplicates(), first.songs(),
                first.repaired(), first.songplays()));
        assertSameDumps(Cli.dump(warehouse, files), before);
        assertThat(Cli.rows(warehouse, "SELECT command, status FROM meta.runs ORDER BY run_id DESC LIMIT 1"))
                .containsExactly(row("run --full-refresh", "succeeded"));
    }

    @Test
    void generatedDataIngestedAndRunTwiceGivesTheSameWarehouse() throws Exception {
        Path data = dir.resolve("generated");
        Cli.Generated generated = Cli.Generated.parse(Cli.ok("generate", "--events", 20000, "--songs", 500, "--out", data, "--seed", 7,
                "--duplicate-files", 0.1, "--bad-lines", 0.001));
        assertThat(generated.duplicateFiles()).isPositive();
        assertThat(generated.badLines()).isPositive();
        Path warehouse = dir.resolve("w.duckdb");
        List<Object> songs = List.of(data.resolve("song_data"));
        List<Object> events = List.of(data.resolve("log_data"));
        Pass first = ingestAndRun(warehouse, songs, events);
        long files = maxFileId(warehouse);
        Map<String, List<String>> before = Cli.dump(warehouse, files);

        Pass second = ingestAndRun(warehouse, songs, events);

        assertOnlyDuplicates(second.songs(), first.songs());
        assertOnlyDuplicates(second.events(), first.events());
        assertNothingTransformed(second.run());
        assertThat(Cli.Ran.parse(second.run()).songplays()).isEqualTo(Cli.Ran.parse(first.run()).songplays());
        assertSameDumps(Cli.dump(warehouse, files), before);
        Cli.Ingested songsIngested = Cli.Ingested.parse(first.songs());
        Cli.Ingested eventsIngested = Cli.Ingested.parse(first.events());
        assertOnlyDuplicatesRegisteredAfter(warehouse, files, songsIngested.files() + eventsIngested.files());
    }

    @Test
    void aCopyOfAnEventsFileUnderAnotherNameIsADuplicateAndAddsNoRows() throws Exception {
        Path data = Cli.copyFixtures(dir.resolve("data"));
        Path warehouse = dir.resolve("w.duckdb");
        ingestFixturesAndRun(data, warehouse);
        Map<String, List<String>> before = Cli.dump(warehouse, maxFileId(warehouse));
        Path copy = Files.createDirectories(dir.resolve("elsewhere")).resolve("renamed.json");
        Files.copy(data.resolve("log_data/2018/11/2018-11-01-events.json"), copy);

        Cli.Result ingest = Cli.ok("ingest", "-w", warehouse, "sparkify-events", copy);
        Cli.Result run = Cli.ok("run", "-w", warehouse);

        assertThat(ingest.outLinesWithoutTimes()).containsExactly(
                "sparkify-events: 1 files (0 loaded, 0 rejected, 1 duplicates of files already loaded), 0 rows loaded, 0 quarantined, 0.0 MB in T s");
        assertNothingTransformed(run);
        assertThat(Cli.rows(warehouse, "SELECT file_id, path, name, status, duplicate_of, rows, quarantined, transformed_run_id FROM meta.files WHERE file_id = 5"))
                .containsExactly(row("5", copy.toString(), "renamed.json", "duplicate", "4", "0", "0", null));
        assertSameDumps(Cli.dump(warehouse, 4), before);
    }

    @Test
    void aKnownFileWithOneNewLineAddsOnlyThatEvent() throws Exception {
        Path data = Cli.copyFixtures(dir.resolve("data"));
        Path warehouse = dir.resolve("w.duckdb");
        ingestFixturesAndRun(data, warehouse);
        List<List<String>> stagedBefore = Cli.rows(warehouse, "SELECT * FROM staging.sparkify_events ORDER BY event_id");
        Path events = data.resolve("log_data/2018/11/2018-11-01-events.json");
        // The fixture's last line has no line ending: the new event is line 8 (line 5 is blank).
        Files.writeString(events, "\n" + NEW_EVENT, StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        Cli.Result ingest = Cli.ok("ingest", "-w", warehouse, "sparkify-events", data.resolve("log_data"));
        Cli.Result run = Cli.ok("run", "-w", warehouse);

        assertThat(ingest.outLinesWithoutTimes()).containsExactly(
                "sparkify-events: 2 files (1 loaded, 0 rejected, 1 duplicates of files already loaded), 7 rows loaded, 0 quarantined, 0.0 MB in T s");
        assertThat(Cli.Ran.parse(run)).isEqualTo(new Cli.Ran(5, 1, 1, 6, 0, 0, 5));
        assertThat(Cli.rows(warehouse, "SELECT file_id, name, status, duplicate_of, rows, transformed_run_id FROM meta.files WHERE file_id > 4 ORDER BY file_id"))
                .containsExactly(
                        row("5", "2018-11-01-events-crlf.json", "duplicate", "3", "0", null),
                        row("6", "2018-11-01-events.json", "loaded", null, "7", "5"));
        List<List<String>> stagedAfter = Cli.rows(warehouse, "SELECT * FROM staging.sparkify_events ORDER BY event_id");
        assertThat(stagedAfter.subList(0, stagedBefore.size())).isEqualTo(stagedBefore);
        assertThat(Cli.rows(warehouse, "SELECT event_id, file_id, line_no, ts, user_id, page, artist, song, user_agent FROM staging.sparkify_events WHERE event_id > 4000000000"))
                .containsExactly(row("6000000008", "6", "8", "1541109255796", "26", "NextSong", "Casual", "I Didn't Mean To", "Mozilla/5.0 (X11; Linux x86_64)"));
        assertThat(Cli.rows(warehouse, "SELECT songplay_id, user_id, song_id FROM analytics.songplays WHERE songplay_id = 6000000008"))
                .containsExactly(row("6000000008", "26", "SOMZWCG12A8C13C480"));
    }

    @Test
    void aFailedModelLeavesItsTableAndWhatDependsOnItAsTheyWereAndResumeFinishes() throws Exception {
        Path data = Cli.copyFixtures(dir.resolve("data"));
        Path warehouse = dir.resolve("w.duckdb");
        Cli.ok("ingest", "-w", warehouse, "sparkify-songs", data.resolve("song_data"));
        Cli.ok("ingest", "-w", warehouse, "sparkify-events", data.resolve("log_data"));
        Cli.ok("sql", "-w", warehouse, "ALTER TABLE staging.sparkify_songs ALTER COLUMN year TYPE DATE");
        Map<String, List<String>> before = Cli.dump(warehouse, 4);

        Cli.Result run = Cli.run("run", "-w", warehouse);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
        assertThat(run.outLines().get(0)).startsWith("staging.sparkify_songs FAILED: model staging.sparkify_songs failed: ");
        assertThat(run.outLines()).last().asString().startsWith("run 3 FAILED: 1 task(s) failed (staging.sparkify_songs), ");
        // The failed model and every model that reads it, directly or not, changed nothing; the events branch ran.
        Map<String, List<String>> after = Cli.dump(warehouse, 4);
        for (String table : List.of("staging.sparkify_songs", "staging.song_matches", "analytics.songs", "analytics.artists", "analytics.songplays",
                "analytics.time", "dashboard.top_songs")) {
            assertThat(after.get(table)).as(table).isEqualTo(before.get(table));
        }
        assertThat(before.get("staging.sparkify_events")).isEmpty();
        assertThat(after.get("staging.sparkify_events")).hasSize(6);
        assertThat(Cli.rows(warehouse, "SELECT count(*) FROM meta.model_state WHERE model = 'staging.sparkify_songs'")).containsExactly(row("0"));
        assertThat(Cli.rows(warehouse, "SELECT status, detail FROM meta.task_runs WHERE run_id = 3 AND task = 'analytics.songplays'"))
                .containsExactly(row("skipped", "skipped: staging.sparkify_songs failed"));   // the failure it waits on, before a skip

        // Fixed, the run resumes with what failed or was skipped, and ends as an uninterrupted run would.
        Cli.ok("sql", "-w", warehouse, "ALTER TABLE staging.sparkify_songs ALTER COLUMN year TYPE INTEGER");
        Cli.Result resumed = Cli.ok("run", "--resume", "-w", warehouse);
        assertThat(resumed.outLines()).last().isEqualTo(Cli.ALL_CHECKS_PASSED);
        assertThat(Cli.count(warehouse, "SELECT count(*) FROM analytics.songplays")).isEqualTo(4);
    }


    @Test
    void aFileRejectedAsTheWrongKindCanBeIngestedAsTheRightKind() throws Exception {
        Path data = Cli.copyFixtures(dir.resolve("data"));
        Path warehouse = dir.resolve("w.duckdb");
        Cli.Result wrong = Cli.ok("ingest", "-w", warehouse, "sparkify-songs", data.resolve("log_data"));
        assertThat(Cli.Ingested.parse(wrong).rows()).isZero();

        Cli.Result right = Cli.ok("ingest", "-w", warehouse, "sparkify-events", data.resolve("log_data"));

        assertThat(right.outLinesWithoutTimes()).containsExactly(
                "sparkify-events: 2 files (2 loaded, 0 rejected, 0 duplicates of files already loaded), 12 rows loaded, 0 quarantined, 0.0 MB in T s");
    }

}
