package soundstage.core;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Read-only connections to a warehouse for a long-running reader, such as the dashboard server:
 * several threads read at once, each read sees the newest state the warehouse has published, and
 * holding the pool open never holds up a writer. Opened by {@link WarehouseFactory#openReadPool}.
 */
public interface ReadPool extends AutoCloseable {
    /** Work done on a borrowed connection. */
    @FunctionalInterface
    interface Read<T> {
        T apply(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code read} on a read-only connection of its own, waiting while every connection is
     * busy. The connection goes back to the pool afterwards (or is dropped when it broke); do not
     * keep it.
     */
    <T> T read(Read<T> read) throws SQLException;

    /**
     * A value that changes whenever what reads see may have changed (a writer committed a task or
     * published a snapshot): answers computed while it stays the same can be reused. Cheap: call
     * it on every request.
     */
    String version() throws SQLException;

    /** As {@link Warehouse#writerAtWork()}: whether a writer holds the warehouse now. */
    default boolean writerAtWork() throws SQLException {
        return true;
    }

    /** The dialect of the warehouse, as {@link Warehouse#dialect()} names it. */
    String dialect();

    /** Where the warehouse is, for messages; never contains a password. */
    String address();

    @Override
    void close();
}
