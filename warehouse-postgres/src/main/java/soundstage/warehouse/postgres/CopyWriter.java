package soundstage.warehouse.postgres;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes rows in PostgreSQL's COPY text format (tab between fields, {@code \N} for NULL,
 * backslash escapes) as UTF-8 to a stream, buffered. The one character text cannot hold, U+0000,
 * is written as U+FFFD; callers quarantine such lines, so only their kept copy changes.
 */
final class CopyWriter implements AutoCloseable {
    private final OutputStream out;
    private final byte[] buffer = new byte[1 << 16];
    private int size;
    private boolean firstField = true;

    CopyWriter(OutputStream out) {
        this.out = out;
    }

    CopyWriter field(long value) throws IOException {
        return field(Long.toString(value));
    }

    CopyWriter field(boolean value) throws IOException {
        return field(value ? "t" : "f");
    }

    CopyWriter field(String value) throws IOException {
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
    }

    private void putUtf8(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            put(b);
        }
    }

    private void put(byte b) throws IOException {
        if (size == buffer.length) {
            flush();
        }
        buffer[size++] = b;
    }

    void flush() throws IOException {
        out.write(buffer, 0, size);
        size = 0;
    }

    /** Flushes and closes the stream, which ends the COPY. */
    @Override
    public void close() throws IOException {
        flush();
        out.close();
    }
}
