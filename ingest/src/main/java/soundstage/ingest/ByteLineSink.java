package soundstage.ingest;

/** Receives the lines of a file as UTF-8 bytes, from {@link LineReader#readBytes}. */
@FunctionalInterface
public interface ByteLineSink {
    /**
     * @param lineNumber 1-based line number in the file, counting blank lines
     * @param bytes holds the line without its line ending in {@code bytes[from, to)}: valid UTF-8,
     *     not blank; the array is the reader's buffer, reused for the next lines, so copy what
     *     must outlive the call
     */
    void line(long lineNumber, byte[] bytes, int from, int to);
}
