package soundstage.core;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * A {@link ReadPool} of read-only warehouses, opened as needed up to a fixed number, for a
 * dialect whose read-only sessions see every commit on their own (PostgreSQL). A connection that
 * fails with a connection error (the server restarted, the network dropped it) is closed rather
 * than given back, and the read, which changes nothing, is tried once more on a newly opened
 * connection: so a restarted server, which ends every pooled session at once, costs no failed
 * request (retrying on another idle connection, ended too, failed the request). The version counts the runs and tasks that finished:
 * each commits its tables before it is recorded as finished.
 */
public final class PooledReadPool implements ReadPool {
    private static final String VERSION_SQL = "SELECT (SELECT count(*) FROM meta.runs WHERE finished_at IS NOT NULL), "
            + "(SELECT count(*) FROM meta.task_runs WHERE finished_at IS NOT NULL), (SELECT coalesce(max(run_id), 0) FROM meta.runs)";

    private final Supplier<Warehouse> opener;
    private final String dialect;
    private final String address;
    private final Semaphore permits;
    private final BlockingQueue<Warehouse> idle;
    private final List<Warehouse> opened = new ArrayList<>();
    private volatile boolean closed;

    /**
     * @param first a warehouse {@code opener} opened, checked by the caller, kept as the first connection
     * @param opener opens one more read-only warehouse
     * @param size how many reads may run at once
     */
    public PooledReadPool(Warehouse first, Supplier<Warehouse> opener, int size) {
        requireNonNull(first, "first is null");
        this.opener = requireNonNull(opener, "opener is null");
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1: " + size);
        }
        this.dialect = first.dialect();
        this.address = first.address();
        this.permits = new Semaphore(size, true);
        this.idle = new ArrayBlockingQueue<>(size);
        idle.add(first);
        synchronized (opened) {
            opened.add(first);
        }
    }

    @Override
    public <T> T read(Read<T> read) throws SQLException {
        return borrow(warehouse -> read.apply(warehouse.connection()));
    }

    @Override
    public boolean writerAtWork() throws SQLException {
        return borrow(Warehouse::writerAtWork);
    }

    /** What {@code use} answers of one of the pool's warehouses, at most {@code size} at once. */
    private <T> T borrow(Use<T> use) throws SQLException {
        if (closed) {
            throw new IllegalStateException("read pool of " + address + " is closed");
        }
        permits.acquireUninterruptibly();
        try {
            try {
                return readOnce(use, idle.poll());
            } catch (SQLException e) {
                if (!LostConnection.in(e)) {
                    throw e;
                }
                // On a new connection: the idle ones are likely broken too (a restart ends them
                // all); each is dropped when it fails, and its read is retried the same way.
                return readOnce(use, null);
            }
        } finally {
            permits.release();
        }
    }

    private interface Use<T> {
        T apply(Warehouse warehouse) throws SQLException;
    }

    /** Runs {@code use} on {@code warehouse}, or on a newly opened one when it is null. */
    private <T> T readOnce(Use<T> use, Warehouse warehouse) throws SQLException {
        if (warehouse == null) {
            warehouse = opener.get();
            synchronized (opened) {
                opened.add(warehouse);
            }
        }
        boolean broken = true;
        try {
            T result = use.apply(warehouse);
            broken = false;
            return result;
        } catch (SQLException e) {
            broken = LostConnection.in(e) || warehouse.connection().isClosed();
            throw e;
        } finally {
            if (broken) {
                drop(warehouse);
            } else {
                idle.add(warehouse);
            }
        }
    }

    @Override
    public String version() throws SQLException {
        return read(connection -> {
            try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(VERSION_SQL)) {
                row.next();
                return row.getLong(1) + "." + row.getLong(2) + "." + row.getLong(3);
            }
        });
    }

    @Override
    public String dialect() {
        return dialect;
    }

    @Override
    public String address() {
        return address;
    }

    private void drop(Warehouse warehouse) {
        synchronized (opened) {
            opened.remove(warehouse);
        }
        warehouse.close();
    }

    @Override
    public void close() {
        closed = true;
        synchronized (opened) {
            opened.forEach(Warehouse::close);
            opened.clear();
        }
    }
}
