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
            abandon(connection, e);
            throw e;
        }
        connection.setAutoCommit(true);
        return result;
    }

    /**
     * After {@code failure}, rolls back and turns auto-commit on again, each tried on its own; what
     * these fail with is attached to {@code failure}, which stays the cause. (A session that is
     * gone, or a DuckDB transaction a failed write already ended, refuses both, and DuckDB's driver
     * commits when auto-commit is turned on: its "cannot commit - no transaction is active" had
     * replaced "No space left on device".)
     */
    public static void abandon(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException refused) {
            failure.addSuppressed(refused);
        }
        try {
            connection.setAutoCommit(true);
        } catch (SQLException refused) {
            failure.addSuppressed(refused);
        }
    }
}
