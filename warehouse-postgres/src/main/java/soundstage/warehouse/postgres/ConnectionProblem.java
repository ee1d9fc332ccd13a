package soundstage.warehouse.postgres;

import java.net.UnknownHostException;
import java.sql.SQLException;
import soundstage.core.ErrorMessage;

/**
 * One line for each way opening a PostgreSQL warehouse fails through configuration: what is wrong
 * and what to do. Keyed by SQLSTATE, which the server and the driver set; never shows a password.
 */
final class ConnectionProblem {
    private ConnectionProblem() {
    }

    /** Why connecting to {@code address} failed. */
    static String explain(PostgresAddress address, SQLException e) {
        String where = address.display();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String user = address.user();
        if (hasCause(e, UnknownHostException.class)) {
            return "Cannot reach PostgreSQL at " + where + ": the host name is unknown. Check the host in --warehouse.";
        }
        if (e.getMessage() != null && e.getMessage().startsWith("Invalid ")) {   // the driver refused a parameter of the address, before any connection
            return "Cannot use the PostgreSQL address " + where + ": " + firstSentence(ErrorMessage.clause(e)) + ". Fix that parameter in --warehouse.";
        }
        if (ErrorMessage.of(e).contains("no password was provided")) {
            return "PostgreSQL at " + where + " asks for a password for user " + user
                    + ", and none was given. Set PGPASSWORD or add a line for it to ~/.pgpass (mode 0600).";
        }
        return switch (state) {
            case "28P01" -> "PostgreSQL at " + where + " refused the password of user " + user
                    + ". Check PGPASSWORD or the line for this server in ~/.pgpass.";
            case "28000" -> "PostgreSQL at " + where + " does not let user " + user + " in: " + ErrorMessage.clause(e)
                    + ". Check the user name, and that pg_hba.conf admits it from this machine.";
            case "3D000" -> "Database '" + address.database() + "' does not exist on " + where.substring(0, where.lastIndexOf('/'))
                    + ". Create it (createdb " + address.database() + ") or name another database in --warehouse.";
            case "08001", "08004", "08006", "08000", "08003" -> "Cannot reach PostgreSQL at " + where + ": " + firstSentence(ErrorMessage.clause(e))
                    + ". Check that the server is running and that host and port are right.";
            default -> "Cannot open warehouse " + where + ": " + ErrorMessage.clause(e) + ".";
        };
    }

    /** Why preparing the warehouse (lock, schemas, functions) failed after connecting. */
    static String explainSetup(PostgresAddress address, Exception e) {
        String state = e instanceof SQLException sql ? sql.getSQLState() : null;
        if ("42501".equals(state)) {
            return "User " + address.user() + " may not create the warehouse's schemas in database '" + address.database() + "': " + ErrorMessage.clause(e)
                    + ". Open it once as the database owner, or GRANT CREATE ON DATABASE " + address.database() + " TO " + address.user() + ".";
        }
        return "Cannot prepare warehouse " + address.display() + ": " + ErrorMessage.clause(e) + ".";
    }

    /** The driver's own advice follows its first sentence; ours replaces it. */
    private static String firstSentence(String message) {
        int end = message.indexOf(". ");
        return end < 0 ? message : message.substring(0, end);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable current = e; current != null; current = current.getCause()) {
            if (type.isInstance(current)) {
                return true;
            }
        }
        return false;
    }
}
