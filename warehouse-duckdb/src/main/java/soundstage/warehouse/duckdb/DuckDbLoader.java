package soundstage.warehouse.duckdb;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import soundstage.core.FileKind;
import soundstage.core.IngestSummary;
import soundstage.core.Progress;
import soundstage.core.SqlScript;
import soundstage.ingest.FileBatches;
import soundstage.ingest.FileBatches.Scanned;
import soundstage.ingest.LineReader;

/**
 * Loads files into the source layer in batches. Each file is hashed first (and checked to be
 * UTF-8); content seen before is registered as a duplicate. New files land line by line in a
 * temporary table: DuckDB reads and splits UTF-8 files itself, other files are split in Java.
 * Then one SQL script per batch parses every line once and sends it to the source table or to
 * the quarantine. A batch (its rows, quarantine rows and registry entries) commits in one
 * transaction, so a crash never leaves half a file.
 *
 * <p>Not thread-safe; used by one ingest call.
 */
final class DuckDbLoader {
    private final DuckDbWarehouse warehouse;
    private final Connection connection;
    private final FileKind kind;
    private final String loadScript;
    private final String countScript;
    private final String findRejectedScript;
    private final String finishScript;
    private final String landTextScript;

    DuckDbLoader(DuckDbWarehouse warehouse, FileKind kind) {
        this.warehouse = warehouse;
        this.connection = warehouse.connection();
        this.kind = kind;
        this.loadScript = SqlScript.resource(DuckDbLoader.class, "load/" + kind.cliName() + ".sql");
        this.countScript = SqlScript.resource(DuckDbLoader.class, "load/count-batch.sql");
        this.findRejectedScript = SqlScript.resource(DuckDbLoader.class, "load/find-rejected.sql");
        this.finishScript = SqlScript.resource(DuckDbLoader.class, "load/finish-batch.sql");
        this.landTextScript = SqlScript.resource(DuckDbLoader.class, "load/land-text.sql");
    }

    IngestSummary load(List<Path> files, Progress progress) throws SQLException {
        Map<String, Integer> known = FileBatches.knownContent(connection, kind);
        return FileBatches.run(connection, kind, files, progress, (scanned, firstFileId) -> loadBatch(scanned, firstFileId, known));
    }

    /** Loads one batch; runs in the batch's transaction. Ids are given in file order from {@code firstFileId}. */
    private IngestSummary loadBatch(List<Scanned> scanned, int firstFileId, Map<String, Integer> known) throws SQLException {
        Batch batch = new Batch();
        int nextFileId = firstFileId;
        createBatchTables(firstFileId);
        List<Path> textFiles = new ArrayList<>();
        List<Scanned> otherFiles = new ArrayList<>();
        try (DuckDBAppender batchFiles = duck().createAppender("temp", "main", "batch_files")) {
            for (Scanned file : scanned) {
                if (file.error() != null) {
                    FileBatches.quarantineUnreadable(connection, file.path(), file.error());
                    batch.unreadable++;
                    continue;
                }
                Integer duplicateOf = known.get(file.scan().sha256());
                int fileId = nextFileId++;
                if (duplicateOf == null) {
                    known.put(file.scan().sha256(), fileId);
                    if (file.scan().utf8() && !hasGlobCharacter(file.path())) {
                        textFiles.add(file.path());
                    } else {
                        otherFiles.add(file);
                    }
                }
                register(batchFiles, file, fileId, duplicateOf);
                batch.files++;
                batch.bytes += file.scan().bytes();
            }
            batchFiles.flush();
        }
        landLineByLine(otherFiles);
        defineLines(textFiles);
        warehouse.execute(loadScript);
        warehouse.execute(countScript);
        if (someLinesRejected()) {
            warehouse.execute(findRejectedScript);
        } else {
            warehouse.execute("CREATE OR REPLACE TEMP TABLE rejected (file_id INTEGER, line_no BIGINT, reason VARCHAR, raw VARCHAR)");
        }
        warehouse.execute(finishScript);
        IngestSummary totals = FileBatches.totals(connection, kind, batch.files, batch.unreadable, batch.bytes);
        dropBatchTables();
        return totals;
    }

    /** Whether a file of the batch has more lines than rows loaded (temp table line_counts). */
    private boolean someLinesRejected() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT count(*) FROM line_counts WHERE good < total")) {
            row.next();
            return row.getLong(1) > 0;
        }
    }

    private void register(DuckDBAppender batchFiles, Scanned file, int fileId, Integer duplicateOf) throws SQLException {
        batchFiles.beginRow()
                .append(fileId).append(kind.cliName()).append(file.path().toString()).append(file.path().getFileName().toString())
                .append(file.scan().bytes()).append(file.scan().sha256()).append(file.scan().lines());
        if (duplicateOf == null) {
            batchFiles.appendNull();
        } else {
            batchFiles.append(duplicateOf.intValue());
        }
        batchFiles.endRow();
    }

    /**
     * Defines view {@code lines}: the batch's UTF-8 files, which DuckDB reads and splits itself in
     * parallel while the load script parses them (load/land-text.sql), and the lines split in Java.
     */
    private void defineLines(List<Path> textPaths) throws SQLException {
        String javaLines = "SELECT file_id, line_no, raw, problem FROM landing";
        if (textPaths.isEmpty()) {
            warehouse.execute("CREATE OR REPLACE TEMP VIEW lines AS " + javaLines);
            return;
        }
        try (PreparedStatement set = connection.prepareStatement("SET VARIABLE batch_paths = ?::VARCHAR[]")) {
            set.setArray(1, connection.createArrayOf("VARCHAR", textPaths.stream().map(Path::toString).toArray()));
            set.execute();
        }
        warehouse.execute(landTextScript);
        warehouse.execute("CREATE OR REPLACE TEMP VIEW lines AS "
                + "SELECT file_id, line_no, raw, CAST(NULL AS VARCHAR) AS problem FROM text_lines "
                + "UNION ALL " + javaLines);
    }

    /**
     * Files DuckDB cannot read as text (not UTF-8, or a path it would take for a glob): split in
     * Java, so each bad line is quarantined with its number instead of failing the file.
     */
    private void landLineByLine(List<Scanned> files) throws SQLException {
        if (files.isEmpty()) {
            return;
        }
        try (PreparedStatement ids = connection.prepareStatement("SELECT file_id FROM batch_files WHERE path = ? AND duplicate_of IS NULL");
             DuckDBAppender landing = duck().createAppender("temp", "main", "landing")) {
            LineReader reader = FileBatches.reader();
            for (Scanned file : files) {
                ids.setString(1, file.path().toString());
                int fileId;
                try (ResultSet row = ids.executeQuery()) {
                    row.next();
                    fileId = row.getInt(1);
                }
                try {
                    reader.read(file.path(), (lineNumber, text, problem) -> {
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
                    throw new SQLException("cannot read " + file.path() + " a second time: " + e.getMessage(), e);
                }
            }
            landing.flush();
        }
    }

    private DuckDBConnection duck() throws SQLException {
        return connection.unwrap(DuckDBConnection.class);
    }

    private static boolean hasGlobCharacter(Path path) {
        String text = path.toString();
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.indexOf('[') >= 0 || text.indexOf('{') >= 0 || text.indexOf('\\') >= 0;
    }

    private void createBatchTables(int firstFileId) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET VARIABLE batch_first_file = " + firstFileId);
            statement.execute("SET VARIABLE source_table = '" + kind.sourceTable() + "'");
            // Lines of files split in Java (with file id and problem); the load scripts read them
            // and those of the files DuckDB splits through the view `lines`.
            statement.execute("CREATE OR REPLACE TEMP TABLE landing (file_id INTEGER, line_no BIGINT, raw VARCHAR, problem VARCHAR)");
            statement.execute("CREATE OR REPLACE TEMP TABLE batch_files (file_id INTEGER, kind VARCHAR, path VARCHAR, name VARCHAR, "
                    + "size BIGINT, sha256 VARCHAR, lines BIGINT, duplicate_of INTEGER)");
        }
    }

    private void dropBatchTables() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP VIEW temp.main.loaded");
            statement.execute("DROP TABLE temp.main.rejected");
            statement.execute("DROP TABLE temp.main.line_counts");
            statement.execute("DROP VIEW temp.main.checked");
            statement.execute("DROP VIEW temp.main.lines");
            statement.execute("DROP VIEW IF EXISTS temp.main.text_lines");
            statement.execute("DROP TABLE temp.main.landing");
            statement.execute("DROP TABLE temp.main.batch_files");
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
