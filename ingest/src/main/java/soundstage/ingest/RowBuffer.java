package soundstage.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Rows of a text bulk-load format (PostgreSQL's COPY text, CSV), buffered: the stream only ever
 * receives whole rows, in chunks of about {@value #CHUNK} bytes, so the output of several writers
 * may be interleaved chunk by chunk. Subclasses write the fields; this class keeps the bytes.
 *
 * <p>Not thread-safe.
 */
public abstract class RowBuffer implements AutoCloseable {
    /** Rows are handed on once this many bytes are buffered. */
    protected static final int CHUNK = 1 << 16;

    private final OutputStream out;
    private byte[] buffer = new byte[CHUNK];
    private int size;
    private boolean firstField = true;

    protected RowBuffer(OutputStream out) {
        this.out = out;
    }

    /** Starts a field: writes {@code separator} before every field of a row but the first. */
    protected final void startField(byte separator) {
        if (!firstField) {
            put(separator);
        }
        firstField = false;
    }

    /** Ends the row; hands the buffered rows on when they fill a chunk. */
    public final void endRow() throws IOException {
        put((byte) '\n');
        firstField = true;
        if (size >= CHUNK) {
            flush();
        }
    }

    /** Writes the rows so far; only called between rows. */
    public final void flush() throws IOException {
        if (size > 0) {
            out.write(buffer, 0, size);
            size = 0;
        }
        if (buffer.length > 16 * CHUNK) {
            buffer = new byte[CHUNK];   // a row longer than a chunk grew it; do not keep that much
        }
    }

    /** Flushes and closes the stream (which ends a COPY); closes it also when flushing failed, so it can let go of what it holds. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        try {
            flush();
        } catch (IOException e) {
            failure = e;
        }
        try {
            out.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    protected final void append(byte[] bytes, int from, int to) {
        int length = to - from;
        if (size + length > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + length));   // a row longer than a chunk
        }
        System.arraycopy(bytes, from, buffer, size, length);
        size += length;
    }

    protected final void put(byte b) {
        if (size == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);   // a row longer than a chunk
        }
        buffer[size++] = b;
    }
}
