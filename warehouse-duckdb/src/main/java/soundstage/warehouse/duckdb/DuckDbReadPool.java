package soundstage.warehouse.duckdb;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import org.duckdb.DuckDBConnection;
import soundstage.core.ErrorMessage;
import soundstage.core.OpenOptions;
import soundstage.core.ReadPool;
import soundstage.core.SchemaMigrations;
import soundstage.core.UserException;
import soundstage.core.WriterLock;

/**
 * Reads a DuckDB warehouse for a long-running reader, always from the readers' snapshot
 * ({@link DuckDbSnapshot}), never from the file itself: DuckDB lets no process write a file that
 * another process has open, so a server holding the warehouse open would stop every run.
 *
 * <p>Each read checks whether a writer published a newer snapshot (its file identity, modification
 * time and size: a stat, microseconds) and if so opens it; reads already running finish on the
 * old one, which is closed when the last of them is done. The old file stays readable meanwhile:
 * publishing renames a new file over it, and the open one lives on until closed. Connections are
 * DuckDB's duplicates of one database, so concurrent reads share its buffer cache.
 */
final class DuckDbReadPool implements ReadPool {
    private final Path file;
    private final Path snapshot;
    private final OpenOptions options;
    private final Semaphore permits;
    private long lastRepublish;   // System.nanoTime() of the last try to publish a snapshot that was gone; guarded by this
    /** When (System.nanoTime()) to look next at whether the warehouse changed after its snapshot; 0: at once. */
    private final java.util.concurrent.atomic.AtomicLong nextStaleCheck = new java.util.concurrent.atomic.AtomicLong();
    /** Whether a thread publishes the snapshot again now. */
    private final java.util.concurrent.atomic.AtomicBoolean publishing = new java.util.concurrent.atomic.AtomicBoolean();
    private Generation current;   // guarded by this
    private boolean closed;       // guarded by this

    private DuckDbReadPool(Path file, OpenOptions options, int size) {
        this.file = file;
        this.options = options;
        this.snapshot = DuckDbSnapshot.pathOf(file);
        this.permits = new Semaphore(size, true);
    }

    /**
     * Opens the pool on {@code file}'s snapshot; publishes the snapshot first when a warehouse
     * has data but no snapshot yet (opening it as a writer, which migrates it if needed).
     *
     * @throws UserException when there is no warehouse, nothing to show yet, or snapshots are turned off
     */
    static DuckDbReadPool open(Path given, OpenOptions options, int size) {
        Path file = DuckDbWarehouse.throughLinks(given);
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1: " + size);
        }
        if (!Files.exists(file)) {
            throw DuckDbWarehouse.noWarehouse(file);
        }
        if (!DuckDbSnapshot.enabled()) {
            throw new UserException("Readers of a DuckDB warehouse read its readers' snapshot, which -Dsoundstage.duckdb.snapshot=never (or false) turns off. Leave it on (auto, the default) to read '" + file + "' while it is written.");
        }
        DuckDbReadPool pool = new DuckDbReadPool(file, options, size);
        pool.deleteLeftoverLinks();
        if (!Files.exists(pool.snapshot) || !pool.snapshotIsLatest()) {
            publish(file, options);
        } else if (pool.snapshotIsOlderThanWarehouse()) {
            // A writer changed the warehouse after the snapshot was taken and did not publish (it
            // was killed after its commit, or ran with snapshots off): published again, unless a
            // writer is at work now, which publishes when it finishes.
            try {
                publish(file, options.withMaxWait(Duration.ZERO));
            } catch (UserException beingWritten) {
                // the snapshot there is what readers get until that writer finishes
            }
        }
        if (!Files.exists(pool.snapshot)) {
            throw new UserException("Warehouse '" + file + "' has nothing to show yet: no command has finished on it. Run soundstage run (or soundstage demo) first.");
        }
        try {
            pool.read(connection -> null);
        } catch (SQLException e) {
            pool.close();
            throw new UserException("Cannot read the snapshot '" + pool.snapshot + "' of warehouse '" + file + "': " + ErrorMessage.clause(e) + ".", e);
        }
        return pool;
    }

    /** Opens the warehouse as its writer only to publish the readers' snapshot when it closes. */
    private static void publish(Path file, OpenOptions options) {
        DuckDbWarehouse writer = DuckDbWarehouse.open(file, options.withReadOnly(false).withCommand(options.command() + WriterLock.PUBLISHING));
        writer.publishSnapshotOnClose();
        writer.close();
    }

    /**
     * Deletes the links a reader killed between making and removing one left: each keeps an old
     * snapshot's blocks on disk. Only links made over a minute ago (by their inode's change time,
     * which making a link sets), so as not to take one from under another server opening it.
     */
    private void deleteLeftoverLinks() {
        long minuteAgo = System.currentTimeMillis() - 60_000;
        try (DirectoryStream<Path> links = Files.newDirectoryStream(snapshot.toAbsolutePath().getParent(), "." + snapshot.getFileName() + ".reader-*")) {
            for (Path link : links) {
                if (((FileTime) Files.getAttribute(link, "unix:ctime")).toMillis() < minuteAgo) {
                    Files.deleteIfExists(link);
                }
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // Where change times cannot be read, links stay: they cost disk, never correctness.
        }
    }

    /**
     * Whether the warehouse file (or its write-ahead log) changed after the snapshot was copied from
     * it: written (its modification time), or another file put in its place ({@code mv}, which keeps
     * the modification time of the file moved but sets its change time).
     */
    private boolean snapshotIsOlderThanWarehouse() {
        try {
            long copied = Files.getLastModifiedTime(snapshot).toMillis();
            Path wal = file.resolveSibling(file.getFileName() + ".wal");
            return changed(file) > copied || Files.exists(wal) && changed(wal) > copied;
        } catch (IOException e) {
            return false;   // cannot tell: the snapshot there is read
        }
    }

    /** When {@code path} was last written or put where it is, in epoch milliseconds. */
    private static long changed(Path path) throws IOException {
        long modified = Files.getLastModifiedTime(path).toMillis();
        try {
            return Math.max(modified, ((FileTime) Files.getAttribute(path, "unix:ctime")).toMillis());
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return modified;   // no change time here: a file moved into place is seen when next written
        }
    }

    /**
     * Publishes the snapshot again when the warehouse changed after it and no writer is at work
     * (one that is publishes when it finishes): a writer killed after its commits, or a warehouse
     * put in place of another, was served as it had been until the next writer finished, with
     * nothing to tell. Looked at every 2 s at most, and published on a thread of its own, so that
     * requests go on reading the snapshot there meanwhile (publishing copies the whole file); a
     * publish that leaves the snapshot older than the warehouse (a write-ahead log that stays, a
     * full disk) is not tried again for a minute.
     */
    private void refreshIfStale() {
        long now = System.nanoTime();
        long next = nextStaleCheck.get();
        if (next != 0 && now - next < 0 || !nextStaleCheck.compareAndSet(next, now + 2_000_000_000L)) {
            return;
        }
        if (!snapshotIsOlderThanWarehouse() || DuckDbWriterLock.atWork(file) || !publishing.compareAndSet(false, true)) {
            return;
        }
        Thread publisher = new Thread(() -> {
            try {
                publish(file, options.withMaxWait(Duration.ZERO));
            } catch (RuntimeException busyOrBroken) {
                // A writer took it in between (it publishes when it finishes), or the file cannot be opened now.
            } finally {
                if (snapshotIsOlderThanWarehouse()) {
                    nextStaleCheck.set(System.nanoTime() + 60_000_000_000L);
                }
                publishing.set(false);
            }
        }, "soundstage-snapshot-publisher");
        publisher.setDaemon(true);
        publisher.start();
    }

    private boolean snapshotIsLatest() {
        try (Connection connection = DuckDbWarehouse.connect(snapshot, true)) {
            return SchemaMigrations.isLatest(connection, snapshot.toString());
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public <T> T read(Read<T> read) throws SQLException {
        permits.acquireUninterruptibly();
        try {
            Generation generation;
            Connection connection;
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("read pool of " + file + " is closed");
                }
                generation = newest();
                generation.borrowed++;
                connection = generation.idle.poll();
            }
            boolean keep = false;
            try {
                if (connection == null) {
                    connection = generation.root.duplicate();
                }
                T result = read.apply(connection);
                keep = true;
                return result;
            } finally {
                giveBack(generation, connection, keep);
            }
        } finally {
            permits.release();
        }
    }

    private synchronized void giveBack(Generation generation, Connection connection, boolean keep) {
        generation.borrowed--;
        if (connection != null) {
            if (keep && !generation.retired) {
                generation.idle.push(connection);
            } else {
                DuckDbWarehouse.closeQuietly(connection);
            }
        }
        if (generation.retired && generation.borrowed == 0) {
            generation.close();
        }
    }

    /** The generation on the newest snapshot, opened when a writer published one since. */
    private Generation newest() throws SQLException {
        String key = identity();
        if (current == null || !current.key.equals(key)) {
            DuckDBConnection root = openSnapshot();
            if (root == null) {
                return current;   // not yet: reads are still on the old one (see openSnapshot)
            }
            Generation opened = new Generation(key, root);
            if (current != null) {
                current.retired = true;
                if (current.borrowed == 0) {
                    current.close();
                }
            }
            current = opened;
        }
        return current;
    }

    /**
     * Opens the snapshot as a database of its own. DuckDB's JDBC driver gives connections to one
     * path the same database while it is open, which would keep showing the old snapshot; so the
     * new one is opened under a name of its own, a hard link made for the purpose and removed as
     * soon as DuckDB has it open (the open file lives on, like any file renamed over). Where the
     * file system has no hard links, it is opened by its name once no read is left on the older
     * one: until then this returns null, and reads stay on the older one.
     */
    private DuckDBConnection openSnapshot() throws SQLException {
        Path link = snapshot.resolveSibling("." + snapshot.getFileName() + ".reader-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.createLink(link, snapshot);
        } catch (IOException | UnsupportedOperationException e) {
            if (current != null) {
                if (current.borrowed > 0) {
                    return null;
                }
                current.close();
                current = null;
            }
            return (DuckDBConnection) DuckDbWarehouse.connect(snapshot, true);
        }
        try {
            return (DuckDBConnection) DuckDbWarehouse.connect(link, true);
        } finally {
            try {
                Files.deleteIfExists(link);
            } catch (IOException e) {
                // Left over: the next pool's open removes it.
            }
        }
    }

    /** The warehouse file is not where the pool reads it from: a state that passes (08003) once it is put back or built again. */
    private SQLException gone(NoSuchFileException cause) {
        return new SQLException("the warehouse " + file + " is gone (deleted or moved): put it back, or build it again at that path; it is read again then",
                "08003", cause);
    }

    private String identity() throws SQLException {
        try {
            if (!Files.exists(file)) {   // the snapshot would be served as if nothing had happened
                throw gone(new NoSuchFileException(file.toString()));
            }
            refreshIfStale();
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(snapshot, BasicFileAttributes.class);
            } catch (NoSuchFileException gone) {
                republish(gone);
                attributes = Files.readAttributes(snapshot, BasicFileAttributes.class);
            }
            return attributes.fileKey() + "/" + attributes.lastModifiedTime().toMillis() + "/" + attributes.size();
        } catch (NoSuchFileException e) {
            throw new SQLException("the readers' snapshot " + snapshot + " is gone", "08003", e);
        } catch (IOException e) {   // not gone but unreadable (permissions): no state of a passing failure, so no "try again"
            throw new SQLException("cannot read the readers' snapshot " + snapshot + ": " + ErrorMessage.of(e), e);
        }
    }

    /**
     * Gets the snapshot made again after it went away under the pool: the warehouse was deleted
     * and built again at its path (writers keep only an existing snapshot up to date, so none
     * would ever publish one), or someone removed the snapshot. It leaves the marker that makes
     * the next writer publish one when it closes ({@link DuckDbSnapshot#wantedOf}), so a
     * rebuild's commands publish it themselves; and when no writer is at work, it publishes one
     * as when the pool opened (at most every two seconds, never waiting for a writer). Until then
     * reads fail as a lost connection does, saying why.
     */
    private synchronized void republish(NoSuchFileException gone) throws SQLException {
        if (Files.exists(snapshot)) {
            return;   // another read published it a moment ago
        }
        if (!Files.exists(file)) {
            throw gone(gone);
        }
        try {
            Files.createFile(DuckDbSnapshot.wantedOf(file));
        } catch (FileAlreadyExistsException e) {
            // left by an earlier read
        } catch (IOException e) {
            // a folder this reader may not write: it publishes itself below, when it can
        }
        long now = System.nanoTime();
        if (!DuckDbWriterLock.atWork(file) && (lastRepublish == 0 || now - lastRepublish > 2_000_000_000L)) {
            lastRepublish = now;
            try {
                publish(file, options.withMaxWait(Duration.ZERO));
            } catch (UserException | IllegalStateException busy) {
                // A writer is at work (or the file is not a warehouse yet): tried again on a later read.
            }
        }
        if (!Files.exists(snapshot)) {
            throw new SQLException("the warehouse " + file + " was replaced and has no readers' snapshot yet: one is made once a command has finished on it and none is writing it",
                    "08003", gone);
        }
    }

    @Override
    public String version() throws SQLException {
        return identity();
    }

    /** Never, as for a reader of {@link DuckDbWarehouse#writerAtWork()}: what it reads holds no run in progress. */
    @Override
    public boolean writerAtWork() {
        return false;
    }

    @Override
    public String dialect() {
        return "duckdb";
    }

    @Override
    public String address() {
        return file.toString();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (current != null) {
            current.retired = true;
            if (current.borrowed == 0) {
                current.close();
            }
            current = null;
        }
    }

    /** One opened snapshot: its database, and the duplicate connections not in use. */
    private static final class Generation {
        final String key;
        final DuckDBConnection root;
        final Deque<Connection> idle = new ArrayDeque<>();
        int borrowed;
        boolean retired;

        Generation(String key, DuckDBConnection root) {
            this.key = key;
            this.root = root;
        }

        void close() {
            idle.forEach(DuckDbWarehouse::closeQuietly);
            idle.clear();
            DuckDbWarehouse.closeQuietly(root);
        }
    }
}
