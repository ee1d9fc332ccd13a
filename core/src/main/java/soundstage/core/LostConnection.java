package soundstage.core;

import java.sql.SQLException;

/**
 * Recognises a failure caused by losing the connection to a database server: the server ended
 * the session (shut down, restarted, an administrator terminated it: SQL state 57P01-57P03) or
 * the connection broke or was closed under the command (class 08). Such a failure says nothing
 * about the work, and everything not yet committed was rolled back by the server, so running
 * the same command again is the fix. Except when the server ended it for sitting idle (an
 * {@code idle_in_transaction_session_timeout}, 25P03, or {@code idle_session_timeout}, 57P05,
 * shorter than a pause of the command's): running it again meets the same limit ({@link #repeats}).
 */
public final class LostConnection {
    private LostConnection() {
    }

    /** Whether {@code failure}, one of its causes or a failure attached to them is a lost connection. */
    public static boolean in(Throwable failure) {
        return find(failure) != null;
    }

    /**
     * Whether {@code failure} is a lost connection, or a new connection the server refused or did
     * not answer (class 08), even where a {@link UserException} already says so ("Cannot reach
     * PostgreSQL at ..."): for a long-running reader, such as the dashboard, a passing state.
     */
    public static boolean inOrUnreachable(Throwable failure) {
        return in(failure) || Causes.of(failure, cause -> false).stream()
                .anyMatch(cause -> cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08"));
    }

    /**
     * What the server said when it ended the session ("terminating connection due to
     * administrator command"), or null: when the connection broke instead, the driver's messages
     * ("An I/O error occurred while sending to the backend") tell a person nothing more.
     */
    public static String serverSaid(Throwable failure) {
        return said(find(failure));
    }

    private static String said(SQLException lost) {
        return lost == null || !serverEnded(lost.getSQLState()) ? null : ErrorMessage.clause(lost);
    }

    /** Whether a failure with SQL state {@code state} is a lost connection: class 08, or the server ending the session (57P01-57P05, 25P03). */
    public static boolean isLostState(String state) {
        return state != null && (state.startsWith("08") || serverEnded(state));
    }

    /** The server ended the session and said why: shut down, restarted, terminated (57P01-57P03), idle too long (25P03, 57P05). */
    private static boolean serverEnded(String state) {
        return state.startsWith("57P0") || IDLE_IN_TRANSACTION.equals(state);
    }

    /** idle_in_transaction_session_timeout ended the session. */
    private static final String IDLE_IN_TRANSACTION = "25P03";
    /** idle_session_timeout ended the session. */
    private static final String IDLE_SESSION = "57P05";

    /**
     * Whether running the command again would lose its connection again: the server ended the
     * session because it sat idle longer than a timeout set for the user or database.
     */
    public static boolean repeats(Throwable failure) {
        SQLException lost = find(failure);
        return lost != null && isIdleTimeout(lost.getSQLState());
    }

    private static boolean isIdleTimeout(String state) {
        return IDLE_IN_TRANSACTION.equals(state) || IDLE_SESSION.equals(state);
    }

    /** The line for a person and the run history: {@link #describe} for a lost connection, else {@link ErrorMessage#of}. */
    public static String messageOf(Throwable failure) {
        return in(failure) ? describe(failure) : ErrorMessage.of(failure);
    }

    /** One sentence for a person: the connection was lost, and why when the server said so. */
    public static String describe(Throwable failure) {
        SQLException lost = find(failure);
        String said = said(lost);
        if (lost != null && isIdleTimeout(lost.getSQLState())) {
            boolean inTransaction = IDLE_IN_TRANSACTION.equals(lost.getSQLState());
            String setting = inTransaction ? "idle_in_transaction_session_timeout" : "idle_session_timeout";
            return "the server ended the warehouse's session because it sat idle longer than the " + setting + " set for this user or database"
                    + " (the server said: " + said + "); " + (inTransaction
                            ? "Soundstage pauses inside its transactions while it works (an export holds its read transaction open while it writes each file)"
                            : "Soundstage keeps its sessions open between statements (a run's sessions wait while other models run)")
                    + ", so it would end the same way again: raise it for the user Soundstage connects as (ALTER ROLE <user> SET " + setting
                    + " = 0, or a longer one)";
        }
        return "the connection to the warehouse was lost" + (said == null ? "" : " (the server said: " + said + ")");
    }

    private static SQLException find(Throwable failure) {
        SQLException broken = null;
        // a UserException says itself what went wrong (e.g. "Cannot reach PostgreSQL at ..."): not looked into
        for (Throwable cause : Causes.of(failure, cause -> cause instanceof UserException)) {
            if (cause instanceof SQLException sql && isLostState(sql.getSQLState())) {
                if (serverEnded(sql.getSQLState())) {
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
