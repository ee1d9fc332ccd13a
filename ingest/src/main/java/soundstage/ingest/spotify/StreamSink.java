package soundstage.ingest.spotify;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.SQLException;

/**
 * Where a dialect puts the rows of one batch: {@code source.spotify_streams}, in the batch's
 * transaction. Rows are encoded in the dialect's bulk format by the reading workers (one
 * {@link Encoder} each, in parallel); the encoded bytes reach {@link #write(byte[])} on the
 * loader's thread, which owns the connection. {@link #close()} ends the load (ends the COPY,
 * or loads the spilled file); only then may the connection run other statements.
 */
public interface StreamSink extends AutoCloseable {
    /**
     * An encoder for one worker. It writes whole rows to {@code out}, in chunks, and may be
     * called from any thread; each encoder is used by one.
     */
    Encoder encoder(OutputStream out);

    /** Takes a chunk of encoded rows (whole rows only); called on the loader's thread. */
    void write(byte[] chunk) throws SQLException;

    @Override
    void close() throws SQLException;

    /** Turns rows into the sink's bytes. Not thread-safe. */
    interface Encoder {
        void write(StreamRow row) throws IOException;

        /** Writes out what is still buffered. */
        void flush() throws IOException;
    }

    /** Opens a sink for one batch on the loader's connection. */
    @FunctionalInterface
    interface Factory {
        StreamSink open() throws SQLException;
    }
}
