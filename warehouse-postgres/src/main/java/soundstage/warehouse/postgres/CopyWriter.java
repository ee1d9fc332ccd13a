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
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> { put((byte) '\\'); put((byte) '\\'); }
                    case '\t' -> { put((byte) '\\'); put((byte) 't'); }
                    case '\n' -> { put((byte) '\\'); put((byte) 'n'); }
                    case '\r' -> { put((byte) '\\'); put((byte) 'r'); }
                    case '\0' -> putUtf8("\uFFFD");
                    default -> put((byte) c);
                }
            } else {
                int end = i + 1;
                while (end < value.length() && value.charAt(end) >= 0x80) {
                    end++;
                }
                putUtf8(value.substring(i, end));
                i = end - 1;
            }
        }
        return this;
    }

    void endRow() throws IOException {
        put((byte) '\n');
        firstField = true;
        if (size >= CHUNK) {
            flush();
        }
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
