package soundstage.warehouse.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import soundstage.core.FileKind;
import soundstage.core.IngestOptions;
import soundstage.core.IngestSummary;
import soundstage.core.Progress;
import soundstage.testing.ChangedAfterHashing;

/**
 * A file that is moved or deleted after it was hashed and before it is read to be loaded, read
 * by DuckDB (files of 64 KiB and more) or split in Java (smaller ones). DuckDB's read_text skips
 * a path it cannot open without an error, so the file used to be registered as empty with the
 * hash of its content, and that content, offered again, was taken for a duplicate and never
 * loaded; in Java, the batch failed.
 */
class TestFileGoneAfterHashing {
    @TempDir
    Path dir;

    /** The two ways a file's lines are read; the small files here go either way. */
    enum ReadBy {
        JAVA(Long.MAX_VALUE), DUCKDB(0);

        final long smallFileBytes;

        ReadBy(long smallFileBytes) {
            this.smallFileBytes = smallFileBytes;
        }
    }

    /** What happens to a file between its hashing and its loading. */
    @FunctionalInterface
    private interface AfterHashing {
        void run() throws IOException;
    }

    private static DuckDbLoader loader(DuckDbWarehouse warehouse, ReadBy readBy, Path deletedAfterHashing) {
        return loader(warehouse, readBy, () -> Files.delete(deletedAfterHashing));
    }

    private static DuckDbLoader loader(DuckDbWarehouse warehouse, ReadBy readBy, AfterHashing afterHashing) {
        System.setProperty("soundstage.duckdb.small_file", Long.toString(readBy.smallFileBytes));
        try {
            return new DuckDbLoader(warehouse, FileKind.SPARKIFY_EVENTS, IngestOptions.DEFAULTS, batch -> {
                try {
                    afterHashing.run();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } finally {
            System.clearProperty("soundstage.duckdb.small_file");
        }
    }

    private static final String HASHED = "{\"ts\":1541106106796,\"page\":\"Home\"}\n";
    private static final String LOADED = "{\"ts\":1541206106796,\"page\":\"About\"}\n";

    /**
     * A file rewritten after it was hashed and before it was read to be loaded (a log still being
     * written, a download replaced): it was registered by the hash of one content with the rows of
     * the other, so the hashed content, offered again (here a copy in the same ingest), was taken
     * for a duplicate and never loaded. Now neither is registered, both are quarantined, and both
     * load when offered again. Rewritten in place to another size, and replaced by a rename.
     */
    @ParameterizedTest
    @EnumSource(ReadBy.class)
    void aFileRewrittenInPlaceAfterHashingLoadsNothingAndBothContentsLoadWhenOfferedAgain(ReadBy readBy) throws Exception {
        Path day = Files.writeString(dir.resolve("2018-11-01-events.json"), HASHED);
        assertThatAChangeAfterHashingLoadsNothing(readBy, day, () -> Files.writeString(day, LOADED));
    }

    @ParameterizedTest
    @EnumSource(ReadBy.class)
    void aFileReplacedAfterHashingLoadsNothingAndBothContentsLoadWhenOfferedAgain(ReadBy readBy) throws Exception {
        Path day = Files.writeString(dir.resolve("2018-11-01-events.json"), HASHED);
        String sameSize = LOADED.replace("About", "Home");
        assertThat(sameSize).hasSameSizeAs(HASHED);
        assertThatAChangeAfterHashingLoadsNothing(readBy, day, () -> Files.move(Files.writeString(dir.resolve("next.tmp"), sameSize), day,
                StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE));
    }

    private void assertThatAChangeAfterHashingLoadsNothing(ReadBy readBy, Path day, AfterHashing change) throws Exception {
        Path copy = Files.writeString(dir.resolve("restored.json"), HASHED);
        try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(dir.resolve("w.duckdb"))) {
            IngestSummary first = loader(warehouse, readBy, change).load(List.of(day, copy), Progress.NONE);

            assertThat(first.loaded()).isZero();
            assertThat(first.rejected()).isEqualTo(2);
            assertThat(first.rows()).isZero();
            assertThat(rows(warehouse, "SELECT count(*) FROM meta.files")).containsExactly(List.of("0"));
            assertThat(rows(warehouse, "SELECT count(*) FROM source.sparkify_events")).containsExactly(List.of("0"));
            assertThat(rows(warehouse, "SELECT path, line_no, reason FROM meta.quarantine ORDER BY path"))
                    .containsExactlyElementsOf(ChangedAfterHashing.quarantine(day, copy));

            IngestSummary again = warehouse.ingest(FileKind.SPARKIFY_EVENTS, List.of(day, copy), Progress.NONE);
            assertThat(again.loaded()).isEqualTo(2);
            assertThat(rows(warehouse, "SELECT ts FROM source.sparkify_events ORDER BY ts"))
                    .containsExactly(List.of("1541106106796"), List.of("1541206106796"));
        }
    }

    @ParameterizedTest
    @EnumSource(ReadBy.class)
    void isQuarantinedAsUnreadableAndLoadsWhenOfferedAgain(ReadBy readBy) throws Exception {
        Path kept = Files.writeString(dir.resolve("2018-11-01-events.json"), "{\"ts\":1541106106796,\"page\":\"Home\"}\n");
        Path gone = Files.writeString(dir.resolve("2018-11-02-events.json"), "{\"ts\":1541206106796,\"page\":\"Home\"}\n");
        byte[] content = Files.readAllBytes(gone);
        try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(dir.resolve("w.duckdb"))) {
            IngestSummary first = loader(warehouse, readBy, gone).load(List.of(kept, gone), Progress.NONE);

            assertThat(first.loaded()).isEqualTo(1);
            assertThat(first.rejected()).isEqualTo(1);
            assertThat(first.rows()).isEqualTo(1);
            assertThat(rows(warehouse, "SELECT name, status FROM meta.files")).containsExactly(List.of("2018-11-01-events.json", "loaded"));
            assertThat(rows(warehouse, "SELECT path, line_no, reason FROM meta.quarantine")).containsExactly(List.of(gone.toString(), "0",
                    "cannot read the file: hashed a moment before, it could not be read when it was loaded"
                            + (readBy == ReadBy.JAVA ? " (no such file)" : "") + "; check that it exists and is readable, then ingest it again"));

            Files.write(gone, content);   // back again
            IngestSummary again = warehouse.ingest(FileKind.SPARKIFY_EVENTS, List.of(gone), Progress.NONE);
            assertThat(again.loaded()).isEqualTo(1);
            assertThat(again.duplicates()).isZero();
            assertThat(rows(warehouse, "SELECT ts FROM source.sparkify_events ORDER BY ts"))
                    .containsExactly(List.of("1541106106796"), List.of("1541206106796"));
        }
    }

    /**
     * A copy of the vanished file's content, later in the same call, was planned as its duplicate
     * and registered as a duplicate of a file id that never was: its content was not loaded, and
     * never would be. It is now quarantined too, and loads when offered again.
     */
    @ParameterizedTest
    @EnumSource(ReadBy.class)
    void aCopyOfItInTheSameIngestIsQuarantinedAndLoadsWhenOfferedAgain(ReadBy readBy) throws Exception {
        Path gone = Files.writeString(dir.resolve("2018-11-02-events.json"), "{\"ts\":1541206106796,\"page\":\"Home\"}\n");
        Path copy = Files.copy(gone, dir.resolve("2018-11-02-events-copy.json"));
        try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(dir.resolve("w.duckdb"))) {
            IngestSummary first = loader(warehouse, readBy, gone).load(List.of(gone, copy), Progress.NONE);

            assertThat(first.files()).isEqualTo(2);
            assertThat(first.rejected()).isEqualTo(2);
            assertThat(first.duplicates()).isZero();
            assertThat(first.quarantined()).isEqualTo(2);
            assertThat(rows(warehouse, "SELECT count(*) FROM meta.files")).containsExactly(List.of("0"));
            assertThat(rows(warehouse, "SELECT path, reason FROM meta.quarantine WHERE path = '" + copy + "'")).containsExactly(List.of(copy.toString(),
                    "cannot read the file it repeats (its content was first offered in a file that could not be read, or had changed, when it was loaded);"
                            + " ingest it again"));

            IngestSummary again = warehouse.ingest(FileKind.SPARKIFY_EVENTS, List.of(copy), Progress.NONE);
            assertThat(again.loaded()).isEqualTo(1);
            assertThat(rows(warehouse, "SELECT ts FROM source.sparkify_events")).containsExactly(List.of("1541206106796"));
        }
    }

    private static List<List<String>> rows(DuckDbWarehouse warehouse, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = warehouse.connection().createStatement(); ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
