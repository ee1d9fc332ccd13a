package soundstage.core;

/**
 * Receives progress of long work. Implementations decide how to show it (a bar on a terminal,
 * nothing in a pipe); callers report often and cheaply.
 */
public interface Progress {
    /** Progress that shows nothing. */
    Progress NONE = (done, total) -> { };

    /**
     * @param done units finished so far (bytes, rows, files: the caller's choice, consistent per task)
     * @param total units in all, or -1 when unknown
     */
    void update(long done, long total);
}
