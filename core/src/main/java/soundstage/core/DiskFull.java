package soundstage.core;

import java.sql.SQLException;

/**
 * Recognises a failure caused by a full disk: the operating system's "No space left on device"
 * (in DuckDB's messages and Java's I/O errors) or "Disk quota exceeded", or PostgreSQL's SQL
 * state class 53 ({@code disk_full}, out of memory or connections is not this). Like a lost
 * connection it says nothing about the work: what was not committed was rolled back, and the
 * fix is space, then the same command again, so no stack trace is shown for it.
 */
public final class DiskFull {
    private DiskFull() {
    }

    /** Whether {@code failure}, one of its causes or a failure attached to them says a disk is full. */
    public static boolean in(Throwable failure) {
        return Causes.of(failure, cause -> false).stream()
                .anyMatch(cause -> cause instanceof SQLException sql && "53100".equals(sql.getSQLState()) || says(cause.getMessage()));
    }

    /** Whether {@code message} (a failure's, as recorded; may be null) is the system's for a full disk. */
    public static boolean says(String message) {
        return message != null && (message.contains("No space left on device") || message.contains("Disk quota exceeded"));
    }

    /** What to do after {@code failure}: free space when a disk is full, else {@code otherwise}. */
    public static String fix(Throwable failure, String otherwise) {
        return in(failure) ? "The disk is full: free some space on it and try again." : otherwise;
    }
}
