package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import soundstage.warehouse.duckdb.DuckDbWarehouse;

/** Runs the command line in this JVM and reads warehouses back, for the CLI tests. */
final class Cli {
    private Cli() {
    }

    /** What one command did: its exit code and everything it printed. */
    record Result(int exitCode, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }

        /** Standard output with the durations ("in 0.1 s", ", 0.3 s" at the end of a line) replaced by T. */
        List<String> outLinesWithoutTimes() {
            return outLines().stream().map(Cli::withoutTimes).toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    /** The last line of a run whose every blocking check passed (one place to change when checks are added). */
    static final String ALL_CHECKS_PASSED = "checks: all 16 blocking checks passed";

    static Result run(Object... args) {
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = String.valueOf(args[i]);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode;
        try (PrintWriter outWriter = new PrintWriter(out, true); PrintWriter errWriter = new PrintWriter(err, true)) {
            exitCode = Main.execute(strings, outWriter, errWriter);
        }
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** Runs a command that must succeed (exit code 0). */
    static Result ok(Object... args) {
        Result result = run(args);
        assertThat(result.exitCode()).as("%s", result).isZero();
        return result;
    }

    static String withoutTimes(String line) {
        return line.replaceAll(" in \\d+\\.\\d s$", " in T s").replaceAll(", \\d+\\.\\d s$", ", T s");
    }

    /** Creates an empty warehouse at {@code file} (the commands that only read refuse one that does not exist); returns {@code file}. */
    static Path created(Path file) {
        DuckDbWarehouse.open(file).close();
        return file;
    }

    /** The hand-written Sparkify fixtures, copied into {@code target} so tests may change them. */
    static Path copyFixtures(Path target) {
        return soundstage.testing.SparkifyFixtures.copyTo(target);
    }

    /** Rows of {@code sql} on the closed warehouse {@code file}, each value as a string (NULL as null). */
    static List<List<String>> rows(Path file, String sql) throws SQLException {
        try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(file)) {
            return rows(warehouse, sql);
        }
    }

    static List<List<String>> rows(soundstage.core.Warehouse warehouse, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = warehouse.connection().createStatement(); ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static long count(Path file, String sql) throws SQLException {
        return Long.parseLong(rows(file, sql).get(0).get(0));
    }

    /** A row of values, nulls allowed. */
    static List<String> row(String... values) {
        return Arrays.asList(values);
    }

    /**
     * Every table of the layers source, staging, analytics and dashboard (ordered by all columns),
     * plus meta.quarantine without its timestamp and meta.files without loaded_at, up to file
     * {@code maxFileId}.
     */
    static Map<String, List<String>> dump(Path file, long maxFileId) throws SQLException {
        Map<String, List<String>> dump = new LinkedHashMap<>();
        try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(file)) {
            List<List<String>> tables = rows(warehouse, """
                    SELECT table_schema || '.' || table_name FROM information_schema.tables
                    WHERE table_schema IN ('source', 'staging', 'analytics', 'dashboard') AND table_type = 'BASE TABLE'
                    ORDER BY 1""");
            for (List<String> table : tables) {
                dump.put(table.get(0), lines(warehouse, "SELECT * FROM " + table.get(0)));
            }
            dump.put("meta.quarantine", lines(warehouse, "SELECT * EXCLUDE (quarantined_at) FROM meta.quarantine"));
            dump.put("meta.files", lines(warehouse, "SELECT * EXCLUDE (loaded_at) FROM meta.files WHERE file_id <= " + maxFileId));
        }
        return dump;
    }

    /** The rows of {@code query}, each as one line of text, ordered by all columns. */
    private static List<String> lines(DuckDbWarehouse warehouse, String query) throws SQLException {
        return rows(warehouse, "SELECT CAST(q AS VARCHAR) FROM (" + query + ") AS q ORDER BY q").stream().map(row -> row.get(0)).toList();
    }

    /** The numbers of an ingest summary line: files, loaded, duplicates, rows, quarantined. */
    record Ingested(String kind, long files, long loaded, long duplicates, long rows, long quarantined) {
        private static final Pattern LINE = Pattern.compile(
                "(\\S+): (\\d+) files \\((\\d+) loaded, \\d+ rejected, (\\d+) duplicates of files already loaded\\), (\\d+) rows loaded, (\\d+) quarantined, \\d+\\.\\d MB in \\d+\\.\\d s");

        static Ingested parse(Result result) {
            Matcher matcher = LINE.matcher(result.outLines().get(0));
            assertThat(matcher.matches()).as("ingest summary line of %s", result).isTrue();
            return new Ingested(matcher.group(1), Long.parseLong(matcher.group(2)), Long.parseLong(matcher.group(3)),
                    Long.parseLong(matcher.group(4)), Long.parseLong(matcher.group(5)), Long.parseLong(matcher.group(6)));
        }
    }

    /** The numbers of a run summary line. */
    record Ran(int runId, long files, long newEvents, long duplicates, long songs, long repaired, long songplays) {
        private static final Pattern LINE = Pattern.compile(
                "run (\\d+)(?: \\(full refresh\\))?: (\\d+) files transformed(?: again)?, (\\d+) (?:new events|events staged) \\((\\d+) duplicates dropped\\), (\\d+) songs, (\\d+) names repaired, (\\d+) songplays in analytics, \\d+\\.\\d s");

        static Ran parse(Result result) {
            Matcher matcher = LINE.matcher(result.outLines().get(0));
            assertThat(matcher.matches()).as("run summary line of %s", result).isTrue();
            return new Ran(Integer.parseInt(matcher.group(1)), Long.parseLong(matcher.group(2)), Long.parseLong(matcher.group(3)),
                    Long.parseLong(matcher.group(4)), Long.parseLong(matcher.group(5)), Long.parseLong(matcher.group(6)),
                    Long.parseLong(matcher.group(7)));
        }
    }

    /** The numbers of a generate summary line. */
    record Generated(long events, long eventFiles, long songs, long songFiles, long duplicateFiles, long badLines) {
        private static final Pattern LINE = Pattern.compile(
                "generate: (\\d+) events in (\\d+) files, (\\d+) songs in (\\d+) files, (\\d+) duplicate files, (\\d+) bad lines, \\d+\\.\\d MB in .+, \\d+\\.\\d s");

        static Generated parse(Result result) {
            Matcher matcher = LINE.matcher(result.outLines().get(0));
            assertThat(matcher.matches()).as("generate summary line of %s", result).isTrue();
            return new Generated(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)), Long.parseLong(matcher.group(3)),
                    Long.parseLong(matcher.group(4)), Long.parseLong(matcher.group(5)), Long.parseLong(matcher.group(6)));
        }
    }
}
