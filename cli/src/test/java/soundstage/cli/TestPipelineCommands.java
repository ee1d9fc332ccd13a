package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline as configured tasks: run, its history, resume, backfill, and the folder watch, through the command line. */
class TestPipelineCommands {
    @TempDir
    Path dir;
    private Path data;
    private Path landing;
    private Path warehouse;

    @BeforeEach
    void generate() throws IOException {
        data = dir.resolve("data");
        Cli.ok("generate", "--events", 3000, "--songs", 200, "--max-events-per-day", 1000, "--out", data);
        landing = Files.createDirectories(dir.resolve("landing"));
        warehouse = dir.resolve("w.duckdb");
    }

    private Path config(String events) throws IOException {
        return Files.writeString(dir.resolve("soundstage.yml"), """
                warehouse: w.duckdb
                sources:
                  songs: {kind: sparkify-songs, path: data/song_data}
                  events: {kind: sparkify-events, path: %s}
                retries: {attempts: 1}
                """.formatted(events));
    }

    /** The generated event files, one per day, in order. */
    private List<Path> eventFiles() throws IOException {
        try (Stream<Path> files = Files.walk(data.resolve("log_data"))) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private void land(Path file) throws IOException {
        Files.copy(file, landing.resolve(file.getFileName()));
    }

    private long count(String sql) throws Exception {
        return Cli.count(warehouse, sql);
    }

    /**
     * A command given another warehouse, or one that only reads the warehouse, needs no variable of
     * the configuration it does not use: `sql -w other.duckdb` in a folder whose soundstage.yml
     * named its warehouse by an unset variable was refused, and so was `status` where the lake's
     * variable was unset (the dashboard's machine has no S3 settings).
     */
    @Test
    void aCommandNeedsOnlyTheVariablesOfTheSettingsItUses() throws Exception {
        Path other = Cli.created(dir.resolve("other.duckdb"));
        Path unsetWarehouse = Files.writeString(dir.resolve("unset-warehouse.yml"),
                "warehouse: ${SOUNDSTAGE_TEST_UNSET_WAREHOUSE}\nsources: {e: {kind: sparkify-events, path: logs}}\n");
        assertThat(Cli.ok("sql", "--config", unsetWarehouse, "-w", other, "SELECT 1 AS one").outLines()).containsExactly("one", "1");
        Path missing = dir.resolve("missing.yml");
        assertThat(Cli.run("sql", "--config", missing, "-w", other, "SELECT 1 AS one").err()).as("a mistyped name is refused all the same")
                .isEqualTo("soundstage: Configuration file " + missing + " does not exist. Create it (see the README's Configuration section) or name another with --config.\n");
        Cli.Result noWarehouse = Cli.run("sql", "--config", unsetWarehouse, "SELECT 1 AS one");
        assertThat(noWarehouse.exitCode()).isEqualTo(2);
        assertThat(noWarehouse.err()).contains("warehouse: uses ${SOUNDSTAGE_TEST_UNSET_WAREHOUSE}, which is not set");

        Path unsetLake = Files.writeString(dir.resolve("unset-lake.yml"), "warehouse: " + other + "\nlake: {to: '${SOUNDSTAGE_TEST_UNSET_LAKE}/x'}\n");
        Cli.ok("status", "--config", unsetLake);
        Cli.Result run = Cli.run("run", "--config", unsetLake);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("lake.to: uses ${SOUNDSTAGE_TEST_UNSET_LAKE}, which is not set");
    }

    @Test
    void configuredSourcesAreIngestedThenEachRunTakesOnlyTheNewFiles() throws Exception {
        Path config = config("landing");
        List<Path> days = eventFiles();
        assertThat(days).hasSize(3);
        land(days.get(0));
        Cli.Result first = Cli.ok("run", "--config", config);
        assertThat(first.outLinesWithoutTimes().subList(0, 2)).containsExactly(
                "ingest.songs: 200 files (200 loaded, 0 rejected, 0 duplicates, 0 unchanged since ingested), 200 rows loaded, 0 quarantined",
                "ingest.events: 1 files (1 loaded, 0 rejected, 0 duplicates, 0 unchanged since ingested), 1000 rows loaded, 0 quarantined");
        assertThat(first.outLines()).last().isEqualTo(Cli.ALL_CHECKS_PASSED);

        land(days.get(1));
        Cli.Result second = Cli.ok("run", "--config", config);
        assertThat(second.outLinesWithoutTimes().subList(0, 3)).containsExactly(
                "ingest.songs: no new files (200 unchanged since they were ingested)",
                "ingest.events: 2 files (1 loaded, 0 rejected, 0 duplicates, 1 unchanged since ingested), 1000 rows loaded, 0 quarantined",
                "run 2: 1 files transformed, 1000 new events (0 duplicates dropped), 0 songs, 3 names repaired, "
                        + count("SELECT count(*) FROM analytics.songplays") + " songplays in analytics, T s");
        assertThat(count("SELECT count(*) FROM staging.sparkify_events")).isEqualTo(2000);

        // Every model of the second run merged only the new file.
        assertThat(Cli.rows(warehouse, "SELECT task, status, rows_in FROM meta.task_runs WHERE run_id = 2 AND task = 'staging.sparkify_events'"))
                .containsExactly(List.of("staging.sparkify_events", "succeeded", "1000"));
        Cli.Result history = Cli.ok("runs", "-w", warehouse);
        assertThat(history.outLines().get(2)).contains("| run     | succeeded |").contains("| 36 tasks succeeded")
                .as("times to the second, marked as UTC").containsPattern("\\| \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC \\|");
        // The log is named after the warehouse, the run and its start, in soundstage-logs beside the configuration.
        Path logFile = Path.of(Cli.rows(warehouse, "SELECT log_file FROM meta.runs WHERE run_id = 2").get(0).get(0));
        assertThat(logFile.getParent()).isEqualTo(dir.resolve("soundstage-logs"));
        assertThat(logFile.getFileName().toString()).matches(warehouse.getFileName().toString().replace(".duckdb", "") + "-run-2-\\d{8}-\\d{6}\\.jsonl");
        assertThat(Cli.ok("runs", "2", "-w", warehouse).out()).contains("ingest.events").contains("log: " + logFile)
                .containsPattern("^run 2: run, succeeded, started \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC, finished \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\R");
        Cli.Result missing = Cli.run("runs", "99", "-w", warehouse);
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("soundstage: There is no run 99 in this warehouse. List the runs with: soundstage runs" + System.lineSeparator());
        List<String> log = Files.readAllLines(logFile);
        assertThat(new ObjectMapper().readTree(log.get(0)).get("warehouse").asText()).isEqualTo(warehouse.toString());
        assertThat(new ObjectMapper().readTree(log.get(log.size() - 1)).get("event").asText()).isEqualTo("run_finished");
    }

    @Test
    void aSourcesGlobThatMatchesNoFileYetIsNoNewFilesNotAFailure() throws Exception {
        Path config = config("'landing/*.json'");
        Cli.Result empty = Cli.ok("run", "--config", config);
        assertThat(empty.outLinesWithoutTimes()).contains("ingest.events: no new files (none there yet)");
        assertThat(empty.outLines()).last().isEqualTo(Cli.ALL_CHECKS_PASSED);

        land(eventFiles().get(0));
        Cli.Result landed = Cli.ok("run", "--config", config);
        assertThat(landed.outLinesWithoutTimes()).contains(
                "ingest.events: 1 files (1 loaded, 0 rejected, 0 duplicates, 0 unchanged since ingested), 1000 rows loaded, 0 quarantined");
        assertThat(count("SELECT count(*) FROM staging.sparkify_events")).isEqualTo(1000);

        // On the command line the same pattern matching nothing is a mistake (mistyped, or expanded by the shell).
        Files.delete(landing.resolve(eventFiles().get(0).getFileName()));
        Cli.Result typed = Cli.run("ingest", "-w", warehouse, "sparkify-events", landing + "/*.json");
        assertThat(typed.exitCode()).isEqualTo(2);
        assertThat(typed.err()).contains("No file matches");

        // Files that landed one folder down: the pattern still takes none, and the run says which pattern would.
        Path deeper = Files.createDirectories(landing.resolve("2018"));
        Path late = Files.copy(eventFiles().get(1), deeper.resolve(eventFiles().get(1).getFileName()));
        Cli.Result below = Cli.ok("run", "--config", config);
        String hint = "1 file in folders below matches it (such as '" + late + "'; a * does not cross a /): '" + landing + "/**/*.json' takes it";
        assertThat(below.outLinesWithoutTimes()).contains("ingest.events: no new files (none there yet; " + hint + ")");
        assertThat(below.errLines()).contains("soundstage: warning: source events: no file matches its pattern; " + hint);
        Cli.Result typedBelow = Cli.run("ingest", "-w", warehouse, "sparkify-events", landing + "/*.json");
        assertThat(typedBelow.err()).isEqualTo("soundstage: No file matches '" + landing + "/*.json'; " + hint + "." + System.lineSeparator());
    }

    @Test
    void aFailedTaskStopsWhatDependsOnItAndResumeFinishesTheRun() throws Exception {
        Path config = config("missing");
        Cli.Result failed = Cli.run("run", "--config", config);
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.outLines()).contains("ingest.events FAILED: Path '" + dir.resolve("missing")
                + "' does not exist. Check the spelling, or pass a directory or a glob such as 'data/**/*.json'.");
        assertThat(failed.outLines()).last().asString().startsWith("run 1 FAILED: 1 task(s) failed (ingest.events), ")
                .endsWith("skipped; see `soundstage runs 1`, fix the cause and run `soundstage run --resume`");
        // The songs branch does not depend on the events: it ran, and the failed run reports the
        // songs it staged (it reported none, and the resumed run reported them).
        assertThat(count("SELECT count(*) FROM staging.sparkify_songs")).isEqualTo(200);
        assertThat(failed.outLines()).anySatisfy(line -> assertThat(line).startsWith("run 1: 0 files transformed, 0 new events (0 duplicates dropped), 200 songs,"));
        assertThat(Cli.rows(warehouse, "SELECT status, detail FROM meta.task_runs WHERE run_id = 1 AND task = 'analytics.songplays'"))
                .containsExactly(List.of("skipped", "skipped: ingest.events failed"));   // the failure further up, through staging's skip

        Files.createDirectories(dir.resolve("missing"));
        Files.copy(eventFiles().get(0), dir.resolve("missing").resolve(eventFiles().get(0).getFileName()));
        Cli.Result resumed = Cli.ok("run", "--resume", "--config", config);
        assertThat(resumed.outLines().get(0)).startsWith("ingest.events: 1 files (1 loaded,");
        assertThat(resumed.outLines()).last().isEqualTo(Cli.ALL_CHECKS_PASSED);
        // The report counts the events the resumed run staged, although the songs' staging (which
        // the failed run finished) did not run again. The song files count as transformed now: the
        // failed run skipped song matching, which reads them too. Every loaded file is marked.
        long staged = count("SELECT count(*) FROM staging.sparkify_events");
        assertThat(staged).isPositive();
        assertThat(resumed.outLines()).anySatisfy(line -> assertThat(line).startsWith("run 2: 201 files transformed, " + staged + " new events")
                .contains(" 0 songs,"));
        assertThat(count("SELECT count(*) FROM meta.files WHERE status = 'loaded' AND transformed_run_id IS NULL")).isZero();
        assertThat(Cli.ok("run", "--config", config).outLines()).anySatisfy(line -> assertThat(line).startsWith("run 3: 0 files transformed, 0 new events"));
        assertThat(Cli.rows(warehouse, "SELECT run_id, command, status, resumes FROM meta.runs ORDER BY run_id")).containsExactly(
                Arrays.asList("1", "run", "failed", null),
                List.of("2", "run --resume", "succeeded", "1"),
                Arrays.asList("3", "run", "succeeded", null));
        assertThat(Cli.rows(warehouse, "SELECT count(*) FROM meta.task_runs WHERE run_id = 2 AND task LIKE 'ingest.songs'")).containsExactly(List.of("0"));
        assertThat(Cli.ok("run", "--resume", "--config", config).out()).isEqualTo("run --resume: nothing to resume, the last run succeeded." + System.lineSeparator());
    }

    /**
     * The failed run's ingest task is gone when its source was renamed (or it was the folder of
     * schedule --watch): resuming crashed on it (a NullPointerException's text). It goes on
     * without it, and says so.
     */
    @Test
    void resumeGoesOnWithoutATaskThePipelineNoLongerHas() throws Exception {
        Cli.ok("ingest", "--config", config("missing"), "sparkify-songs", data.resolve("song_data"));
        assertThat(Cli.ok("run", "--resume", "--config", config("missing")).out())
                .isEqualTo("run --resume: nothing to resume: this warehouse has no run yet; `soundstage run` transforms what is loaded." + System.lineSeparator());
        assertThat(Cli.run("run", "--config", config("missing")).exitCode()).isEqualTo(1);
        Path renamed = Files.writeString(dir.resolve("soundstage.yml"), Files.readString(dir.resolve("soundstage.yml")).replace("  events:", "  days:"));
        Files.createDirectories(dir.resolve("missing"));
        Cli.Result resumed = Cli.ok("run", "--resume", "--config", renamed);
        assertThat(resumed.err()).isEqualTo("soundstage: warning: run 2's ingest.events is not a task of this pipeline (a source renamed or removed from the "
                + "configuration, or the folder of schedule --watch): resuming without; `soundstage run` ingests what the configuration names, "
                + "schedule --watch what its folder holds." + System.lineSeparator());
        assertThat(resumed.outLines()).last().isEqualTo(Cli.ALL_CHECKS_PASSED);
    }

    /**
     * A model merges only up to what its inputs have merged. The tasks that succeeded in the
     * failed run are not run again, but the models they feed are brought up to the files the
     * resume ingests, through every layer.
     */
    @Test
    void resumeBringsEveryLayerUpToTheFilesItIngests() throws Exception {
        List<Path> days = eventFiles();
        land(days.get(0));
        Cli.ok("run", "--config", config("landing"));
        Path config = config("missing");
        assertThat(Cli.run("run", "--config", config).exitCode()).isEqualTo(1);

        Files.createDirectories(dir.resolve("missing"));
        Files.copy(days.get(0), dir.resolve("missing").resolve(days.get(0).getFileName()));
        Files.copy(days.get(1), dir.resolve("missing").resolve(days.get(1).getFileName()));
        Cli.Result resumed = Cli.ok("run", "--resume", "--config", config);
        assertThat(resumed.outLines()).last().isEqualTo(Cli.ALL_CHECKS_PASSED);
        assertThat(count("SELECT count(*) FROM analytics.songplays")).isEqualTo(count("SELECT count(*) FROM staging.sparkify_events WHERE page = 'NextSong'"));
        assertThat(count("SELECT count(DISTINCT CAST(start_time AS DATE)) FROM analytics.songplays")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM dashboard.listening_by_day")).isEqualTo(count("SELECT count(*) FROM dashboard.daily_activity"));
        assertThat(count("SELECT count(DISTINCT watermark) FROM meta.model_state")).isEqualTo(1);
    }

    /** An extracted Spotify export is offered as its folder; unchanged, the next run does not read it again. */
    @Test
    void aSpotifyFolderIsReadAgainOnlyWhenSomethingInItChanged() throws Exception {
        Path spotify = dir.resolve("spotify");
        Cli.ok("generate", "--spotify", "--listeners", 1, "--plays", 400, "--extracted", "--seed", 3, "--out", spotify);
        Path config = Files.writeString(dir.resolve("soundstage.yml"), """
                warehouse: w.duckdb
                sources:
                  exports: {kind: spotify-export, path: spotify}
                retries: {attempts: 1}
                """);
        Cli.ok("run", "--config", config);
        long files = count("SELECT count(*) FROM meta.files");
        assertThat(files).isPositive();

        Cli.Result again = Cli.ok("run", "--config", config);
        // A folder, said as one: it was "1 unchanged" beside a first run's count of the files in it.
        assertThat(again.outLines().get(0)).isEqualTo("ingest.exports: no new files (1 folder unchanged since they were ingested)");
        assertThat(count("SELECT count(*) FROM meta.files")).isEqualTo(files);

        // A file added anywhere in it: the folder is offered again (what it held is found registered).
        Path export;
        try (Stream<Path> folders = Files.walk(spotify)) {
            export = folders.filter(path -> path.getFileName().toString().equals("MyData")).findFirst().orElseThrow();
        }
        Files.writeString(export.resolve("Playlist1.json"), "{}");
        assertThat(Cli.ok("run", "--config", config).outLines().get(0)).startsWith("ingest.exports: ").doesNotContain("no new files");
    }

    @Test
    void selectRunsOnlyTheChosenTasks() throws Exception {
        Path config = config("data/log_data");
        Cli.Result result = Cli.ok("run", "--config", config, "--select", "ingest.songs+", "--until", "staging.sparkify_songs");
        assertThat(result.outLines().get(0)).startsWith("ingest.songs: 200 files");
        assertThat(count("SELECT count(*) FROM staging.sparkify_songs")).isEqualTo(200);
        assertThat(count("SELECT count(*) FROM meta.files WHERE kind = 'sparkify-events'")).isZero();
        assertThat(Cli.rows(warehouse, "SELECT task FROM meta.task_runs ORDER BY started_at"))
                .containsExactly(List.of("ingest.songs"), List.of("staging.sparkify_songs"));
        // The history says it ran part of the graph (it said "run", as a whole run does).
        assertThat(Cli.rows(warehouse, "SELECT command FROM meta.runs")).containsExactly(List.of("run --select ingest.songs+ --until staging.sparkify_songs"));
        assertThat(Cli.ok("runs", "-w", warehouse).out()).contains("run --select ingest.songs+ --until staging.sparkify_songs");
        Cli.Result mistake = Cli.run("run", "--resume", "--select", "checks", "--config", config);
        assertThat(mistake.exitCode()).isEqualTo(2);
        assertThat(mistake.err()).isEqualTo("soundstage: --resume runs the rest of the last run as it was asked; drop --select, --from, --until and --full-refresh."
                + System.lineSeparator());
    }

    /**
     * A run of part of the graph (or one stopped part-way) leaves models behind staging: status
     * said every file was transformed, and check failed with "events without a songplay", which
     * reads like lost rows. Both now say that models are behind.
     */
    @Test
    void modelsBehindOthersAreSaidByStatusAndByTheChecksTheyFail() throws Exception {
        Path config = config("landing");
        land(eventFiles().get(0));
        Cli.ok("run", "--config", config);
        land(eventFiles().get(1));
        Cli.ok("run", "--config", config, "--until", "staging.sparkify_events");
        String lag = "models are behind the others (";
        assertThat(Cli.ok("status", "-w", warehouse).outLines()).anyMatch(line -> line.matches("  \\d+ of \\d+ models are behind the others \\(.*\\): a run stopped "
                + "part-way or ran part of the graph, and `soundstage run` brings them up to date\\."));
        // The export warned of files ingested since the last run, not of files staged and no further: the lake missed them without a word.
        Cli.Result export = Cli.ok("export", "--format", "json", "--to", dir.resolve("lake"), "-w", warehouse);
        assertThat(export.errLines()).singleElement().asString().startsWith("soundstage: warning: the lake was written from tables not up to date: ")
                .contains(lag).endsWith("brings them up to date, then export again");
        Cli.Result check = Cli.run("check", "-w", warehouse);
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.outLines()).filteredOn(line -> line.contains("nextsong_exactly_once")).singleElement().asString()
                .startsWith("FAIL").contains(" events without a songplay").contains(lag);
        assertThat(check.outLines()).filteredOn(line -> line.startsWith("pass")).noneMatch(line -> line.contains(lag));
        // A check of one table says nothing of the others' lag, failing or not.
        Cli.ok("sql", "-w", warehouse, "INSERT INTO analytics.users SELECT * FROM analytics.users LIMIT 1");
        assertThat(Cli.run("check", "-w", warehouse).outLines()).filteredOn(line -> line.contains("users_key")).singleElement().asString()
                .startsWith("FAIL").doesNotContain(lag);
        Cli.ok("sql", "-w", warehouse, "CREATE OR REPLACE TABLE analytics.users AS SELECT DISTINCT * FROM analytics.users");
        Cli.ok("run", "--config", config);
        assertThat(Cli.ok("status", "-w", warehouse).out()).doesNotContain(lag);
        assertThat(Cli.ok("check", "-w", warehouse).out()).doesNotContain(lag);
    }

    /**
     * A full refresh whose events staging failed staged no event: its summary said every event
     * file was "transformed again" and every event staged, because it counted from nothing.
     */
    @Test
    void aFullRefreshWhoseStagingFailedReportsOnlyWhatItStaged() throws Exception {
        Cli.ok("run", "--config", config("data/log_data"));
        Cli.ok("sql", "-w", warehouse, "UPDATE source.sparkify_events SET ts = 9223372036854775807 WHERE line_no = 5");   // the events' staging model fails
        Cli.Result refresh = Cli.run("run", "--full-refresh", "-w", warehouse);
        assertThat(refresh.exitCode()).as("%s", refresh).isEqualTo(1);
        assertThat(refresh.out()).contains("staging.sparkify_events FAILED").contains("(full refresh): 0 files transformed again, 0 events staged").contains(" 200 songs,");
    }

    @Test
    void backfillComputesThePartitionsOfItsDatesAgain() throws Exception {
        // Models that never ran (a run of the staging models only) are behind too: refused, not failed half-way (exit 1, "has never run").
        Cli.ok("run", "--config", config("data/log_data"), "--until", "staging.sparkify_events");
        Cli.Result early = Cli.run("backfill", "--from", "2018-11-01", "--to", "2018-11-02", "-w", warehouse);
        assertThat(early.exitCode()).as("%s", early).isEqualTo(2);
        assertThat(early.err()).startsWith("soundstage: Some tables are behind the files already loaded");
        Cli.ok("run", "--config", config("data/log_data"));
        Map<String, List<String>> tables = Cli.dump(warehouse, Long.MAX_VALUE);
        List<List<String>> before = Cli.rows(warehouse, "SELECT * FROM dashboard.daily_activity ORDER BY day");
        long songplays = count("SELECT count(*) FROM analytics.songplays");
        String day = before.get(1).get(0);
        // A model bug, say, left one day wrong in two tables.
        Cli.ok("sql", "-w", warehouse, "UPDATE dashboard.daily_activity SET plays = 0 WHERE day = '" + day + "'; "
                + "DELETE FROM analytics.songplays WHERE CAST(start_time AS DATE) = '" + day + "'");
        Cli.Result backfill = Cli.ok("backfill", "--from", day, "--to", day, "-w", warehouse);
        assertThat(backfill.outLines()).last().isEqualTo(Cli.ALL_CHECKS_PASSED);
        // It stages nothing, so it does not say "0 files transformed, 0 new events": what it did.
        assertThat(backfill.outLines().get(0)).matches("run \\d+: event dates " + day + " to " + day + " computed again from staging, "
                + songplays + " songplays in analytics, \\d+\\.\\d s");
        assertThat(Cli.rows(warehouse, "SELECT * FROM dashboard.daily_activity ORDER BY day")).isEqualTo(before);
        assertThat(count("SELECT count(*) FROM analytics.songplays")).isEqualTo(songplays);
        // Every other table too: the models whose merge adds counts (top_songs...) are built in
        // full, not merged a second time over files they hold.
        assertThat(Cli.dump(warehouse, Long.MAX_VALUE)).isEqualTo(tables);
        assertThat(Cli.ok("backfill", "--from", "2030-01-01", "--to", "2030-01-31", "-w", warehouse).out())
                .isEqualTo("backfill: no staged events or plays from 2030-01-01 to 2030-01-31; nothing to do." + System.lineSeparator());
        Cli.Result reversed = Cli.run("backfill", "--from", "2018-11-02", "--to", "2018-11-01", "-w", warehouse);
        assertThat(reversed.exitCode()).isEqualTo(2);
        assertThat(reversed.err()).startsWith("soundstage: backfill --to 2018-11-01 is before --from 2018-11-02; give the earlier date first.");

        // A file ingested since the last run: the tables are behind it, and the backfill says what to do first.
        Path song = Files.writeString(dir.resolve("late-song.json"), "{\"num_songs\": 1, \"artist_id\": \"ARLATE\", \"artist_name\": \"Late\", "
                + "\"song_id\": \"SOLATE\", \"title\": \"Late\", \"duration\": 100.0, \"year\": 0}\n");
        Cli.ok("ingest", "sparkify-songs", song, "-w", warehouse);
        Cli.Result behind = Cli.run("backfill", "--from", day, "--to", day, "-w", warehouse);
        assertThat(behind.exitCode()).isEqualTo(2);
        assertThat(behind.err()).isEqualTo("soundstage: Some tables are behind the files already loaded (a run stopped part-way, files were ingested "
                + "since the last run, or no run built them yet), and a backfill needs every table up to date: run `soundstage run` first, then the backfill." + System.lineSeparator());
        Cli.ok("run", "-w", warehouse);
        assertThat(Cli.ok("backfill", "--from", day, "--to", day, "-w", warehouse).outLines()).last().isEqualTo(Cli.ALL_CHECKS_PASSED);

        // A file registered as a duplicate (or rejected) adds no row: the tables are not behind it.
        Path copy = Files.copy(song, dir.resolve("late-song-again.json"));
        assertThat(Cli.ok("ingest", "sparkify-songs", copy, "-w", warehouse).out()).contains("(0 loaded, 0 rejected, 1 duplicates of files already loaded)");
        assertThat(Cli.ok("backfill", "--from", day, "--to", day, "-w", warehouse).outLines()).last().isEqualTo(Cli.ALL_CHECKS_PASSED);
    }

    @Test
    void watchIngestsFilesAsTheyLand() throws Exception {
        Path config = Files.writeString(dir.resolve("soundstage.yml"), "warehouse: w.duckdb\n");
        CompletableFuture<Cli.Result> watching = CompletableFuture.supplyAsync(() ->
                Cli.run("schedule", "--config", config, "--watch", landing, "--kind", "sparkify-events", "--poll", "200ms", "--max-runs", "1"));
        // An empty folder starts no run (one did, and with --max-runs 1 it was the only one); then a
        // file lands, written elsewhere and moved in, and the one run takes it.
        Thread.sleep(1500);
        Path written = dir.resolve("tmp.json");
        Files.copy(eventFiles().get(0), written);
        Files.move(written, landing.resolve("day1.json"));
        Cli.Result result = watching.get(60, TimeUnit.SECONDS);
        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.err()).contains("schedule: 1 new or changed file(s) in " + landing).doesNotContain("files are already in");
        assertThat(result.outLines()).anyMatch(line -> line.startsWith("ingest.watch: 1 files (1 loaded,"));
        assertThat(count("SELECT count(*) FROM staging.sparkify_events")).isEqualTo(1000);
        // Files already there when the watch starts (they landed while no one watched) are taken at once.
        Files.copy(eventFiles().get(1), landing.resolve("day2.json"));
        Cli.Result started = Cli.run("schedule", "--config", config, "--watch", landing, "--kind", "sparkify-events", "--poll", "200ms", "--max-runs", "1");
        assertThat(started.exitCode()).as("%s", started).isZero();
        assertThat(started.err()).contains("schedule: files are already in " + landing + ": a first run takes those not yet ingested");
        assertThat(started.outLines()).anyMatch(line -> line.startsWith("ingest.watch: 2 files (1 loaded,"));
        Cli.Result unknown = Cli.run("schedule", "--config", config, "--watch", landing);
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("soundstage: " + landing + " is not the path of a configured source; say what its files are with --kind");
        // The folder of a source's pattern is that source's (it was refused, and with --kind a second task read the same files).
        Files.copy(eventFiles().get(2), landing.resolve("day3.json"));
        Path globbed = Files.writeString(dir.resolve("globbed.yml"), "warehouse: w.duckdb\nsources:\n  events: {kind: sparkify-events, path: '" + landing + "/*.json'}\n");
        Cli.Result pattern = Cli.run("schedule", "--config", globbed, "--watch", landing, "--poll", "200ms", "--max-runs", "1");
        assertThat(pattern.exitCode()).as("%s", pattern).isZero();
        assertThat(pattern.outLines()).anyMatch(line -> line.startsWith("ingest.events: 3 files (1 loaded,")).noneMatch(line -> line.startsWith("ingest.watch"));
    }

    /** A failure that would not pass by itself (here a file that is not a warehouse) is not tried again: the next file to land tries. */
    @Test
    void aWatchedRunThatFailsForGoodWaitsForTheNextFile() throws Exception {
        Files.copy(eventFiles().get(0), landing.resolve("day1.json"));
        Path warehouse = Files.writeString(dir.resolve("broken.duckdb"), "not a warehouse");
        Cli.Result result = Cli.run("schedule", "-w", warehouse, "--watch", landing, "--kind", "sparkify-events", "--poll", "100ms", "--max-runs", "1");
        assertThat(result.exitCode()).as("%s", result).isEqualTo(1);
        assertThat(result.errLines()).filteredOn(line -> line.startsWith("schedule: the run failed: Cannot open warehouse"))
                .singleElement().satisfies(line -> assertThat(line).endsWith("; still watching " + landing).doesNotContain("trying again"));
    }
}
