package soundstage.warehouse.duckdb;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import soundstage.ingest.RowBuffer;

/**
 * Writes rows as CSV for DuckDB's reader: comma between fields, text always in double quotes
 * (a quote doubled), NULL as nothing, so an empty text ({@code ""}) stays apart from NULL
 * (read with {@code allow_quoted_nulls = false}). Buffered in whole rows ({@link RowBuffer}).
 *
 * <p>Not thread-safe.
 */
final class CsvRowWriter extends RowBuffer {
    CsvRowWriter(OutputStream out) {
        super(out);
    }

    CsvRowWriter text(String value) {
        startField((byte) ',');
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
        startField((byte) ',');
        if (value != null) {
            byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
            append(bytes, 0, bytes.length);
        }
        return this;
    }
}
