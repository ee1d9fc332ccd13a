package soundstage.orchestrate;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Locale;
import soundstage.core.LostConnection;
import soundstage.core.UserException;

/**
 * Which failures may pass if the task is tried again: a lost or refused connection, a
 * serialization failure or deadlock, a lock another process holds for a moment, a server
 * restarting. A user's mistake or a bug in a model fails the same way every time, so it is not
 * retried.
 */
public final class Transience {
    private Transience() {
    }

    public static boolean isTransient(Throwable failure) {
        if (LostConnection.repeats(failure)) {
            return false;   // ended for sitting idle longer than a timeout: a retry meets the same limit
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UserException user) {
                return user.mayPass();
            }
            if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (LostConnection.isLostState(state) || state.equals("40001") || state.equals("40P01") || state.equals("55P03") || state.equals("53300")) {
                    return true;
                }
            }
            String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("could not set lock") || message.contains("conflicting lock") || message.contains("connection reset")
                    || message.contains("connection refused") || message.contains("resource temporarily unavailable")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return LostConnection.in(failure);   // also where it hides among suppressed failures (a failed rollback)
    }
}
