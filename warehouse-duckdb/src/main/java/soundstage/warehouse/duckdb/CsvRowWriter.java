package soundstage.warehouse.duckdb;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes rows as CSV for DuckDB's reader: comma between fields, text always in double quotes
 * (a quote doubled), NULL as nothing, so an empty text ({@code ""}) stays apart from NULL
 * (read with {@code allow_quoted_nulls = false}). Buffered; the stream receives whole rows in
 * chunks of about {@value #CHUNK} bytes.
 *
 * <p>Not thread-safe.
 */
final class CsvRowWriter {
    private static final int CHUNK = 1 << 16;

    private final OutputStream out;
    private byte[] buffer = new byte[CHUNK + 1024];
    private int size;
    private boolean firstField = true;

    CsvRowWriter(OutputStream out) {
        this.out = out;
    }

    CsvRowWriter text(String value) {
        separate();
        if (value == null) {
            return this;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        put((byte) '"');
        int from = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '"') {
                append(bytes, from, i + 1);
                put((byte) '"');
                from = i + 1;
            }
        }
        append(bytes, from, bytes.length);
        put((byte) '"');
        return this;
    }

    /** A value whose text needs no quotes (numbers, booleans, timestamps), or NULL. */
    CsvRowWriter plain(String value) {
        separate();
        if (value != null) {
            byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
            append(bytes, 0, bytes.length);
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

    void flush() throws IOException {
        if (size > 0) {
            out.write(buffer, 0, size);
            size = 0;
        }
        if (buffer.length > 16 * CHUNK) {
            buffer = new byte[CHUNK + 1024];
        }
    }

    private void separate() {
        if (!firstField) {
            put((byte) ',');
        }
        firstField = false;
    }

    private void append(byte[] bytes, int from, int to) {
        int length = to - from;
        if (size + length > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + length));
        }
        System.arraycopy(bytes, from, buffer, size, length);
        size += length;
    }

    private void put(byte b) {
        if (size == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        buffer[size++] = b;
    }
}
