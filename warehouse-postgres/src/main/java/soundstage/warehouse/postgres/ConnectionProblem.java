package soundstage.warehouse.postgres;

import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
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
                    + ", and none was given. Set PGPASSWORD or add a line for it to " + PasswordFile.shown() + " (mode 0600).";
        }
        if ("08004".equals(state) && asksForSsl(address)) {   // pgjdbc's words are in the JVM's language: the state and the address tell
            return "PostgreSQL at " + where + " does not accept SSL connections, and the address asks for one (its sslmode). "
                    + "Connect without SSL (sslmode=prefer in --warehouse), or turn ssl on at the server.";
        }
        return switch (state) {
            case "53300" -> "PostgreSQL at " + where + " refused the connection: " + ErrorMessage.clause(e).replaceFirst("^FATAL: ", "")
                    + ". End sessions no longer needed (pg_stat_activity lists them), or raise the limit: max_connections of the server,"
                    + " or the CONNECTION LIMIT of the user or the database (ALTER ROLE " + user + " CONNECTION LIMIT n). A run uses three sessions.";
            case "28P01" -> "PostgreSQL at " + where + " refused the password of user " + user
                    + (address.passwordInAddress() ? ". Check the password in the address (percent-encoded: / ? # @ % and space as %2F %3F %23 %40 %25 %20)."
                            : ". Check PGPASSWORD or the line for this server in " + PasswordFile.shown() + ".");
            case "28000" -> "PostgreSQL at " + where + " does not let user " + user + " in: " + ErrorMessage.clause(e)
                    + ". Check the user name, and that pg_hba.conf admits it from this machine.";
            case "3D000" -> "Database '" + address.database() + "' does not exist on " + where.substring(0, where.lastIndexOf('/'))
                    + ". Create it (createdb " + address.database() + ") or name another database in --warehouse.";
            case "08001", "08004", "08006", "08000", "08003" -> "Cannot reach PostgreSQL at " + where + ": " + firstSentence(ErrorMessage.clause(e))
                    + ". Check that the server is running and that host and port are right.";
            default -> "Cannot open warehouse " + where + ": " + ErrorMessage.clause(e) + ".";
        };
    }

    /** Whether the address insists on SSL: sslmode require, verify-ca or verify-full. */
    private static boolean asksForSsl(PostgresAddress address) {
        Properties parsed = org.postgresql.Driver.parseURL(address.jdbcUrl(), address.properties());
        String mode = parsed == null ? null : parsed.getProperty("sslmode");
        return mode != null && List.of("require", "verify-ca", "verify-full").contains(mode);
    }

    /**
     * Why preparing the warehouse (lock, schemas, functions) failed after connecting, for a
     * writer or a reader ({@code reading}); {@code connection} is still open, to tell who owns the
     * schemas when the user lacks a privilege.
     */
    static String explainSetup(PostgresAddress address, Exception e, Connection connection, boolean reading) {
        String state = e instanceof SQLException sql ? sql.getSQLState() : null;
        if ("42501".equals(state)) {
            String user = address.user();
            String owner = schemaOwner(connection);
            if (owner != null && !owner.equals(user)) {
                return reading ? readRefused(address, ErrorMessage.clause(e), owner)
                        : "User " + user + " may not write warehouse " + address.display() + ": " + ErrorMessage.clause(e) + ". Its schemas and tables belong to "
                                + owner + "; write as " + owner + ", or make " + user + " a member of that role (GRANT " + owner + " TO " + user
                                + ") so it may do what the owner may.";
            }
            String[] taken = foreignSchema(connection, user);
            if (taken != null) {   // a schema of the warehouse's name made by another role (another tool's "staging")
                return "User " + user + " may not create the warehouse in database '" + address.database() + "': its schema " + taken[0]
                        + " exists and belongs to " + taken[1] + " (" + ErrorMessage.clause(e) + "). Give Soundstage a database of its own (createdb soundstage), "
                        + "or have " + taken[1] + " drop that schema if it holds nothing of theirs, or give it to " + user + " (ALTER SCHEMA " + taken[0]
                        + " OWNER TO " + user + ").";
            }
            return "User " + user + " may not create the warehouse's schemas in database '" + address.database() + "': " + ErrorMessage.clause(e)
                    + ". Open it once as the database owner, or GRANT CREATE ON DATABASE " + address.database() + " TO " + user + ".";
        }
        return "Cannot prepare warehouse " + address.display() + ": " + ErrorMessage.clause(e) + ".";
    }

    /**
     * Why {@code connection}'s user may not read the warehouse, or null when it may (or there is
     * no warehouse yet): without USAGE on schema meta, or SELECT on its version table, the
     * warehouse looks new to it (PostgreSQL's information_schema hides what a user may not use),
     * and it would be told it may not create one.
     */
    static String unreadable(PostgresAddress address, Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_get_userbyid(n.nspowner), has_schema_privilege(n.oid, 'USAGE'), "
                     + "c.oid IS NULL OR has_table_privilege(c.oid, 'SELECT') FROM pg_namespace n "
                     + "LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = 'schema_version' WHERE n.nspname = 'meta'")) {
            if (!row.next() || row.getBoolean(2) && row.getBoolean(3)) {
                return null;
            }
            return readRefused(address, row.getBoolean(2) ? "no SELECT on table meta.schema_version" : "no USAGE on schema meta", row.getString(1));
        }
    }

    private static String readRefused(PostgresAddress address, String why, String owner) {
        String user = address.user();
        return "User " + user + " may not read warehouse " + address.display() + ": " + why + ". Its schemas belong to " + owner
                + "; read as " + owner + ", or have " + owner + " grant reading: GRANT USAGE ON SCHEMA " + SCHEMAS + " TO " + user
                + ", then GRANT SELECT ON ALL TABLES IN SCHEMA meta TO " + user + " (and each other schema it should read).";
    }

    private static final String SCHEMAS = String.join(", ", PostgresWarehouse.SCHEMAS);

    /** The owner of the warehouse's meta schema; null when there is none or it cannot be told. */
    /** A schema of the warehouse's names that exists and belongs to a role other than {@code user}: its name and owner, or null. */
    private static String[] foreignSchema(Connection connection, String user) {
        try (PreparedStatement select = connection.prepareStatement("SELECT nspname, pg_get_userbyid(nspowner) FROM pg_namespace "
                + "WHERE nspname IN ('meta', 'source', 'staging', 'central', 'analytics', 'dashboard') AND pg_get_userbyid(nspowner) <> ? ORDER BY nspname")) {
            select.setString(1, user);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? new String[] {row.getString(1), row.getString(2)} : null;
            }
        } catch (SQLException e) {
            return null;
        }
    }

    private static String schemaOwner(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();   // the failed statement aborted the transaction
            }
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'meta'")) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (SQLException e) {
            return null;
        }
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
