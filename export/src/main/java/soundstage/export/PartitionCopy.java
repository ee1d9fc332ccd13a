package soundstage.export;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Writes one partition of a table to one file. DuckDB writes every file with its {@code COPY},
 * ordered by all columns, so the same rows give the same bytes: on a DuckDB warehouse straight
 * from the table ({@link DirectCopy}), on any other after streaming the partition's rows into an
 * in-memory DuckDB ({@link StreamedCopy}).
 *
 * <p>Not thread-safe; one export uses one.
 */
interface PartitionCopy extends AutoCloseable {
    /** Writes the rows of {@code partition} of {@code table} to {@code target} (a new file) in {@code format}. */
    void write(LakeTable table, Partition partition, LakeFormat format, Path target) throws SQLException;

    @Override
    void close() throws SQLException;

    /** Session settings of every DuckDB connection that writes lake files. */
    static void prepare(Connection duckdb) throws SQLException {
        try (Statement statement = duckdb.createStatement()) {
            // JSON writes TIMESTAMP WITH TIME ZONE as text in the session's time zone: make it the same everywhere.
            statement.execute("SET TimeZone = 'UTC'");
        }
    }

    /** Runs DuckDB's COPY of {@code query}'s rows, ordered by all columns, to {@code target}. */
    static void copy(Connection duckdb, String query, LakeFormat format, Path target) throws SQLException {
        String path = target.toAbsolutePath().toString().replace("'", "''");
        try (Statement statement = duckdb.createStatement()) {
            statement.execute("COPY (" + query + " ORDER BY ALL) TO '" + path + "' (" + format.copyOption() + ")");
        }
    }
}
