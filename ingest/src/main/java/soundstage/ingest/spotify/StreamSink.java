package soundstage.ingest.spotify;

import java.sql.SQLException;

/**
 * Where a dialect puts the rows of one batch: {@code source.spotify_streams}, in the batch's
 * transaction. Called from one thread. {@link #close()} ends the load (flushes the appender, ends
 * the COPY); only then may the connection run other statements.
 */
public interface StreamSink extends AutoCloseable {
    void write(StreamRow row) throws SQLException;

    @Override
    void close() throws SQLException;

    /** Opens a sink for one batch on the loader's connection. */
    @FunctionalInterface
    interface Factory {
        StreamSink open() throws SQLException;
    }
}
