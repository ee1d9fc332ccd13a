package soundstage.core;

import java.sql.SQLException;

/**
 * Recognises a failure caused by losing the connection to a database server: the server ended
 * the session (shut down, restarted, an administrator terminated it: SQL state 57P01-57P03) or
 * the connection broke or was closed under the command (class 08). Such a failure says nothing
 * about the work, and everything not yet committed was rolled back by the server, so running
 * the same command again is the fix.
 */
public final class LostConnection {
    private LostConnection() {
    }

    /** Whether {@code failure}, one of its causes or a failure attached to them is a lost connection. */
    public static boolean in(Throwable failure) {
        return find(failure) != null;
    }

    /**
     * What the server said when it ended the session ("terminating connection due to
     * administrator command"), or null: when the connection broke instead, the driver's messages
     * ("An I/O error occurred while sending to the backend") tell a person nothing more.
     */
    public static String serverSaid(Throwable failure) {
        SQLException lost = find(failure);
        return lost == null || !lost.getSQLState().startsWith("57P0") ? null : ErrorMessage.clause(lost);
    }

    /** Whether a failure with SQL state {@code state} is a lost connection: class 08, or the server ending the session (57P01-57P03). */
    public static boolean isLostState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P0"));
    }

    /** The line for a person and the run history: {@link #describe} for a lost connection, else {@link ErrorMessage#of}. */
    public static String messageOf(Throwable failure) {
        return in(failure) ? describe(failure) : ErrorMessage.of(failure);
    }

    /** One sentence for a person: the connection was lost, and why when the server said so. */
    public static String describe(Throwable failure) {
        String said = serverSaid(failure);
        return "the connection to the warehouse was lost" + (said == null ? "" : " (the server said: " + said + ")");
    }

    private static SQLException find(Throwable failure) {
        SQLException broken = null;
        // a UserException says itself what went wrong (e.g. "Cannot reach PostgreSQL at ..."): not looked into
        for (Throwable cause : Causes.of(failure, cause -> cause instanceof UserException)) {
            if (cause instanceof SQLException sql && isLostState(sql.getSQLState())) {
                if (sql.getSQLState().startsWith("57P0")) {
                    return sql;   // the server said why: the best reason there is
                }
                if (broken == null) {
                    broken = sql;
                }
            }
        }
        return broken;
    }
}
