package soundstage.warehouse.postgres;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes rows in PostgreSQL's COPY text format (tab between fields, {@code \N} for NULL,
 * backslash escapes) as UTF-8 to a stream, buffered. The stream only ever receives whole rows,
 * so the output of several writers may be interleaved chunk by chunk. The one character text
 * cannot hold, U+0000, is written as U+FFFD; callers quarantine such lines, so only their kept
 * copy changes.
 */
final class CopyWriter implements AutoCloseable {
    private final OutputStream out;
    private static final int CHUNK = 1 << 16;
    private byte[] buffer = new byte[CHUNK];
    private int size;
    private boolean firstField = true;

    CopyWriter(OutputStream out) {
        this.out = out;
    }

    CopyWriter field(long value) {
        return field(Long.toString(value));
    }

    CopyWriter field(boolean value) {
        return field(value ? "t" : "f");
    }

    CopyWriter field(String value) {
        if (!firstField) {
            put((byte) '\t');
        }
        firstField = false;
        if (value == null) {
            put((byte) '\\');
            put((byte) 'N');
            return this;
        }
        // UTF-8 first (one bulk conversion), then escapes: the bytes that need one are all ASCII,
        // and no byte of a multi-byte UTF-8 sequence is ASCII, so a byte scan finds them.
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int from = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '\\' || (b >= 0 && b < 0x20 && (b == '\t' || b == '\n' || b == '\r' || b == 0))) {
                append(bytes, from, i);
                from = i + 1;
                switch (b) {
                    case '\\' -> { put((byte) '\\'); put((byte) '\\'); }
                    case '\t' -> { put((byte) '\\'); put((byte) 't'); }
                    case '\n' -> { put((byte) '\\'); put((byte) 'n'); }
                    case '\r' -> { put((byte) '\\'); put((byte) 'r'); }
                    default -> putUtf8("\uFFFD");
                }
            }
        }
        append(bytes, from, bytes.length);
        return this;
    }

    void endRow() throws IOException {
        put((byte) '\n');
        firstField = true;
        if (size >= CHUNK) {
            flush();
        }
    }

    private void append(byte[] bytes, int from, int to) {
        int length = to - from;
        if (size + length > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + length));   // a row longer than a chunk
        }
        System.arraycopy(bytes, from, buffer, size, length);
        size += length;
    }

    private void putUtf8(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            put(b);
        }
    }

    private void put(byte b) {
        if (size == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);   // a row longer than a chunk
        }
        buffer[size++] = b;
    }

    /** Writes the rows so far; only called between rows. */
    void flush() throws IOException {
        out.write(buffer, 0, size);
        size = 0;
        if (buffer.length > 16 * CHUNK) {
            buffer = new byte[CHUNK];
        }
    }

    /** Flushes and closes the stream, which ends the COPY. */
    @Override
    public void close() throws IOException {
        flush();
        out.close();
    }
}
