package soundstage.export;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** Copies partitions of a DuckDB warehouse's tables straight from the tables: DuckDB reads and writes, nothing crosses JDBC. */
final class DirectCopy implements PartitionCopy {
    private final Connection warehouse;

    /** @param warehouse a connection to the DuckDB warehouse, {@link PartitionCopy#prepare prepared}; not closed here */
    DirectCopy(Connection warehouse) {
        this.warehouse = warehouse;
    }

    @Override
    public void write(LakeTable table, Partition partition, LakeFormat format, Path target) throws SQLException {
        String condition = partition.condition(table);
        PartitionCopy.copy(warehouse, "SELECT * FROM " + table.sql() + (condition.isEmpty() ? "" : " WHERE " + condition), format, target);
    }

    @Override
    public void close() {
        // The connection belongs to the caller.
    }
}
