package soundstage.export;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.YearMonth;
import java.util.SortedMap;
import java.util.TreeMap;
import soundstage.core.SqlScript;

/**
 * The fingerprint of every partition of a table, computed inside the warehouse by one grouped
 * query, {@code fingerprint/<dialect>.sql}: only counts and hashes cross the connection.
 */
final class Fingerprints {
    private Fingerprints() {
    }

    /**
     * The partitions {@code table} has now, with their fingerprints, in order. A partition
     * without rows is not there, but a table is never without a partition, so a reader of its
     * folder always finds a file that gives its columns: an empty table that is not split is its
     * one partition, an empty split table its NULL partition (no month holds a row of it), whose
     * file is deleted when the table gets rows with dates.
     */
    static SortedMap<Partition, Fingerprint> of(Connection connection, String dialect, LakeTable table) throws SQLException {
        String template = template(dialect);
        String year = table.partitioned() ? part("year", table.partitionValue()) : "CAST(NULL AS INTEGER)";
        String month = table.partitioned() ? part("month", table.partitionValue()) : "CAST(NULL AS INTEGER)";
        String sql = template.replace("{year}", year).replace("{month}", month).replace("{table}", table.sql());
        SortedMap<Partition, Fingerprint> partitions = new TreeMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                int y = rows.getInt(1);
                Partition partition = !table.partitioned() ? Partition.whole()
                        : rows.wasNull() ? Partition.nullValue() : Partition.of(YearMonth.of(y, rows.getInt(2)));
                partitions.put(partition, new Fingerprint(rows.getLong(3), dialect + ":" + rows.getString(4)));
            }
        }
        if (partitions.isEmpty()) {
            partitions.put(table.partitioned() ? Partition.nullValue() : Partition.whole(), new Fingerprint(0, dialect + ":0"));
        }
        return partitions;
    }

    /**
     * The year or month of {@code value} in SQL, NULL for NULL and for {@code infinity} and
     * {@code -infinity}: those have no month, so their rows go with the rows without a date, as
     * {@link Partition#condition} selects them (DuckDB's extract gives NULL for them, PostgreSQL's
     * infinity, which no integer holds).
     */
    private static String part(String field, String value) {
        return "CASE WHEN isfinite(" + value + ") THEN CAST(extract(" + field + " FROM " + value + ") AS INTEGER) END";
    }

    private static String template(String dialect) {
        String name = "fingerprint/" + dialect + ".sql";
        if (Fingerprints.class.getResource(name) == null) {
            throw new IllegalStateException("the lake cannot fingerprint tables of a " + dialect + " warehouse: add " + name + " to the export module");
        }
        return SqlScript.statements(SqlScript.resource(Fingerprints.class, name)).get(0);
    }
}
