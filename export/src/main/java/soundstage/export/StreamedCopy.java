package soundstage.export;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import soundstage.core.EmbeddedDriver;
import soundstage.core.MemorySettings;

/**
 * Copies partitions of a warehouse that is not DuckDB (PostgreSQL): the partition's rows stream
 * over JDBC, a fetch at a time, into a table of an in-memory DuckDB (through its appender), and
 * DuckDB writes the file from there; then the table is dropped. Memory holds one partition at
 * most, and DuckDB spills beyond its memory limit into the lake's own scratch folder.
 *
 * <p>Column types are carried over: booleans, integers, floating point, decimals of up to 38
 * digits, dates, times and timestamps (with and without time zone, {@code infinity} included) as
 * themselves, binary as BLOB; a NUMERIC without precision becomes DOUBLE, and every other type
 * (uuid, json, interval, arrays...) its text, VARCHAR.
 */
final class StreamedCopy implements PartitionCopy {
    /** Rows per round trip: large enough to keep the network busy, small enough that memory stays flat. */
    static final int FETCH_SIZE = 10_000;
    private static final String STAGED = "lake_partition";
    /**
     * {@code infinity} in DuckDB's encoding of a timestamp (microseconds) and of a date (days);
     * {@code -infinity} is its negative. PostgreSQL's driver gives {@code infinity} and
     * {@code -infinity} as the MAX and MIN of {@code java.time}, which are out of DuckDB's range:
     * they are appended as DuckDB's own, so the file holds what a DuckDB warehouse's would.
     */
    private static final long DUCKDB_INFINITE_MICROS = Long.MAX_VALUE;
    private static final int DUCKDB_INFINITE_DAYS = Integer.MAX_VALUE;

    private final Connection source;
    private final DuckDBConnection duckdb;

    /**
     * @param source the warehouse connection, in a transaction (auto-commit off), so that the
     *     driver streams rows instead of reading the whole result; not closed here
     * @param scratch an existing folder for DuckDB's spill files
     */
    StreamedCopy(Connection source, Path scratch) throws SQLException {
        this.source = source;
        Properties properties = new Properties();
        properties.setProperty("memory_limit", MemorySettings.duckDbMemory());
        // An in-memory DuckDB spills to ./.tmp by default: keep every file the export writes inside the lake.
        properties.setProperty("temp_directory", scratch.toAbsolutePath().toString());
        this.duckdb = EmbeddedDriver.connect("jdbc:duckdb:", properties).unwrap(DuckDBConnection.class);
        try {
            PartitionCopy.prepare(duckdb);
        } catch (SQLException e) {
            duckdb.close();
            throw e;
        }
    }

    @Override
    public void write(LakeTable table, Partition partition, LakeFormat format, Path target) throws SQLException {
        String condition = partition.condition(table);
        try (PreparedStatement select = source.prepareStatement("SELECT * FROM " + table.sql() + (condition.isEmpty() ? "" : " WHERE " + condition))) {
            select.setFetchSize(FETCH_SIZE);
            try (ResultSet rows = select.executeQuery()) {
                List<ColumnCopy> columns = columns(rows.getMetaData());
                try (Statement statement = duckdb.createStatement()) {
                    statement.execute("CREATE OR REPLACE TABLE " + STAGED + " ("
                            + String.join(", ", columns.stream().map(c -> LakeTable.quote(c.name) + " " + c.type).toList()) + ")");
                }
                try (DuckDBAppender appender = duckdb.createAppender(DuckDBConnection.DEFAULT_SCHEMA, STAGED)) {
                    while (rows.next()) {
                        appender.beginRow();
                        for (int i = 0; i < columns.size(); i++) {
                            columns.get(i).value.append(rows, i + 1, appender);
                        }
                        appender.endRow();
                    }
                }
            }
        }
        try {
            PartitionCopy.copy(duckdb, "SELECT * FROM " + STAGED, format, target);
        } finally {
            try (Statement statement = duckdb.createStatement()) {
                statement.execute("DROP TABLE " + STAGED);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        duckdb.close();
    }

    /** A column of the staged table: its name, its DuckDB type, and how a value moves from the result set to the appender. */
    private record ColumnCopy(String name, String type, ValueCopy value) {
    }

    @FunctionalInterface
    private interface ValueCopy {
        void append(ResultSet rows, int column, DuckDBAppender appender) throws SQLException;
    }

    private static List<ColumnCopy> columns(ResultSetMetaData meta) throws SQLException {
        List<ColumnCopy> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(column(meta.getColumnLabel(i), meta.getColumnType(i), meta.getColumnTypeName(i), meta.getPrecision(i), meta.getScale(i)));
        }
        return columns;
    }

    private static ColumnCopy column(String name, int jdbcType, String typeName, int precision, int scale) {
        String lowerTypeName = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        switch (jdbcType) {
            case Types.BOOLEAN, Types.BIT:
                return new ColumnCopy(name, "BOOLEAN", (rows, i, appender) -> {
                    boolean value = rows.getBoolean(i);
                    appendOrNull(rows, appender, () -> appender.append(value));
                });
            case Types.TINYINT, Types.SMALLINT:
                return new ColumnCopy(name, "SMALLINT", (rows, i, appender) -> {
                    short value = rows.getShort(i);
                    appendOrNull(rows, appender, () -> appender.append(value));
                });
            case Types.INTEGER:
                return new ColumnCopy(name, "INTEGER", (rows, i, appender) -> {
                    int value = rows.getInt(i);
                    appendOrNull(rows, appender, () -> appender.append(value));
                });
            case Types.BIGINT:
                return new ColumnCopy(name, "BIGINT", (rows, i, appender) -> {
                    long value = rows.getLong(i);
                    appendOrNull(rows, appender, () -> appender.append(value));
                });
            case Types.REAL:
                return new ColumnCopy(name, "FLOAT", (rows, i, appender) -> {
                    float value = rows.getFloat(i);
                    appendOrNull(rows, appender, () -> appender.append(value));
                });
            case Types.FLOAT, Types.DOUBLE:
                return doubles(name);
            case Types.NUMERIC, Types.DECIMAL:
                if (precision < 1 || precision > 38) {
                    return doubles(name);   // NUMERIC without precision: as close as a fixed type gets
                }
                return new ColumnCopy(name, "DECIMAL(" + precision + ", " + scale + ")", (rows, i, appender) -> {
                    BigDecimal value = rows.getBigDecimal(i);
                    appendObject(appender, value, () -> appender.append(value));
                });
            case Types.DATE:
                return new ColumnCopy(name, "DATE", (rows, i, appender) -> {
                    LocalDate value = rows.getObject(i, LocalDate.class);
                    appendObject(appender, value, () -> {
                        if (value.equals(LocalDate.MAX) || value.equals(LocalDate.MIN)) {
                            appender.appendEpochDays(value.equals(LocalDate.MAX) ? DUCKDB_INFINITE_DAYS : -DUCKDB_INFINITE_DAYS);
                        } else {
                            appender.append(value);
                        }
                    });
                });
            case Types.TIME:
                return new ColumnCopy(name, "TIME", (rows, i, appender) -> {
                    LocalTime value = rows.getObject(i, LocalTime.class);
                    appendObject(appender, value, () -> appender.append(value));
                });
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE:
                // PostgreSQL's driver reports timestamptz as TIMESTAMP too; its type name tells them apart.
                if (jdbcType == Types.TIMESTAMP_WITH_TIMEZONE || lowerTypeName.equals("timestamptz")) {
                    return new ColumnCopy(name, "TIMESTAMPTZ", (rows, i, appender) -> {
                        OffsetDateTime value = rows.getObject(i, OffsetDateTime.class);
                        appendObject(appender, value, () -> {
                            if (value.equals(OffsetDateTime.MAX) || value.equals(OffsetDateTime.MIN)) {
                                appender.appendEpochMicros(value.equals(OffsetDateTime.MAX) ? DUCKDB_INFINITE_MICROS : -DUCKDB_INFINITE_MICROS);
                            } else {
                                appender.append(value);
                            }
                        });
                    });
                }
                return new ColumnCopy(name, "TIMESTAMP", (rows, i, appender) -> {
                    LocalDateTime value = rows.getObject(i, LocalDateTime.class);
                    appendObject(appender, value, () -> {
                        if (value.equals(LocalDateTime.MAX) || value.equals(LocalDateTime.MIN)) {
                            appender.appendEpochMicros(value.equals(LocalDateTime.MAX) ? DUCKDB_INFINITE_MICROS : -DUCKDB_INFINITE_MICROS);
                        } else {
                            appender.append(value);
                        }
                    });
                });
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY:
                return new ColumnCopy(name, "BLOB", (rows, i, appender) -> {
                    byte[] value = rows.getBytes(i);
                    appendObject(appender, value, () -> appender.appendByteArray(value));
                });
            default:
                return new ColumnCopy(name, "VARCHAR", (rows, i, appender) -> {
                    String value = rows.getString(i);
                    appendObject(appender, value, () -> appender.append(value));
                });
        }
    }

    private static ColumnCopy doubles(String name) {
        return new ColumnCopy(name, "DOUBLE", (rows, i, appender) -> {
            double value = rows.getDouble(i);
            appendOrNull(rows, appender, () -> appender.append(value));
        });
    }

    @FunctionalInterface
    private interface Append {
        void run() throws SQLException;
    }

    /** After a primitive getter: NULL when the driver says the value was NULL. */
    private static void appendOrNull(ResultSet rows, DuckDBAppender appender, Append append) throws SQLException {
        if (rows.wasNull()) {
            appender.appendNull();
        } else {
            append.run();
        }
    }

    private static void appendObject(DuckDBAppender appender, Object value, Append append) throws SQLException {
        if (value == null) {
            appender.appendNull();
        } else {
            append.run();
        }
    }
}
