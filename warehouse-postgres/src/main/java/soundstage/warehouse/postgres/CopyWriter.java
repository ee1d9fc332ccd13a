package soundstage.warehouse.postgres;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import soundstage.ingest.RowBuffer;

/**
 * Writes rows in PostgreSQL's COPY text format (tab between fields, {@code \N} for NULL,
 * backslash escapes) as UTF-8 to a stream, buffered in whole rows ({@link RowBuffer}). The one character text
 * cannot hold, U+0000, is written as U+FFFD; callers quarantine such lines, so only their kept
 * copy changes.
 */
final class CopyWriter extends RowBuffer {
    CopyWriter(OutputStream out) {
        super(out);
    }

    CopyWriter field(long value) {
        return field(Long.toString(value));
    }

    CopyWriter field(boolean value) {
        return field(value ? "t" : "f");
    }

    CopyWriter field(String value) {
        startField((byte) '\t');
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

    /**
     * A field of UTF-8 bytes that need no escape: no backslash and no control character (a JSON
     * string as written, without escapes).
     */
    CopyWriter field(byte[] utf8, int from, int to) {
        startField((byte) '\t');
        append(utf8, from, to);
        return this;
    }

    private void putUtf8(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            put(b);
        }
    }
}
