package soundstage.testing;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders query results as text that is the same on every dialect: one line per row, values
 * separated by " | ", rows sorted, NULL as "∅", booleans as true/false, numbers without
 * trailing zeros, timestamps in ISO form, backslash and line feed in text written as two
 * characters each (a backslash, then a backslash or n). What two warehouses hold is equal exactly
 * when their dumps are.
 */
public final class TableDump {
    private TableDump() {
    }

    /** The layers' schemas, in the order {@link #layers} lists their tables. */
    private static final List<String> LAYERS = List.of("source", "staging", "central", "analytics", "dashboard");

    /** Every table of every layer (source to dashboard, then by name), each after a line {@code == schema.table}. */
    public static List<String> layers(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("""
                     SELECT table_schema, table_name FROM information_schema.tables
                     WHERE table_schema IN ('source', 'staging', 'central', 'analytics', 'dashboard')""")) {
            while (rows.next()) {
                tables.add(rows.getString(1) + "." + rows.getString(2));
            }
        }
        tables.sort((a, b) -> {
            int layer = Integer.compare(LAYERS.indexOf(a.substring(0, a.indexOf('.'))), LAYERS.indexOf(b.substring(0, b.indexOf('.'))));
            return layer != 0 ? layer : a.compareTo(b);
        });
        List<String> lines = new ArrayList<>();
        for (String table : tables) {
            lines.add("== " + table);
            lines.addAll(of(connection, "SELECT * FROM " + table));
        }
        return lines;
    }

    /** The rows of {@code sql}, rendered and sorted, after a header line with the column names. */
    public static List<String> of(Connection connection, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        String header;
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            ResultSetMetaData meta = result.getMetaData();
            StringBuilder names = new StringBuilder();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                names.append(i > 1 ? " | " : "").append(meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT));
            }
            header = names.toString();
            while (result.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.append(i > 1 ? " | " : "").append(render(result.getObject(i)));
                }
                rows.add(row.toString());
            }
        }
        rows.sort(null);
        rows.add(0, header);
        return rows;
    }

    static String render(Object value) {
        if (value == null) {
            return "∅";
        }
        if (value instanceof String text) {
            return text.replace("\\", "\\\\").replace("\n", "\\n");   // one row, one line
        }
        if (value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Double || value instanceof Float) {
            return new BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
        }
        if (value instanceof Number number) {
            return new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime().toString();
        }
        if (value instanceof LocalDateTime || value instanceof LocalDate) {
            return value.toString();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        return value.toString();
    }
}
