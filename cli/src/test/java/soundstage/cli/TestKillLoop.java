package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import soundstage.testing.TableDump;
import soundstage.testing.TestPostgres;
import soundstage.warehouse.duckdb.DuckDbWarehouse;

/**
 * Crash safety: {@code ingest} and {@code run} killed with SIGKILL at random moments, again and
 * again, then run once more to the end, leave exactly the tables of a run never interrupted, on
 * DuckDB and on PostgreSQL. The inputs have several files, byte-identical copies, bad lines,
 * Sparkify songs and events and Spotify exports. Every table of source, staging, central,
 * analytics and dashboard, the quarantine and the registry of files are compared; lineage ids
 * (file ids) are compared as the content of the file they point to, since each offer of a file
 * is registered and so takes a file id.
 *
 * <p>Kills are spread across the whole of each command, as long as the uninterrupted command
 * took (JVM start included). The random delays come from a seed printed at the start; give
 * {@code -Dsoundstage.kill.seed=S} to repeat a loop, {@code -Dsoundstage.kill.count=N} for
 * another number of kills (default 20).
 */
class TestKillLoop {
    private static final int KILLS = Integer.getInteger("soundstage.kill.count", 20);

    @TempDir
    Path dir;

    @Test
    void onDuckDbIngestAndRunKilledAtRandomThenRunToTheEndGiveTheTablesOfAnUninterruptedRun() throws Exception {
        Path inputs = inputs();
        Path clean = dir.resolve("clean.duckdb");
        Path killed = dir.resolve("killed.duckdb");
        killLoop(inputs, clean.toString(), killed.toString());
        try (DuckDbWarehouse expected = DuckDbWarehouse.open(clean); DuckDbWarehouse actual = DuckDbWarehouse.open(killed)) {
            assertSameTables(expected.connection(), actual.connection());
        }
    }

    @Test
    void onPostgresIngestAndRunKilledAtRandomThenRunToTheEndGiveTheTablesOfAnUninterruptedRun() throws Exception {
        String clean = TestPostgres.newDatabase();
        String killed;
        try (Connection inUse = TestPostgres.connect(clean)) {   // else making the next database drops it
            killed = TestPostgres.newDatabase();
        }
        killLoop(inputs(), clean, killed);
        try (Connection expected = TestPostgres.connect(clean); Connection actual = TestPostgres.connect(killed)) {
            assertSameTables(expected, actual);
        }
    }

    private Path inputs() {
        Path inputs = dir.resolve("inputs");
        Cli.ok("generate", "--events", 40_000, "--songs", 400, "--songs-per-file", 20, "--duplicate-files", "0.2", "--bad-lines", "0.002",
                "--max-events-per-day", 4_000, "--seed", 11, "--out", inputs.resolve("sparkify"));
        Cli.ok("generate", "--spotify", "--listeners", 2, "--plays", 6_000, "--duplicate-exports", "0.3", "--seed", 11, "--out", inputs.resolve("spotify"));
        return inputs;
    }

    /** The commands of one complete load, in order. */
    private static List<List<Object>> commands(Path inputs, String warehouse) {
        return List.of(
                List.of("ingest", "-w", warehouse, "sparkify-songs", inputs.resolve("sparkify/song_data")),
                List.of("ingest", "-w", warehouse, "sparkify-events", inputs.resolve("sparkify/log_data")),
                List.of("ingest", "-w", warehouse, "spotify-export", inputs.resolve("spotify")),
                List.of("run", "-w", warehouse));
    }

    private void killLoop(Path inputs, String clean, String killed) throws Exception {
        List<Long> millis = new ArrayList<>();
        for (List<Object> command : commands(inputs, clean)) {
            long started = System.nanoTime();
            Process child = CliProcess.start(dir.resolve("clean.log"), command.toArray());
            assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(child.exitValue()).as("%s: %s", command, Files.readString(dir.resolve("clean.log"))).isZero();
            millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }

        long seed = Long.getLong("soundstage.kill.seed", System.nanoTime());
        System.out.println("TestKillLoop: seed " + seed + " (-Dsoundstage.kill.seed=" + seed + " repeats it); uninterrupted commands took " + millis + " ms");
        Random random = new Random(seed);
        List<List<Object>> commands = commands(inputs, killed);
        StringBuilder story = new StringBuilder();
        for (int kill = 0; kill < KILLS; kill++) {
            int step = kill % commands.size();
            long delay = (long) (random.nextDouble() * millis.get(step));
            Path log = dir.resolve("kill-" + kill + ".log");
            Process child = CliProcess.start(log, commands.get(step).toArray());
            boolean finished = child.waitFor(delay, TimeUnit.MILLISECONDS);
            child.destroyForcibly().waitFor();
            story.append(String.format("%n  kill %d: %s after %d ms: %s", kill, commands.get(step).get(0) + (step < 3 ? " " + commands.get(step).get(3) : ""), delay,
                    finished ? "had finished, exit " + child.exitValue() : "killed"));
            if (finished) {
                assertThat(child.exitValue()).as("kill %d: %s", kill, Files.readString(log)).isZero();
            }
        }
        System.out.println("TestKillLoop:" + story);
        for (List<Object> command : commands) {
            Cli.ok(command.toArray());
        }
    }

    private static void assertSameTables(Connection expected, Connection actual) throws SQLException {
        Map<String, List<String>> want = dump(expected);
        Map<String, List<String>> got = dump(actual);
        assertThat(got.keySet()).containsExactlyElementsOf(want.keySet());
        for (String table : want.keySet()) {
            assertThat(got.get(table)).as(table).containsExactlyElementsOf(want.get(table));
        }
        assertThat(scalar(actual, "SELECT count(*) FROM (SELECT sha256, kind FROM meta.files WHERE status <> 'duplicate' GROUP BY sha256, kind HAVING count(*) > 1) AS twice"))
                .as("content registered as loaded twice").isZero();
        assertThat(scalar(actual, "SELECT count(*) FROM meta.files d WHERE d.status = 'duplicate' AND NOT EXISTS "
                + "(SELECT 1 FROM meta.files f WHERE f.file_id = d.duplicate_of AND f.sha256 = d.sha256 AND f.kind = d.kind AND f.status <> 'duplicate')"))
                .as("duplicates of something other than their content's first file").isZero();
        assertThat(scalar(actual, "SELECT count(*) FROM meta.files WHERE status = 'loaded' AND transformed_run_id IS NULL")).as("files not transformed").isZero();
        assertThat(scalar(actual, "SELECT count(*) FROM meta.runs WHERE status = 'running'")).as("runs left running").isZero();
    }

    /**
     * Every table of the layers, the quarantine, the registry's first offers of each content and
     * the last run's checks, with file ids replaced by the content (sha256) of their file.
     */
    private static Map<String, List<String>> dump(Connection connection) throws SQLException {
        Map<String, List<String>> dump = new LinkedHashMap<>();
        List<String> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT table_schema || '.' || table_name FROM information_schema.tables "
                     + "WHERE table_schema IN ('source', 'staging', 'central', 'analytics', 'dashboard') AND table_type = 'BASE TABLE' ORDER BY 1")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        tables.add("meta.quarantine");
        for (String table : tables) {
            dump.put(table, TableDump.of(connection, "SELECT " + String.join(", ", columns(connection, table)) + " FROM " + table + " AS t"));
        }
        dump.put("meta.files", TableDump.of(connection, "SELECT kind, path, name, size, sha256, status, rows, quarantined, transformed_run_id IS NOT NULL AS transformed "
                + "FROM meta.files WHERE status <> 'duplicate'"));
        // Without the detail: the last run checks the rows it brought in, which differ between the two histories.
        dump.put("meta.check_results", TableDump.of(connection, "SELECT name, blocking, failures, status FROM meta.check_results "
                + "WHERE run_id = (SELECT max(run_id) FROM meta.check_results)"));
        return dump;
    }

    /** The columns of {@code table} to compare: lineage by file content, not file id; no load times. */
    private static List<String> columns(Connection connection, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        String[] name = table.split("\\.");
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT column_name FROM information_schema.columns WHERE table_schema = '" + name[0]
                     + "' AND table_name = '" + name[1] + "' ORDER BY ordinal_position")) {
            while (rows.next()) {
                String column = rows.getString(1);
                String content = "(SELECT f.sha256 FROM meta.files AS f WHERE f.file_id = %s)";
                columns.add(switch (column) {
                    case "file_id" -> String.format(content, "t.file_id") + " AS file_id";
                    // Sparkify lineage ids are file id × 10^9 + line; Spotify's are negative content hashes.
                    case "songplay_id", "event_id" -> "CASE WHEN t." + column + " > 0 THEN "
                            + String.format(content, "CAST(floor(t." + column + " / 1000000000.0) AS INTEGER)")
                            + " || ':' || CAST(t." + column + " % 1000000000 AS VARCHAR) ELSE CAST(t." + column + " AS VARCHAR) END AS " + column;
                    case "quarantined_at", "loaded_at" -> null;
                    default -> "t." + column;
                });
                columns.remove(null);
            }
        }
        return columns;
    }

    private static long scalar(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
