package soundstage.export;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import soundstage.core.UserException;

/**
 * The tables the lake holds: every table and view of the schemas {@code central} and {@code analytics} that exists,
 * with its columns as the warehouse's information_schema lists them, and the partition column
 * that {@value #PARTITION_COLUMNS} names for it.
 */
final class TableCatalog {
    static final String PARTITION_COLUMNS = "partition-columns.txt";
    /** Names that are safe as folder names on every file system, and need no quoting in SQL. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_]+");

    private TableCatalog() {
    }

    /**
     * The tables to export, ordered by schema ({@code central} first) and name.
     *
     * @throws UserException when a table's name cannot be a folder name
     * @throws IllegalStateException when a table's partition column is missing or not a date or timestamp
     */
    static List<LakeTable> read(Connection connection) throws SQLException {
        Map<String, List<LakeTable.Column>> columns = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("""
                     SELECT c.table_schema, c.table_name, c.column_name, c.data_type
                     FROM information_schema.columns AS c
                     JOIN information_schema.tables AS t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                     WHERE c.table_schema IN ('central', 'analytics') AND t.table_type IN ('BASE TABLE', 'VIEW')
                     ORDER BY CASE c.table_schema WHEN 'central' THEN 1 ELSE 2 END, c.table_name, c.ordinal_position""")) {
            while (rows.next()) {
                columns.computeIfAbsent(rows.getString(1) + "." + rows.getString(2), k -> new ArrayList<>())
                        .add(new LakeTable.Column(rows.getString(3), rows.getString(4)));
            }
        }
        Map<String, String> partitionColumns = partitionColumns();
        List<LakeTable> tables = new ArrayList<>();
        for (Map.Entry<String, List<LakeTable.Column>> entry : columns.entrySet()) {
            String[] parts = entry.getKey().split("\\.", 2);
            tables.add(table(parts[0], parts[1], entry.getValue(), partitionColumns.get(entry.getKey())));
        }
        return tables;
    }

    private static LakeTable table(String schema, String name, List<LakeTable.Column> columns, String partitionColumnName) {
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new UserException("Cannot export table " + schema + ".\"" + name + "\": a lake folder is named after its table, and only letters, "
                    + "digits and _ are safe in folder names. Rename the table and export again.");
        }
        if (partitionColumnName == null) {
            return new LakeTable(schema, name, columns, null);
        }
        LakeTable.Column partitionColumn = columns.stream().filter(c -> c.name().equals(partitionColumnName)).findFirst()
                .orElseThrow(() -> new IllegalStateException(schema + "." + name + " has no column " + partitionColumnName
                        + " to partition the lake by; correct " + PARTITION_COLUMNS + " in the export module"));
        if (!partitionColumn.isDateOrTimestamp()) {
            throw new IllegalStateException("Cannot partition " + schema + "." + name + " by year and month of " + partitionColumnName + ": it is "
                    + partitionColumn.type() + ", not a date or timestamp; correct " + PARTITION_COLUMNS + " in the export module");
        }
        return new LakeTable(schema, name, columns, partitionColumn);
    }

    /** {@value #PARTITION_COLUMNS}: qualified table name to partition column. */
    static Map<String, String> partitionColumns() {
        Map<String, String> map = new LinkedHashMap<>();
        try (InputStream in = Objects.requireNonNull(TableCatalog.class.getResourceAsStream(PARTITION_COLUMNS), PARTITION_COLUMNS);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String content = line.strip();
                if (content.isEmpty() || content.startsWith("#")) {
                    continue;
                }
                String[] fields = content.split("\\s+");
                if (fields.length != 2) {
                    throw new IllegalStateException(PARTITION_COLUMNS + ": expected 'schema.table column', got '" + content + "'");
                }
                map.put(fields[0], fields[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return map;
    }
}
