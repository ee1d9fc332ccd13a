package soundstage.core;

import java.util.List;

/**
 * The one line of an exception worth showing a person. Database drivers wrap the real error in
 * preambles (DuckDB's JDBC driver starts many messages with "Attempting to execute an
 * unsuccessful or closed pending query result" and puts the cause on a later line); this skips
 * them and the blank lines, and follows causes when a message is empty.
 */
public final class ErrorMessage {
    private static final List<String> PREAMBLES = List.of(
            "Invalid Input Error: Attempting to execute an unsuccessful or closed pending query result",
            "Attempting to execute an unsuccessful or closed pending query result");

    /**
     * PostgreSQL's second line, which names what the first speaks of ("view bi.top depends on
     * table dashboard.top_songs", "Key (id)=(7) already exists."): kept, in brackets. Its hints
     * are not: they speak to someone writing SQL ("Use DROP ... CASCADE").
     */
    private static final String DETAIL = "Detail:";

    private ErrorMessage() {
    }

    private static String withoutStop(String text) {
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    /** The most useful line of {@code e}'s message (or its causes'), without an "Error: " prefix. */
    public static String of(Throwable e) {
        for (Throwable current = e; current != null; current = current.getCause()) {
            String message = current.getMessage();
            if (message == null) {
                continue;
            }
            List<String> lines = message.lines().map(String::strip).toList();
            for (String line : lines) {
                if (!line.isEmpty() && PREAMBLES.stream().noneMatch(line::startsWith)) {
                    String first = line.startsWith("Error: ") ? line.substring("Error: ".length()) : line;
                    return lines.stream().filter(detail -> detail.startsWith(DETAIL)).findFirst()
                            .map(detail -> first + " (" + withoutStop(detail.substring(DETAIL.length()).strip()) + ")")
                            .orElse(first);
                }
            }
        }
        return e.getClass().getSimpleName();
    }

    /** As {@link #of}, without final punctuation, to stand inside a sentence of ours. */
    public static String clause(Throwable e) {
        String line = of(e);
        int end = line.length();
        while (end > 0 && ".!".indexOf(line.charAt(end - 1)) >= 0) {
            end--;
        }
        return line.substring(0, end);
    }

    /**
     * What went wrong with a file, in words: "permission denied", "no such file", "no space left on
     * device"... (Java's messages for these are often the path alone.)
     */
    public static String ofFile(java.io.IOException e) {
        String reason = e instanceof java.nio.file.FileSystemException fs ? fs.getReason() : null;
        if (reason != null && !reason.isBlank()) {
            return reason.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + reason.substring(1);
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException exists) {
            return "'" + exists.getFile() + "' already exists";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.FileSystemException) {
            return "the file system refused it";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
