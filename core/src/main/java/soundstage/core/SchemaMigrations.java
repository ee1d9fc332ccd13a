package soundstage.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The warehouse schema's versions and how to move a warehouse forward through them. Version n is
 * the script {@code schema/V<n>__*.sql} beside this class, in portable SQL; a dialect that needs
 * other spelling ships {@code schema/<dialect>/V<n>__*.sql}. Each version applies in its own
 * transaction together with its row in {@code meta.schema_version}, so a warehouse is always at
 * exactly one version. A warehouse at a version this build does not know was written by a newer
 * Soundstage and is refused, untouched.
 */
public final class SchemaMigrations {
    /** Every version this build knows, in order. Append only: a released script never changes. */
    static final List<String> SCRIPTS = List.of("V1__layers.sql", "V2__spotify.sql", "V3__incremental.sql", "V4__orchestration.sql",
            "V5__model_fingerprints.sql", "V6__listener_bits.sql", "V7__seen_files_changed.sql");

    private SchemaMigrations() {
    }

    /** The scripts of every version this build knows, in order: version n is the n-th. */
    public static List<String> scripts() {
        return SCRIPTS;
    }

    /** The newest schema version this build knows. */
    public static int latest() {
        return SCRIPTS.size();
    }

    /**
     * Brings the warehouse on {@code connection} to {@link #latest()}.
     *
     * @param address where the warehouse is, for the message
     * @throws UserException when the warehouse is at a newer version than this build knows
     */
    public static void migrate(Connection connection, String dialect, String address) throws SQLException {
        migrate(connection, dialect, address, SchemaMigrations.class, SCRIPTS);
    }

    /**
     * As {@link #migrate(Connection, String, String)}, with the scripts {@code schema/<name>}
     * beside {@code anchor}: how tests play a newer Soundstage with a version this one lacks.
     */
    public static void migrate(Connection connection, String dialect, String address, Class<?> anchor, List<String> scripts) throws SQLException {
        int current = current(connection);
        requireOurs(connection, address, current);
        if (current > scripts.size()) {
            throw newer(address, current, scripts.size());
        }
        for (int version = current + 1; version <= scripts.size(); version++) {
            String script = script(anchor, scripts.get(version - 1), dialect);
            int applied = version;
            Transaction.run(connection, () -> {
                SqlScript.execute(connection, withoutSchemasThatExist(connection, script));
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE IF NOT EXISTS meta.schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL)");
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO meta.schema_version VALUES (?, CURRENT_TIMESTAMP)")) {
                    insert.setInt(1, applied);
                    insert.executeUpdate();
                }
                return null;
            });
        }
    }

    /**
     * Whether the warehouse on {@code connection} is at {@link #latest()}, for a reader that may
     * not migrate it: false when it is new or older.
     *
     * @throws UserException when it is at a newer version than this build knows
     */
    public static boolean isLatest(Connection connection, String address) throws SQLException {
        int current = current(connection);
        requireOurs(connection, address, current);
        if (current > SCRIPTS.size()) {
            throw newer(address, current, SCRIPTS.size());
        }
        return current == SCRIPTS.size();
    }

    /** Whether the warehouse holds no schema of Soundstage yet (a new database, or an empty one another tool made). */
    public static boolean isNew(Connection connection) throws SQLException {
        return current(connection) == 0;
    }

    private static UserException newer(String address, int current, int known) {
        return new UserException("Warehouse '" + address + "' has schema version " + current + ", written by a newer Soundstage; this one knows versions up to "
                + known + ". Upgrade Soundstage to open it.");
    }

    /**
     * Refuses a {@code meta.schema_version} that another tool made (Soundstage's first version
     * makes {@code meta.files} beside it): migrating from its version failed half-way with "schema
     * source does not exist".
     */
    private static void requireOurs(Connection connection, String address, int current) throws SQLException {
        if (current == NOT_OURS) {
            throw new UserException("Warehouse '" + address + "' has a table meta.schema_version without Soundstage's integer column version: "
                    + "another tool's, not a Soundstage warehouse, which is left as it is. Give Soundstage a database (or file) of its own.");
        }
        if (current == 0) {
            return;
        }
        try (PreparedStatement files = connection.prepareStatement(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'meta' AND table_name = 'files'");
             ResultSet row = files.executeQuery()) {
            row.next();
            if (row.getLong(1) == 0) {
                throw new UserException("Warehouse '" + address + "' has a table meta.schema_version (at version " + current + ") but no meta.files: "
                        + "another tool's, not a Soundstage warehouse, which is left as it is. Give Soundstage a database (or file) of its own.");
            }
        }
    }

    /** What {@link #current} says of a {@code meta.schema_version} of another shape (another tool's: Flyway's has a text version). */
    private static final int NOT_OURS = -1;

    /** The version the warehouse is at: 0 when it is new, {@link #NOT_OURS} when its version table is not Soundstage's. */
    private static int current(Connection connection) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'meta' AND table_name = 'schema_version'");
             ResultSet row = exists.executeQuery()) {
            row.next();
            if (row.getLong(1) == 0) {
                return 0;
            }
        }
        try (PreparedStatement column = connection.prepareStatement("SELECT lower(data_type) FROM information_schema.columns "
                + "WHERE table_schema = 'meta' AND table_name = 'schema_version' AND column_name = 'version'");
             ResultSet type = column.executeQuery()) {
            // Read as Soundstage's, another shape failed with the database's words ("column version does not exist").
            if (!type.next() || !type.getString(1).equals("integer")) {
                return NOT_OURS;
            }
        }
        try (Statement statement = connection.createStatement();
             ResultSet version = statement.executeQuery("SELECT coalesce(max(version), 0) FROM meta.schema_version")) {
            version.next();
            return version.getInt(1);
        }
    }

    private static final Pattern CREATE_SCHEMA = Pattern.compile("(?i)CREATE\\s+SCHEMA\\s+IF\\s+NOT\\s+EXISTS\\s+(\\w+)\\s*");

    /**
     * {@code script} without its {@code CREATE SCHEMA IF NOT EXISTS} of schemas that exist. On
     * PostgreSQL that statement needs the CREATE privilege on the database even when the schema
     * exists, so a role given schemas made for it (and no more) was refused.
     */
    private static String withoutSchemasThatExist(Connection connection, String script) throws SQLException {
        StringBuilder kept = new StringBuilder();
        for (String sql : SqlScript.statements(script)) {
            String code = sql.lines().filter(line -> !line.strip().startsWith("--")).collect(Collectors.joining("\n")).strip();
            Matcher schema = CREATE_SCHEMA.matcher(code);
            if (!(schema.matches() && schemaExists(connection, schema.group(1)))) {
                kept.append(sql).append(";\n");
            }
        }
        return kept.toString();
    }

    private static boolean schemaExists(Connection connection, String schema) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?")) {
            exists.setString(1, schema.toLowerCase(Locale.ROOT));
            try (ResultSet row = exists.executeQuery()) {
                row.next();
                return row.getLong(1) > 0;
            }
        }
    }

    private static String script(Class<?> anchor, String name, String dialect) {
        String override = "schema/" + dialect + "/" + name;
        return SqlScript.resource(anchor, anchor.getResource(override) != null ? override : "schema/" + name);
    }
}
