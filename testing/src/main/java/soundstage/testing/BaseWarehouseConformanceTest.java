package soundstage.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import soundstage.core.FileKind;
import soundstage.core.IngestOptions;
import soundstage.core.IngestSummary;
import soundstage.core.Progress;
import soundstage.core.Warehouse;
import soundstage.transform.Pipeline;
import soundstage.transform.RunReport;

/**
 * The contract every warehouse dialect keeps: the same inputs give the same contents in every
 * table of every layer, the same quarantine and the same check results. A dialect module
 * extends this class and says how to open an empty warehouse; the expected contents are one
 * text file ({@value #EXPECTED}), written from a run and reviewed, shared by every dialect.
 *
 * <p>To write the file again after an intended change of results, run the suite of one dialect
 * with {@code -Dsoundstage.expected=<path of the file in src/main/resources>}: the test writes
 * the file and fails, so a changed expectation is always a reviewed diff.
 */
public abstract class BaseWarehouseConformanceTest {
    static final String EXPECTED = "expected/sparkify-fixtures.txt";

    @TempDir
    protected Path dir;
    private final List<Warehouse> opened = new ArrayList<>();

    /** Opens a new, empty warehouse of the dialect under test; it may be called more than once. */
    protected abstract Warehouse openEmptyWarehouse(Path dir) throws Exception;

    @AfterEach
    void closeWarehouses() {
        opened.forEach(Warehouse::close);
    }

    private Warehouse open() throws Exception {
        Warehouse warehouse = openEmptyWarehouse(dir.resolve("warehouse-" + opened.size()));
        opened.add(warehouse);
        return warehouse;
    }

    /** Ingests every fixture (songs, events, bad input) and runs the pipeline. */
    private static RunReport ingestAndRun(Warehouse warehouse, Path fixtures) throws SQLException {
        warehouse.ingest(FileKind.SPARKIFY_SONGS, files(fixtures, "song_data/"), Progress.NONE);
        List<Path> events = new ArrayList<>(files(fixtures, "log_data/"));
        events.addAll(files(fixtures, "bad/"));
        warehouse.ingest(FileKind.SPARKIFY_EVENTS, events, Progress.NONE);
        Path spotify = SpotifyFixtures.writeTo(fixtures.resolve("spotify"));
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(spotify.resolve("alice"), spotify.resolve("bad")), IngestOptions.DEFAULTS, Progress.NONE);
        warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(spotify.resolve("bob")), IngestOptions.DEFAULTS.withListener("bob"), Progress.NONE);
        return new Pipeline(warehouse).run();
    }

    private static List<Path> files(Path fixtures, String prefix) {
        return SparkifyFixtures.FILES.stream().filter(f -> f.startsWith(prefix)).sorted().map(fixtures::resolve).toList();
    }

    @Test
    void everyTableOfEveryLayerQuarantineAndCheckHoldTheExpectedRows() throws Exception {
        Warehouse warehouse = open();
        RunReport report = ingestAndRun(warehouse, SparkifyFixtures.copyTo(dir.resolve("data")));

        List<String> actual = dump(warehouse.connection(), true);

        assertThat(report.passed()).isTrue();
        String update = System.getProperty("soundstage.expected");
        if (update != null) {
            Files.write(Path.of(update), actual, StandardCharsets.UTF_8);
            throw new AssertionError("wrote " + update + "; review the diff, commit it and run again without -Dsoundstage.expected");
        }
        assertThat(actual).containsExactlyElementsOf(expected());
    }

    @Test
    void ingestingAndRunningEverythingAgainChangesNoTable() throws Exception {
        Warehouse warehouse = open();
        Path fixtures = SparkifyFixtures.copyTo(dir.resolve("data"));
        ingestAndRun(warehouse, fixtures);
        List<String> before = dump(warehouse.connection(), false);

        RunReport again = ingestAndRun(warehouse, fixtures);

        assertThat(dump(warehouse.connection(), false)).containsExactlyElementsOf(before);
        assertThat(again.files()).isZero();
        assertThat(again.passed()).isTrue();
    }

    @Test
    void aCopyUnderAnotherNameIsADuplicateAndAddsNoRow() throws Exception {
        Warehouse warehouse = open();
        Path fixtures = SparkifyFixtures.copyTo(dir.resolve("data"));
        Path original = fixtures.resolve("log_data/2018/11/2018-11-01-events.json");
        Path copy = Files.copy(original, fixtures.resolve("log_data/2018/11/2018-11-01-events (1).json"));

        IngestSummary summary = warehouse.ingest(FileKind.SPARKIFY_EVENTS, List.of(original, copy), Progress.NONE);

        assertThat(summary).isEqualTo(new IngestSummary(FileKind.SPARKIFY_EVENTS, 2, 1, 0, 1, 6, 0, 2 * Files.size(original)));
    }

    /** Every table of every layer, then the registry, quarantine, checks and runs, dialect-neutral. */
    private static List<String> dump(Connection connection, boolean withMetaHistory) throws SQLException {
        List<String> lines = new ArrayList<>(TableDump.layers(connection));
        lines.add("== meta.quarantine");
        lines.addAll(TableDump.of(connection, """
                SELECT q.file_id, f.name, q.line_no, q.reason, q.raw
                FROM meta.quarantine q LEFT JOIN meta.files f ON f.file_id = q.file_id"""));
        if (withMetaHistory) {
            lines.add("== meta.files");
            lines.addAll(TableDump.of(connection, """
                    SELECT file_id, kind, name, size, sha256, status, duplicate_of, rows, quarantined, transformed_run_id
                    FROM meta.files"""));
            lines.add("== meta.check_results");
            lines.addAll(TableDump.of(connection, "SELECT run_id, name, blocking, failures, status, detail FROM meta.check_results"));
            lines.add("== meta.runs");
            lines.addAll(TableDump.of(connection, "SELECT run_id, command, status, detail FROM meta.runs"));
        }
        return lines;
    }

    private static List<String> expected() throws IOException {
        try (InputStream in = BaseWarehouseConformanceTest.class.getResourceAsStream(EXPECTED)) {
            if (in == null) {
                throw new IllegalStateException(EXPECTED + " is missing; write it with -Dsoundstage.expected (see the class comment)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
