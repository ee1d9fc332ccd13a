package soundstage.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CoderResult;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Streams a file as lines while hashing its bytes, in one pass and constant memory.
 *
 * <p>Lines end at {@code \n}; a {@code \r} before it is dropped (CRLF files), the last line may
 * lack a line ending, a UTF-8 byte order mark at the start is skipped, and blank lines are counted
 * but not handed on. A line that is not valid UTF-8 or is longer than {@link #MAX_LINE_BYTES} is
 * handed on with a problem (and at most {@link #KEPT_PREFIX} characters) so it can be quarantined.
 * A file in UTF-16 or UTF-32 ({@link WideEncoding}) is handed on as one problem, numbered line 0
 * as the quarantine numbers a whole file, with its first characters.
 *
 * <p>Not thread-safe; use one instance per thread.
 */
public final class LineReader {
    /**
     * Lines longer than this are not parsed, on either warehouse: no real Sparkify event or song
     * comes close (they are under 1 KB). DuckDB parses 2,048 lines at a time, a few copies of each
     * on every core, so wider lines ran it out of its 1 GB: a file of 64 KiB lines (and two files of
     * 32 KiB lines loading side by side) failed the whole ingest with "Out of Memory"; 16 MiB was
     * the limit before.
     */
    public static final int MAX_LINE_BYTES = 16 * 1024;
    /** How much of an unusable line is kept for the quarantine. */
    public static final int KEPT_PREFIX = 1000;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] buffer = new byte[1 << 20];
    private byte[] line = new byte[1 << 16];
    private final MessageDigest digest;
    private boolean utf8;
    private final CharBuffer chars = CharBuffer.allocate(1 << 20);
    /** Checks single lines; one per reader, as creating a decoder per line costs more than the check. */
    private final CharsetDecoder lineDecoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    public LineReader() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Hashes a file, checks that it is valid UTF-8 and counts its non-blank lines as
     * {@link #read(Path, LineSink)} would hand them over, without splitting it into lines.
     */
    public FileScan hash(Path file) throws IOException {
        digest.reset();
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(buffer);
        CharBuffer out = chars;
        boolean utf8 = true;
        long bytes = 0;
        long lines = 0;
        boolean content = false;   // whether the current line has a character other than white space
        boolean wide = false;
        try (InputStream stream = Files.newInputStream(file)) {
            int carried = 0;   // bytes of a character split across reads, kept at the buffer's start
            int n;
            while ((n = stream.read(buffer, carried, buffer.length - carried)) > 0) {
                digest.update(buffer, carried, n);
                if (bytes == 0 && WideEncoding.of(buffer, n) != null) {
                    wide = true;   // split in Java, which refuses it as a whole, as one line (see read)
                    utf8 = false;
                }
                int from = carried;
                if (bytes == 0 && n >= 3 && (buffer[0] & 0xff) == 0xEF && (buffer[1] & 0xff) == 0xBB && (buffer[2] & 0xff) == 0xBF) {
                    from = 3;   // a byte order mark is not content
                }
                for (int i = from, end = carried + n; i < end; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        if (content) {
                            lines++;
                            content = false;
                        }
                    } else if (!content && b != ' ' && b != '\t' && b != '\r') {
                        content = true;
                    }
                }
                bytes += n;
                if (utf8) {
                    in.limit(carried + n).position(0);
                    out.clear();
                    utf8 = !decoder.decode(in, out, false).isError();
                    // What is left is a character split across reads, unless the bytes are not
                    // UTF-8: then the decoder stopped at them, and nothing is carried (carrying
                    // them left no room to read into, which ended the hash early).
                    carried = utf8 ? in.remaining() : 0;
                    System.arraycopy(buffer, in.position(), buffer, 0, carried);
                } else {
                    carried = 0;
                }
            }
            if (utf8) {
                in.limit(carried).position(0);
                out.clear();
                utf8 = !decoder.decode(in, out, true).isError() && !decoder.flush(out).isError();
            }
        }
        return new FileScan(bytes, wide ? 1 : content ? lines + 1 : lines, HexFormat.of().formatHex(digest.digest()), utf8);
    }

    /**
     * Reads {@code file}, handing each non-blank line to {@code sink}.
     */
    public FileScan read(Path file, LineSink sink) throws IOException {
        return read(file, sink, null);
    }

    /**
     * Reads {@code file} for a reader that parses bytes itself: each usable non-blank line goes to
     * {@code lines} as UTF-8 bytes (checked to be valid UTF-8, not decoded), and lines that are
     * not usable (not UTF-8, too long) go to {@code problems} with their reason.
     */
    public FileScan readBytes(Path file, ByteLineSink lines, LineSink problems) throws IOException {
        return read(file, problems, lines);
    }

    private FileScan read(Path file, LineSink sink, ByteLineSink bytesSink) throws IOException {
        digest.reset();
        utf8 = true;
        long bytes = 0;
        long lineNumber = 1;
        long lines = 0;
        int length = 0;       // bytes of the current line kept in `line`, when it began in an earlier read
        long lineBytes = 0;   // bytes of the current line seen in earlier reads, may exceed MAX_LINE_BYTES
        boolean first = true;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
                bytes += n;
                int start = 0;
                if (first) {
                    first = false;
                    String encoding = WideEncoding.of(buffer, n);
                    if (encoding != null) {
                        utf8 = false;
                        sink.line(0, widePrefix(encoding, n), WideEncoding.problem(encoding));
                        while ((n = in.read(buffer)) > 0) {
                            digest.update(buffer, 0, n);
                            bytes += n;
                        }
                        return new FileScan(bytes, 1, HexFormat.of().formatHex(digest.digest()), false);
                    }
                    if (n >= 3 && (buffer[0] & 0xff) == 0xEF && (buffer[1] & 0xff) == 0xBB && (buffer[2] & 0xff) == 0xBF) {
                        start = 3;
                    }
                }
                for (int end = newline(start, n); end >= 0; end = newline(start, n)) {
                    boolean handed;
                    if (lineBytes == 0) {   // the whole line is in this read: handed on in place
                        handed = emit(sink, bytesSink, lineNumber, buffer, start, end, end - start);
                    } else {
                        length = append(start, end, length, lineBytes);
                        lineBytes += end - start;
                        handed = emit(sink, bytesSink, lineNumber, line, 0, length, lineBytes);
                    }
                    if (handed) {
                        lines++;
                    }
                    lineNumber++;
                    length = 0;
                    lineBytes = 0;
                    start = end + 1;
                }
                length = append(start, n, length, lineBytes);
                lineBytes += n - start;
            }
        }
        if (lineBytes > 0 && emit(sink, bytesSink, lineNumber, line, 0, length, lineBytes)) {
            lines++;
        }
        return new FileScan(bytes, lines, HexFormat.of().formatHex(digest.digest()), utf8);
    }

    /**
     * The index of the first line feed in buffer[from, to), or -1: eight bytes at a time (a word
     * has a line feed when one of its bytes XOR 0x0A is zero), the rest one by one. A method of
     * its own, called per line, so that the JIT compiles it on its own (inside the per-file loop
     * it ran as on-stack-replaced code: a quarter of the PostgreSQL loader's parsing CPU).
     */
    private int newline(int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = (long) LONGS.get(buffer, i) ^ 0x0A0A0A0A0A0A0A0AL;
            long zero = (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
            if (zero != 0) {
                return i + Long.numberOfTrailingZeros(zero) / 8;   // the lowest flagged byte is a real zero
            }
        }
        for (; i < to; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Why a line longer than {@link #MAX_LINE_BYTES} is quarantined (DuckDB's reading of files says the same). */
    public static String tooLong() {
        return "line is longer than " + MAX_LINE_BYTES + " bytes (Sparkify lines are under 1 KB; a longer one is not read)";
    }

    /** Copies buffer[from, to) after the first {@code length} bytes of the line, up to the limit. */
    private int append(int from, int to, int length, long lineBytes) {
        if (lineBytes > MAX_LINE_BYTES) {
            return length;
        }
        int count = to - from;
        int keep = (int) Math.min(count, MAX_LINE_BYTES + 1L - lineBytes);
        if (length + keep > line.length) {
            line = Arrays.copyOf(line, Math.max(length + keep, line.length * 2));
        }
        System.arraycopy(buffer, from, line, length, keep);
        return length + keep;
    }

    /**
     * Hands the finished line in bytes[from, to) to the sink (the byte sink, when there is one);
     * {@code lineBytes} is its whole length, which may exceed what was kept. Returns false for a
     * blank line.
     */
    private boolean emit(LineSink sink, ByteLineSink bytesSink, long lineNumber, byte[] bytes, int from, int to, long lineBytes) {
        int end = to;
        if (end > from && bytes[end - 1] == '\r') {
            end--;
        }
        if (isBlank(bytes, from, end)) {
            return false;
        }
        // (a line of exactly the limit ending in CR, as DuckDB counts it after taking CRLF for LF, is not too long)
        if (lineBytes > MAX_LINE_BYTES && !(lineBytes == MAX_LINE_BYTES + 1L && end < to)) {
            sink.line(lineNumber, prefix(bytes, from, end), tooLong());
            return true;
        }
        if (bytesSink != null) {
            if (isAscii(bytes, from, end) || isValidUtf8(bytes, from, end)) {
                bytesSink.line(lineNumber, bytes, from, end);
            } else {
                utf8 = false;
                sink.line(lineNumber, prefix(bytes, from, end), "line is not valid UTF-8; save the file as UTF-8 and ingest it again");
            }
            return true;
        }
        String text = new String(bytes, from, end - from, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0 && !isValidUtf8(bytes, from, end)) {
            utf8 = false;
            sink.line(lineNumber, prefix(bytes, from, end), "line is not valid UTF-8; save the file as UTF-8 and ingest it again");
            return true;
        }
        sink.line(lineNumber, text, null);
        return true;
    }

    private static boolean isAscii(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** The first characters of a file in {@code encoding} whose first {@code n} bytes are in the buffer, for the quarantine. */
    private String widePrefix(String encoding, int n) {
        String text = new String(buffer, 0, Math.min(n, KEPT_PREFIX * 4), Charset.forName(encoding));
        return kept(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    private static String prefix(byte[] bytes, int from, int to) {
        return kept(new String(bytes, from, Math.min(to - from, KEPT_PREFIX * 4), StandardCharsets.UTF_8));
    }

    /**
     * The first {@link #KEPT_PREFIX} characters of {@code text}, counted as code points, as DuckDB's
     * {@code left()} counts them on the other loader: a cut by UTF-16 units could split a character
     * outside the Basic Multilingual Plane (an emoji) and keep half of it.
     */
    static String kept(String text) {
        return text.codePointCount(0, text.length()) > KEPT_PREFIX ? text.substring(0, text.offsetByCodePoints(0, KEPT_PREFIX)) : text;
    }

    private boolean isValidUtf8(byte[] bytes, int from, int to) {
        lineDecoder.reset();
        ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
        while (true) {
            chars.clear();
            CoderResult result = lineDecoder.decode(in, chars, true);
            if (result.isError()) {
                return false;
            }
            if (result.isUnderflow()) {
                chars.clear();
                return !lineDecoder.flush(chars).isError();
            }
        }
    }
}
