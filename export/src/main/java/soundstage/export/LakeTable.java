package soundstage.export;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * A warehouse table as the lake writes it.
 *
 * @param schema its schema, {@code central} or {@code analytics}
 * @param name its name, letters, digits and {@code _} only (it becomes a folder name)
 * @param columns every column in order, with its type as the warehouse's information_schema names it
 * @param partitionColumn the date or timestamp column whose year and month split the table into
 *     files, or null: the table is one file
 */
record LakeTable(String schema, String name, List<Column> columns, Column partitionColumn) {
    LakeTable {
        requireNonNull(schema, "schema is null");
        requireNonNull(name, "name is null");
        columns = List.copyOf(columns);
    }

    /** A column and its type, e.g. {@code start_time} and {@code TIMESTAMP}. */
    record Column(String name, String type) {
        Column {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }

        /** Whether the column holds points in time that can be split by year and month. */
        boolean isDateOrTimestamp() {
            String lower = type.toLowerCase(Locale.ROOT);
            return lower.equals("date") || lower.startsWith("timestamp");
        }

        /** Whether the column holds instants (TIMESTAMP WITH TIME ZONE): their year and month are taken in UTC. */
        boolean hasTimeZone() {
            String lower = type.toLowerCase(Locale.ROOT);
            return lower.contains("with time zone") || lower.equals("timestamptz");
        }

        @Override
        public String toString() {
            return name + " " + type;
        }
    }

    /** {@code schema.name}, for messages and the manifest. */
    String qualifiedName() {
        return schema + "." + name;
    }

    /** The table in SQL, quoted. */
    String sql() {
        return quote(schema) + "." + quote(name);
    }

    /** The table's folder in the lake, relative to the lake's root: {@code analytics/songplays}. */
    String folder() {
        return schema + "/" + name;
    }

    boolean partitioned() {
        return partitionColumn != null;
    }

    /**
     * The value whose year and month name a row's partition, in SQL both dialects read the same
     * way: the partition column, taken in UTC when it holds instants.
     */
    String partitionValue() {
        if (partitionColumn == null) {
            throw new IllegalStateException(qualifiedName() + " is not partitioned");
        }
        String column = quote(partitionColumn.name());
        return partitionColumn.hasTimeZone() ? "(" + column + " AT TIME ZONE 'UTC')" : column;
    }

    /** Every column as {@code name type}, in order: a file is rewritten when these change. */
    List<String> columnSignature() {
        return columns.stream().map(Column::toString).toList();
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
