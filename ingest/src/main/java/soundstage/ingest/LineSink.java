package soundstage.ingest;

/** Receives the lines of a file in order. */
@FunctionalInterface
public interface LineSink {
    /**
     * @param lineNumber 1-based line number in the file, counting blank lines
     * @param text the line without its line ending (never null, never blank)
     * @param problem why the line is unusable before any parsing (for example not UTF-8), or null
     */
    void line(long lineNumber, String text, String problem);
}
