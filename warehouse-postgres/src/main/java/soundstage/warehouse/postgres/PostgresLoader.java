package soundstage.warehouse.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import soundstage.core.FileKind;
import soundstage.core.IngestSummary;
import soundstage.core.Progress;
import soundstage.core.SqlScript;
import soundstage.ingest.FileBatches;
import soundstage.ingest.FileBatches.Scanned;
import soundstage.ingest.LineReader;

/**
 * Loads files into the source layer through {@code COPY}, in the batches of {@link FileBatches}.
 * Each new file is split into lines and each line into the text of its known keys here, and the
 * rows stream to a temporary table of the batch with one {@code COPY}; one SQL script per kind
 * then checks them and moves them to the source table or the quarantine, and the batch's files
 * are registered, all in the batch's transaction: a crash never leaves half a file.
 *
 * <p>Not thread-safe; used by one ingest call.
 */
final class PostgresLoader {
    private final Connection connection;
    private final FileKind kind;
    private final JsonFields fields;
    private final String loadScript;
    private final String finishScript;

    PostgresLoader(Connection connection, FileKind kind) {
        this.connection = connection;
        this.kind = kind;
        this.fields = new JsonFields(kind.keys());
        this.loadScript = SqlScript.resource(PostgresLoader.class, "load/" + kind.cliName() + ".sql");
        this.finishScript = SqlScript.resource(PostgresLoader.class, "load/finish-batch.sql");
    }

    IngestSummary load(List<Path> files, Progress progress) throws SQLException {
        Map<String, Integer> known = FileBatches.knownContent(connection, kind);
        return FileBatches.run(connection, kind, files, progress, (scanned, firstFileId) -> loadBatch(scanned, firstFileId, known));
    }

    /** Loads one batch; runs in the batch's transaction, whose end drops the batch's tables. */
    private IngestSummary loadBatch(List<Scanned> scanned, int firstFileId, Map<String, Integer> known) throws SQLException {
        createBatchTables();
        int nextFileId = firstFileId;
        int files = 0;
        int unreadable = 0;
        long bytes = 0;
        List<NewFile> newFiles = new ArrayList<>();
        List<Scanned> unreadableFiles = new ArrayList<>();
        try (CopyWriter registry = copy("COPY batch_files FROM STDIN")) {
            for (Scanned file : scanned) {
                if (file.error() != null) {
                    unreadableFiles.add(file);   // after the COPY: the connection does nothing else during one
                    unreadable++;
                    continue;
                }
                Integer duplicateOf = known.get(file.scan().sha256());
                int fileId = nextFileId++;
                if (duplicateOf == null) {
                    known.put(file.scan().sha256(), fileId);
                    newFiles.add(new NewFile(fileId, file.path()));
                }
                registry.field(fileId).field(kind.cliName()).field(file.path().toString()).field(file.path().getFileName().toString())
                        .field(file.scan().bytes()).field(file.scan().sha256()).field(duplicateOf == null ? null : duplicateOf.toString());
                registry.endRow();
                files++;
                bytes += file.scan().bytes();
            }
        } catch (IOException e) {
            throw new SQLException("cannot send the batch's files to PostgreSQL: " + e.getMessage(), e);
        }
        for (Scanned file : unreadableFiles) {
            FileBatches.quarantineUnreadable(connection, file.path(), file.error());
        }
        land(newFiles);
        SqlScript.execute(connection, loadScript);
        SqlScript.execute(connection, finishScript);
        return FileBatches.totals(connection, kind, files, unreadable, bytes);
    }

    /** Streams every line of the new files to the temporary table {@code lines}, split into fields. */
    private void land(List<NewFile> files) throws SQLException {
        if (files.isEmpty()) {
            return;
        }
        LineReader reader = FileBatches.reader();
        try (CopyWriter lines = copy("COPY lines FROM STDIN")) {
            for (NewFile file : files) {
                try {
                    reader.read(file.path(), (lineNumber, text, problem) -> write(lines, file.id(), lineNumber, text, problem));
                } catch (IOException e) {
                    throw new SQLException("cannot read " + file.path() + " a second time: " + e.getMessage(), e);
                }
            }
        } catch (UncheckedIOException e) {
            throw new SQLException("cannot send lines to PostgreSQL: " + e.getCause().getMessage(), e.getCause());
        } catch (IOException e) {
            throw new SQLException("cannot send lines to PostgreSQL: " + e.getMessage(), e);
        }
    }

    private void write(CopyWriter lines, int fileId, long lineNumber, String text, String problem) {
        try {
            String reason = problem != null ? problem : fields.read(text);
            lines.field(fileId).field(lineNumber).field(text).field(reason);
            if (reason != null) {
                lines.field((String) null);
                for (int i = 0; i < fields.size(); i++) {
                    lines.field((String) null);
                }
            } else {
                lines.field(fields.unknownKeys());
                for (int i = 0; i < fields.size(); i++) {
                    lines.field(fields.value(i));
                }
            }
            lines.endRow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CopyWriter copy(String sql) throws SQLException {
        return new CopyWriter(new PGCopyOutputStream(connection.unwrap(PGConnection.class), sql, 1 << 16));
    }

    private void createBatchTables() throws SQLException {
        StringBuilder keyColumns = new StringBuilder();
        for (String key : kind.keys()) {
            keyColumns.append(", \"").append(key).append("\" text");
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE batch_files (file_id integer, kind text, path text, name text, size bigint, sha256 text, duplicate_of integer) ON COMMIT DROP");
            statement.execute("CREATE TEMP TABLE lines (file_id integer, line_no bigint, raw text, problem text, unknown_keys boolean" + keyColumns + ") ON COMMIT DROP");
            statement.execute("CREATE TEMP TABLE batch_counts (file_id integer, good bigint, total bigint) ON COMMIT DROP");
        }
    }

    /** A file of the batch whose content is new, with the id it gets. */
    private record NewFile(int id, Path path) {
    }
}
