package soundstage.warehouse.duckdb;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import soundstage.core.FileKind;
import soundstage.core.IngestSummary;
import soundstage.core.Progress;
import soundstage.core.SqlScript;
import soundstage.ingest.FileScan;
import soundstage.ingest.LineReader;

/**
 * Loads files into the source layer in batches. Each file is hashed first; content seen before
 * is registered as a duplicate. New files are streamed line by line through DuckDB's appender
 * into a temporary landing table, then one SQL script per batch parses every line once and
 * sends it to the source table or to the quarantine. A batch (its rows, quarantine rows and
 * registry entries) commits in one transaction, so a crash never leaves half a file.
 *
 * <p>Not thread-safe; used by one ingest call.
 */
final class DuckDbLoader {
    /** A batch ends after this many bytes or files, whichever comes first. */
    private static final long BATCH_BYTES = 256L << 20;
    private static final int BATCH_FILES = 5_000;

    private final DuckDbWarehouse warehouse;
    private final Connection connection;
    private final FileKind kind;
    private final String loadScript;
    private final String finishScript;
    private final LineReader reader = new LineReader();

    DuckDbLoader(DuckDbWarehouse warehouse, FileKind kind) {
        this.warehouse = warehouse;
        this.connection = warehouse.connection();
        this.kind = kind;
        this.loadScript = SqlScript.resource(DuckDbLoader.class, "load/" + kind.cliName() + ".sql");
        this.finishScript = SqlScript.resource(DuckDbLoader.class, "load/finish-batch.sql");
    }

    IngestSummary load(List<Path> files, Progress progress) throws SQLException {
        Map<String, Integer> known = knownContent();
        int nextFileId = nextFileId();
        IngestSummary total = IngestSummary.empty(kind);
        long totalBytes = files.stream().mapToLong(DuckDbLoader::sizeOrZero).sum();
        long doneBytes = 0;
        int index = 0;
        while (index < files.size()) {
            Batch batch = new Batch();
            connection.setAutoCommit(false);
            try {
                createBatchTables();
                try (DuckDBAppender landing = ((DuckDBConnection) connection).createAppender("temp", "main", "landing");
                     DuckDBAppender batchFiles = ((DuckDBConnection) connection).createAppender("temp", "main", "batch_files")) {
                    while (index < files.size() && batch.bytes < BATCH_BYTES && batch.files < BATCH_FILES) {
                        Path file = files.get(index++);
                        loadFile(file, nextFileId++, known, landing, batchFiles, batch);
                        doneBytes += sizeOrZero(file);
                        progress.update(doneBytes, totalBytes);
                    }
                    landing.flush();
                    batchFiles.flush();
                }
                warehouse.execute(loadScript);
                warehouse.execute(finishScript);
                total = total.plus(batchTotals(batch));
                dropBatchTables();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
        return total;
    }

    private void loadFile(Path file, int fileId, Map<String, Integer> known, DuckDBAppender landing,
                          DuckDBAppender batchFiles, Batch batch) throws SQLException {
        FileScan hash;
        try {
            hash = reader.hash(file);
        } catch (IOException e) {
            quarantineUnreadable(file, e);
            batch.unreadable++;
            return;
        }
        Integer duplicateOf = known.get(hash.sha256());
        if (duplicateOf == null) {
            try {
                reader.read(file, (lineNumber, text, problem) -> {
                    try {
                        landing.beginRow().append(fileId).append(lineNumber).append(text);
                        if (problem == null) {
                            landing.appendNull();
                        } else {
                            landing.append(problem);
                        }
                        landing.endRow();
                    } catch (SQLException e) {
                        throw new LandingFailed(e);
                    }
                });
            } catch (LandingFailed e) {
                throw e.getCause();
            } catch (IOException e) {
                // The file was readable a moment ago; treat it like any unreadable file.
                quarantineUnreadable(file, e);
                batch.unreadable++;
                return;
            }
            known.put(hash.sha256(), fileId);
        }
        batchFiles.beginRow()
                .append(fileId).append(kind.cliName()).append(file.toString()).append(file.getFileName().toString())
                .append(hash.bytes()).append(hash.sha256());
        if (duplicateOf == null) {
            batchFiles.appendNull();
        } else {
            batchFiles.append(duplicateOf.intValue());
        }
        batchFiles.endRow();
        batch.files++;
        batch.bytes += hash.bytes();
    }

    private void quarantineUnreadable(Path file, IOException e) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO meta.quarantine VALUES (NULL, ?, 0, ?, NULL, now())")) {
            insert.setString(1, file.toString());
            insert.setString(2, "cannot read the file (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); check that it exists and is readable, then ingest it again");
            insert.executeUpdate();
        }
    }

    private void createBatchTables() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP TABLE landing (file_id INTEGER, line_no BIGINT, raw VARCHAR, problem VARCHAR)");
            statement.execute("CREATE OR REPLACE TEMP TABLE batch_files (file_id INTEGER, kind VARCHAR, path VARCHAR, name VARCHAR, "
                    + "size BIGINT, sha256 VARCHAR, duplicate_of INTEGER)");
        }
    }

    private void dropBatchTables() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS temp.main.checked");
            statement.execute("DROP TABLE temp.main.landing");
            statement.execute("DROP TABLE temp.main.batch_files");
        }
    }

    private IngestSummary batchTotals(Batch batch) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet totals = statement.executeQuery("""
                     SELECT count(*) FILTER (WHERE f.status <> 'duplicate'),
                            count(*) FILTER (WHERE f.status = 'duplicate'),
                            coalesce(sum(f.rows), 0), coalesce(sum(f.quarantined), 0)
                     FROM meta.files f JOIN batch_files b USING (file_id)""")) {
            totals.next();
            return new IngestSummary(kind, batch.files + batch.unreadable, totals.getInt(1), totals.getInt(2),
                    totals.getLong(3), totals.getLong(4) + batch.unreadable, batch.bytes);
        }
    }

    /** Content already loaded: sha256 to the file id that holds it. Grows with files, not rows. */
    private Map<String, Integer> knownContent() throws SQLException {
        Map<String, Integer> known = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT sha256, min(file_id) FROM meta.files WHERE status <> 'duplicate' GROUP BY sha256")) {
            while (rows.next()) {
                known.put(rows.getString(1).toLowerCase(Locale.ROOT), rows.getInt(2));
            }
        }
        return known;
    }

    private int nextFileId() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT coalesce(max(file_id), 0) + 1 FROM meta.files")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static long sizeOrZero(Path file) {
        try {
            return java.nio.file.Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Counts of the batch being built. */
    private static final class Batch {
        int files;
        int unreadable;
        long bytes;
    }

    /** Carries an appender failure out of the line callback. */
    private static final class LandingFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LandingFailed(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }
}
