package soundstage.core;

import java.sql.Connection;
import java.sql.SQLException;

/** Runs work in one database transaction: all of it commits, or none of it. */
public final class Transaction {
    private Transaction() {
    }

    /** Work that talks to the database. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} with auto-commit off and commits; on any failure rolls back and rethrows the failure
     * (a rollback that fails too, as on a lost connection, is attached to it).
     * Auto-commit is on again afterwards either way.
     */
    public static <T> T run(Connection connection, Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        T result;
        try {
            result = work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
                connection.setAutoCommit(true);
            } catch (SQLException lost) {
                e.addSuppressed(lost);   // the session is gone and the server rolled back: the cause is e
            }
            throw e;
        }
        connection.setAutoCommit(true);
        return result;
    }
}
