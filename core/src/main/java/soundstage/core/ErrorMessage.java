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

    private ErrorMessage() {
    }

    /** The most useful line of {@code e}'s message (or its causes'), without an "Error: " prefix. */
    public static String of(Throwable e) {
        for (Throwable current = e; current != null; current = current.getCause()) {
            String message = current.getMessage();
            if (message == null) {
                continue;
            }
            for (String line : message.lines().map(String::strip).toList()) {
                if (!line.isEmpty() && PREAMBLES.stream().noneMatch(line::startsWith)) {
                    return line.startsWith("Error: ") ? line.substring("Error: ".length()) : line;
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
}
