package soundstage.warehouse.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import soundstage.core.FileKind;
import soundstage.core.IngestOptions;
import soundstage.core.IngestSummary;
import soundstage.core.Progress;
import soundstage.core.UserException;
import soundstage.testing.ChangedAfterHashing;
import soundstage.testing.BaseWarehouseTest;
import soundstage.testing.TestPostgres;

/** The shared warehouse tests on a real PostgreSQL server. */
class TestPostgresWarehouse extends BaseWarehouseTest {
    @Override
    protected String newWarehouse(Path dir) throws Exception {
        return TestPostgres.newDatabase();
    }

    @Test
    void theRepairRunsInsideAParallelQuery() throws SQLException {
        // Every function is declared PARALLEL SAFE, so PostgreSQL may run it in a parallel
        // worker, where a PL/pgSQL exception block cannot start its subtransaction.
        try (Statement statement = warehouse.connection().createStatement()) {
            statement.execute("SET force_parallel_mode = on");
            try {
                assertThat(rows("SELECT meta.repair_mojibake(s) FROM (VALUES ('CafÃ©'), ('CafÃ©Ã')) AS v(s)"))
                        .containsExactlyInAnyOrder(List.of("Café"), List.of("CafÃ©Ã"));
            } finally {
                statement.execute("RESET force_parallel_mode");
            }
        }
    }

    /**
     * The quarantined lines of a batch waited in a spill file in the temporary folder, so with
     * none writable (a read-only {@code /tmp} in a locked-down container) every batch failed, even
     * one without a bad line. They are held in memory up to {@link PostgresLoader#SPILL_THRESHOLD}
     * bytes; only a batch with more needs the folder, and without one it fails in one line naming it.
     */
    @Test
    void aBatchNeedsNoTemporaryFolderUnlessItsQuarantinedLinesAreMany() throws Exception {
        String missing = dir.resolve("no-such-folder").toString();
        Path few = Files.writeString(dir.resolve("2018-11-01-events.json"), "{\"ts\":1541106106796,\"page\":\"Home\"}\nnot json\n");
        StringBuilder bad = new StringBuilder();
        String line = "x".repeat(999) + "\n";
        while (bad.length() <= PostgresLoader.SPILL_THRESHOLD) {
            bad.append(line);
        }
        Path many = Files.writeString(dir.resolve("2018-11-02-events.json"), bad);
        String temporary = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", missing);
        try {
            IngestSummary loaded = warehouse.ingest(FileKind.SPARKIFY_EVENTS, List.of(few), Progress.NONE);
            assertThat(loaded.loaded()).isEqualTo(1);
            assertThat(rows("SELECT line_no FROM meta.quarantine")).containsExactly(List.of("2"));
            assertThatThrownBy(() -> warehouse.ingest(FileKind.SPARKIFY_EVENTS, List.of(many), Progress.NONE))
                    .isInstanceOf(UserException.class)
                    .hasMessage("Cannot set aside the quarantined lines of a batch (over 4 MB) in the temporary folder '" + missing
                            + "': no such file. Set TMPDIR to a writable folder (./soundstage passes it on as java.io.tmpdir).");
        } finally {
            System.setProperty("java.io.tmpdir", temporary);
        }
        assertThat(rows("SELECT name FROM meta.files")).containsExactly(List.of("2018-11-01-events.json"));
        assertThat(warehouse.ingest(FileKind.SPARKIFY_EVENTS, List.of(many), Progress.NONE).quarantined()).as("with a temporary folder").isEqualTo(bad.length() / line.length());
    }

    /**
     * A file moved or deleted after it was hashed and before it was read failed the whole batch
     * with an error. It is now quarantined as unreadable and not registered, and so is a copy of
     * it in the same ingest (planned as its duplicate); both load when offered again.
     */
    @Test
    void aFileGoneAfterHashingIsQuarantinedWithItsCopyAndBothLoadWhenOfferedAgain() throws Exception {
        Path kept = Files.writeString(dir.resolve("2018-11-01-events.json"), "{\"ts\":1541106106796,\"page\":\"Home\"}\n");
        Path gone = Files.writeString(dir.resolve("2018-11-02-events.json"), "{\"ts\":1541206106796,\"page\":\"Home\"}\n");
        Path copy = Files.copy(gone, dir.resolve("2018-11-02-events-copy.json"));
        byte[] content = Files.readAllBytes(gone);
        IngestSummary first = new PostgresLoader(warehouse.connection(), FileKind.SPARKIFY_EVENTS, IngestOptions.DEFAULTS, batch -> {
            try {
                Files.delete(gone);   // after hashing, before loading
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).load(List.of(kept, gone, copy), Progress.NONE);

        assertThat(first.files()).isEqualTo(3);
        assertThat(first.loaded()).isEqualTo(1);
        assertThat(first.rejected()).isEqualTo(2);
        assertThat(first.duplicates()).isZero();
        assertThat(first.quarantined()).isEqualTo(2);
        assertThat(rows("SELECT name, status FROM meta.files")).containsExactly(List.of("2018-11-01-events.json", "loaded"));
        assertThat(rows("SELECT path, line_no, reason FROM meta.quarantine")).containsExactlyInAnyOrder(
                List.of(gone.toString(), "0", "cannot read the file: hashed a moment before, it could not be read"
                        + " when it was loaded (no such file); check that it exists and is readable, then ingest it again"),
                List.of(copy.toString(), "0", "cannot read the file it repeats (its content was first offered in a file that could not be read"
                        + ", or had changed, when it was loaded); ingest it again"));

        Files.write(gone, content);   // back again
        IngestSummary again = warehouse.ingest(FileKind.SPARKIFY_EVENTS, List.of(gone, copy), Progress.NONE);
        assertThat(again.loaded()).isEqualTo(1);
        assertThat(again.duplicates()).isEqualTo(1);
        assertThat(rows("SELECT ts FROM source.sparkify_events ORDER BY ts")).containsExactly(List.of("1541106106796"), List.of("1541206106796"));
    }

    /**
     * A file rewritten after it was hashed and before it was read (a log still being written):
     * it was registered with the rows it was then read as, while a copy of the content it was
     * hashed as, later in the ingest, was registered as its duplicate, and that content was never
     * loaded. Now neither is registered; both load when offered again.
     */
    @Test
    void aFileRewrittenAfterHashingLoadsNothingAndBothContentsLoadWhenOfferedAgain() throws Exception {
        Path day = Files.writeString(dir.resolve("2018-11-01-events.json"), "{\"ts\":1541106106796,\"page\":\"Home\"}\n");
        Path copy = Files.copy(day, dir.resolve("restored.json"));
        IngestSummary first = new PostgresLoader(warehouse.connection(), FileKind.SPARKIFY_EVENTS, IngestOptions.DEFAULTS, batch -> {
            try {
                Files.writeString(day, "{\"ts\":1541206106796,\"page\":\"About\"}\n");   // after hashing, before loading
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).load(List.of(day, copy), Progress.NONE);

        assertThat(first.loaded()).isZero();
        assertThat(first.rejected()).isEqualTo(2);
        assertThat(first.rows()).isZero();
        assertThat(rows("SELECT count(*) FROM meta.files")).containsExactly(List.of("0"));
        assertThat(rows("SELECT count(*) FROM source.sparkify_events")).containsExactly(List.of("0"));
        assertThat(rows("SELECT path, line_no, reason FROM meta.quarantine ORDER BY path"))
                    .containsExactlyElementsOf(ChangedAfterHashing.quarantine(day, copy));

        IngestSummary again = warehouse.ingest(FileKind.SPARKIFY_EVENTS, List.of(day, copy), Progress.NONE);
        assertThat(again.loaded()).isEqualTo(2);
        assertThat(rows("SELECT ts FROM source.sparkify_events ORDER BY ts")).containsExactly(List.of("1541106106796"), List.of("1541206106796"));
    }
}
