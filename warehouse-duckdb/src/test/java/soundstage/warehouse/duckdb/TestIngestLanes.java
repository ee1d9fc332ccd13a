package soundstage.warehouse.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import soundstage.core.FileKind;
import soundstage.core.IngestSummary;
import soundstage.core.Progress;
import soundstage.ingest.FileBatches;

/**
 * {@link FileBatches#runInLanes}: batches load side by side but commit in order, so what is
 * committed is always the first batches, whichever batch finishes or fails first.
 */
class TestIngestLanes {
    @TempDir
    Path dir;
    private Connection connection;
    private final List<Connection> lanes = new ArrayList<>();
    private List<Path> files;

    @BeforeEach
    void open() throws SQLException, IOException {
        connection = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("lanes.duckdb"));
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA meta");
            statement.execute("CREATE TABLE meta.files (file_id INTEGER)");
            statement.execute("CREATE TABLE loaded (first_file_id INTEGER)");
        }
        for (int i = 0; i < 2; i++) {
            lanes.add(connection.unwrap(DuckDBConnection.class).duplicate());
        }
        files = new ArrayList<>();   // three batches: 5,000 + 5,000 + 1 files
        for (int i = 0; i < 2 * FileBatches.BATCH_FILES + 1; i++) {
            files.add(Files.writeString(dir.resolve("f" + i + ".json"), "{}"));
        }
    }

    @AfterEach
    void close() throws SQLException {
        for (Connection lane : lanes) {
            lane.close();
        }
        connection.close();
    }

    @Test
    void batchesArePlannedInOrderOnTheCallersThreadAndAllCommit() throws SQLException {
        List<String> plannedOn = new CopyOnWriteArrayList<>();
        List<Integer> planned = new CopyOnWriteArrayList<>();
        IngestSummary total = run((batch, first) -> {
            plannedOn.add(Thread.currentThread().getName());
            planned.add(first);
            return first;
        }, first -> first == 1 ? 300 : 0, first -> false);
        assertThat(planned).containsExactly(1, 1 + FileBatches.BATCH_FILES, 1 + 2 * FileBatches.BATCH_FILES);
        assertThat(plannedOn).containsOnly(Thread.currentThread().getName());
        assertThat(total.files()).isEqualTo(3);
        assertThat(committed()).containsExactly(1, 1 + FileBatches.BATCH_FILES, 1 + 2 * FileBatches.BATCH_FILES);
    }

    @Test
    void aBatchThatFinishedFirstWaitsForTheOneBeforeItAndRollsBackWhenThatOneFails() throws SQLException {
        // The first batch takes long and fails; the second has loaded by then and must not commit.
        assertThatThrownBy(() -> run((batch, first) -> first, first -> first == 1 ? 500 : 0, first -> first == 1))
                .isInstanceOf(SQLException.class)
                .hasMessage("batch from file 1 failed");
        assertThat(committed()).isEmpty();
    }

    @Test
    void aFailureKeepsTheBatchesBeforeItAndDropsTheOnesAfterIt() throws SQLException {
        int second = 1 + FileBatches.BATCH_FILES;
        assertThatThrownBy(() -> run((batch, first) -> first, first -> first == 1 ? 300 : 0, first -> first == second))
                .isInstanceOf(SQLException.class)
                .hasMessage("batch from file " + second + " failed");
        assertThat(committed()).containsExactly(1);
    }

    private interface Delay {
        long millis(int firstFileId);
    }

    private interface Fails {
        boolean test(int firstFileId);
    }

    /** Runs the lanes with a loader that records the batch, waits, and then fails or not. */
    private IngestSummary run(FileBatches.BatchPlanner<Integer> planner, Delay delay, Fails fails) throws SQLException {
        return FileBatches.runInLanes(connection, lanes, FileKind.SPARKIFY_SONGS, files, Progress.NONE, size -> false, planner, (lane, first) -> {
            try (Statement statement = lane.createStatement()) {
                statement.execute("INSERT INTO loaded VALUES (" + first + ")");
            }
            try {
                Thread.sleep(delay.millis(first));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (fails.test(first)) {
                throw new SQLException("batch from file " + first + " failed");
            }
            return new IngestSummary(FileKind.SPARKIFY_SONGS, 1, 1, 0, 0, 0, 0, 0);
        });
    }

    private List<Integer> committed() throws SQLException {
        List<Integer> firsts = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT first_file_id FROM loaded ORDER BY 1")) {
            while (rows.next()) {
                firsts.add(rows.getInt(1));
            }
        }
        return firsts;
    }
}
