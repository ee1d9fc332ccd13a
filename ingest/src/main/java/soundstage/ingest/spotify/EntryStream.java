package soundstage.ingest.spotify;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import soundstage.ingest.WideEncoding;

/**
 * The bytes of one file on their way to the JSON parser, read once: they are hashed (SHA-256 of
 * every byte, byte order mark included), counted against a limit (a zip entry may not expand
 * beyond what it declares), and the bytes of the current record are kept, so a record that is
 * quarantined or has unknown keys is stored exactly as read. A UTF-8 byte order mark is hashed
 * but not passed on; offsets are those of the bytes passed on, as the parser sees them.
 *
 * <p>Not thread-safe: one reader.
 */
final class EntryStream extends InputStream {
    private final InputStream in;
    private final MessageDigest sha256;
    private final long limit;
    private long read;                // bytes read from in
    private byte[] head;              // the first bytes, read ahead to look at the encoding
    private int headPosition;
    private long delivered;           // bytes passed on
    private byte[] kept = new byte[1 << 16];
    private long keptFrom;            // offset of kept[0]
    private int keptLength;

    /** @param limit the most bytes {@code in} may hold; more is an error */
    EntryStream(InputStream in, long limit) throws IOException {
        this.in = in;
        this.limit = limit;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        byte[] first = in.readNBytes(WideEncoding.HEAD_BYTES);
        count(first, 0, first.length);
        boolean bom = first.length >= 3 && (first[0] & 0xFF) == 0xEF && (first[1] & 0xFF) == 0xBB && (first[2] & 0xFF) == 0xBF;
        head = bom ? Arrays.copyOfRange(first, 3, first.length) : first;
        encodingProblem = encodingProblem(first);
    }

    private final String encodingProblem;

    /** Why the bytes are not UTF-8 at first sight (a UTF-16 or UTF-32 file), with what to do, or null. */
    String encodingProblem() {
        return encodingProblem;
    }

    private static String encodingProblem(byte[] first) {
        String encoding = WideEncoding.of(first, first.length);
        return encoding == null ? null : WideEncoding.problem(encoding);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int n;
        if (headPosition < head.length) {
            n = Math.min(length, head.length - headPosition);
            System.arraycopy(head, headPosition, buffer, offset, n);
            headPosition += n;
        } else {
            n = in.read(buffer, offset, length);
            if (n < 0) {
                return -1;
            }
            count(buffer, offset, n);
        }
        keep(buffer, offset, n);
        delivered += n;
        return n;
    }

    private void count(byte[] buffer, int offset, int n) throws IOException {
        read += n;
        if (read > limit) {
            throw new LimitExceeded(limit);
        }
        sha256.update(buffer, offset, n);
    }

    private void keep(byte[] buffer, int offset, int n) {
        if (keptLength + n > kept.length) {
            kept = Arrays.copyOf(kept, Math.max(kept.length * 2, keptLength + n));
        }
        System.arraycopy(buffer, offset, kept, keptLength, n);
        keptLength += n;
    }

    /** Forgets the bytes before {@code offset}: the reader needs none of them again. */
    void forgetBefore(long offset) {
        int drop = (int) Math.min(Math.max(offset - keptFrom, 0), keptLength);
        System.arraycopy(kept, drop, kept, 0, keptLength - drop);
        keptLength -= drop;
        keptFrom += drop;
    }

    /** The bytes from {@code from} to {@code to} (offsets as passed on), which must not be forgotten yet. */
    byte[] slice(long from, long to) {
        int start = (int) (from - keptFrom);
        int end = (int) Math.min(to - keptFrom, keptLength);
        return Arrays.copyOfRange(kept, Math.max(start, 0), Math.max(end, Math.max(start, 0)));
    }

    /** Reads what is left (so the hash covers the whole file) and returns the SHA-256 in hex. */
    String finish() throws IOException {
        byte[] rest = new byte[1 << 16];
        while (true) {
            int n = in.read(rest);
            if (n < 0) {
                break;
            }
            count(rest, 0, n);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** Bytes read so far, byte order mark included. */
    long bytesRead() {
        return read;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** A file holds more bytes than it may. */
    static final class LimitExceeded extends IOException {
        private static final long serialVersionUID = 1L;

        LimitExceeded(long limit) {
            super("expands beyond " + limit + " bytes");
        }
    }
}
