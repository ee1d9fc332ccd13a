package soundstage.transform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * How far each model ({@code meta.model_state}) or check ({@code meta.check_state}) got: the
 * highest file id whose rows it has taken. Written in the caller's transaction, so a watermark
 * moves together with the work it stands for.
 */
final class Watermarks {
    private final Connection connection;
    private final String table;
    private final String key;

    private Watermarks(Connection connection, String table, String key) {
        this.connection = connection;
        this.table = table;
        this.key = key;
    }

    static Watermarks ofModels(Connection connection) {
        return new Watermarks(connection, "meta.model_state", "model");
    }

    static Watermarks ofChecks(Connection connection) {
        return new Watermarks(connection, "meta.check_state", "check_name");
    }

    /** The watermark of {@code name}; empty when it never ran. */
    OptionalInt get(String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT watermark FROM " + table + " WHERE " + key + " = ?")) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? OptionalInt.of(row.getInt(1)) : OptionalInt.empty();
            }
        }
    }

    /** Every watermark, by name. */
    Map<String, Integer> all() throws SQLException {
        Map<String, Integer> all = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT " + key + ", watermark FROM " + table)) {
            while (rows.next()) {
                all.put(rows.getString(1), rows.getInt(2));
            }
        }
        return all;
    }

    /** Sets the watermark of {@code name}, reached by run {@code runId}. */
    void save(String name, int watermark, int runId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE " + table + " SET watermark = ?, run_id = ?, updated_at = now() WHERE " + key + " = ?")) {
            update.setInt(1, watermark);
            update.setInt(2, runId);
            update.setString(3, name);
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (" + key + ", watermark, run_id, updated_at) VALUES (?, ?, ?, now())")) {
            insert.setString(1, name);
            insert.setInt(2, watermark);
            insert.setInt(3, runId);
            insert.executeUpdate();
        }
    }

    /** Forgets the watermark of {@code name}: it runs as if it never had, over everything. */
    void forget(String name) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE " + key + " = ?")) {
            delete.setString(1, name);
            delete.executeUpdate();
        }
    }
}
