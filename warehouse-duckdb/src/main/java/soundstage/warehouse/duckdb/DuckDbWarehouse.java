package soundstage.warehouse.duckdb;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.duckdb.DuckDBConnection;
import soundstage.core.DiskFull;
import soundstage.core.EmbeddedDriver;
import soundstage.core.ErrorMessage;
import soundstage.core.FileKind;
import soundstage.core.IngestOptions;
import soundstage.core.IngestSummary;
import soundstage.core.LockHolder;
import soundstage.core.MemorySettings;
import soundstage.core.OpenOptions;
import soundstage.core.Progress;
import soundstage.core.SchemaMigrations;
import soundstage.core.SqlScript;
import soundstage.core.UserException;
import soundstage.core.Warehouse;
import soundstage.core.WarehouseFactory;
import soundstage.core.WriterLock;
import soundstage.ingest.spotify.SpotifyLoader;

/**
 * A warehouse in one embedded DuckDB file. Opening to write takes the writer lock
 * ({@link DuckDbWriterLock}, the file {@code <warehouse>.lock}), creates the file and the layer
 * schemas if needed and migrates an older schema version forward; closing brings the readers'
 * snapshot ({@link DuckDbSnapshot}) up to date when a command finished since opening.
 *
 * <p>Opening read-only reads the file itself when no process writes it. DuckDB lets no other
 * process open a file that one process writes, not even to read, so while a writer has it a
 * reader opens the snapshot the last writer published instead, and says so in one line.
 */
public final class DuckDbWarehouse implements Warehouse {
    /** How long a writer waits for readers (which keep the file a few seconds at most) to close it. */
    static final Duration READERS_GRACE = Duration.ofSeconds(15);
    private static final Pattern CONFLICT = Pattern.compile("Conflicting lock is held in (.*) \\(PID (\\d+)\\)");

    private final Path file;
    /** The path as the user gave it, which {@link #address()} names: run logs go beside it, as the command line checks. */
    private final Path given;
    private final Connection connection;
    private final DuckDbWriterLock lock;
    private final OpenOptions options;
    private final String snapshot;
    private long lastRunAtOpen = -1;
    private boolean publishWanted;
    private boolean changesOutsideARun;

    private DuckDbWarehouse(Path file, Path given, Connection connection, DuckDbWriterLock lock, OpenOptions options, String snapshot) {
        this.file = file;
        this.given = given;
        this.connection = connection;
        this.lock = lock;
        this.options = options;
        this.snapshot = snapshot;
    }

    /**
     * Opens (creating if needed) the warehouse in {@code file} to write, with {@link OpenOptions#DEFAULTS}.
     *
     * @throws UserException when the file cannot be opened, is not a DuckDB file, is being written
     *     by another process, or was written by a newer Soundstage
     */
    public static DuckDbWarehouse open(Path file) {
        return open(file, OpenOptions.DEFAULTS);
    }

    /**
     * Opens the warehouse in {@code file} as {@code options} say (see the class comment).
     *
     * @throws UserException when the file cannot be opened, is not a DuckDB file, does not exist
     *     and {@code options} are a reader's or say it must exist, another process writes it (a
     *     writer after waiting as {@code options} allow; a reader when there is no snapshot yet),
     *     or it was written by a newer Soundstage
     */
    public static DuckDbWarehouse open(Path given, OpenOptions options) {
        requireNonNull(given, "file is null");
        requireNonNull(options, "options is null");
        Path file = throughLinks(given);
        DuckDbSnapshot.policy();   // a mistyped policy is refused before any work, not when closing after it
        if ((options.readOnly() || options.mustExist()) && !Files.exists(file)) {
            throw noWarehouse(file);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserException("Cannot create warehouse '" + file + "': " + (Files.exists(parent) ? "'" + parent + "' is a file, not a directory. Choose another --warehouse."
                    : "directory '" + parent + "' does not exist. Create it first or choose another --warehouse."));
        }
        if (options.readOnly() && Files.exists(file)) {
            DuckDbWarehouse reader = openReader(file, given, options);
            if (reader != null) {
                return reader;
            }
        }
        return openWriter(file, given, options.withReadOnly(false));
    }

    /**
     * The warehouse {@code file} itself when the path names a symbolic link (followed link by link,
     * also to a file not made yet), else the path as given (messages name it as the user wrote it).
     * The writer lock and the readers' snapshot are files beside the warehouse: beside a link they
     * would be other files than beside its target, and a second writer through the other path
     * would wait on a lock no one holds and then find DuckDB's own lock, while readers through it
     * read a snapshot no writer keeps up to date. (DuckDB itself follows the link for its
     * {@code .wal}.) Links among the folders need nothing: every path through them reaches the same
     * folder, and the same files beside the warehouse.
     */
    static Path throughLinks(Path file) {
        Path path = file;
        for (int links = 0; links < 40 && Files.isSymbolicLink(path); links++) {   // 40: Linux's limit on links in a lookup
            try {
                path = path.resolveSibling(Files.readSymbolicLink(path));   // an absolute target replaces the path
            } catch (IOException | UnsupportedOperationException unreadable) {
                return path;   // refused with its own message when opened
            }
        }
        return path;
    }

    /** Why a reader, or a writer that must find one, cannot open {@code file}: there is no warehouse. */
    static UserException noWarehouse(Path file) {
        return new UserException("There is no warehouse at '" + WarehouseFactory.withoutPassword(file.toString()) + "'. Ingest and run something first (for example soundstage demo), or give --warehouse.");
    }

    private static DuckDbWarehouse openWriter(Path file, Path given, OpenOptions options) {
        DuckDbWriterLock lock;
        try {
            lock = DuckDbWriterLock.take(file, options);
        } catch (UserException e) {
            throw e;
        } catch (Exception e) {
            throw new UserException("Cannot lock warehouse '" + file + "' (" + DuckDbWriterLock.pathOf(file) + "): "
                    + (e instanceof java.io.IOException io ? ErrorMessage.ofFile(io) : ErrorMessage.clause(e))
                    + ". " + DiskFull.fix(e, "Check that its folder is writable."), e);
        }
        DuckDbWarehouse warehouse = null;
        try {
            warehouse = new DuckDbWarehouse(file, given, connectWaitingForReaders(file, options), lock, options, null);
            warehouse.migrate();
            warehouse.defineFunctions();
            warehouse.lastRunAtOpen = warehouse.lastRun();
            return warehouse;
        } catch (SQLException | RuntimeException e) {
            if (warehouse != null) {
                warehouse.close();
            }
            lock.close();
            if (e instanceof UserException user) {
                throw user;
            }
            throw new UserException("Cannot prepare warehouse '" + file + "': " + ErrorMessage.clause(e) + ".", e);
        }
    }

    /**
     * Opens the file to write. Holding the writer lock, the only other processes that can have
     * the file open are readers, which close it within seconds, and programs other than
     * Soundstage (the duckdb shell): wait a little for them, then say which one keeps it.
     */
    private static Connection connectWaitingForReaders(Path file, OpenOptions options) {
        long deadline = System.nanoTime() + Math.max(READERS_GRACE.toNanos(), options.maxWait().toNanos());
        boolean told = false;
        while (true) {
            try {
                return connect(file, false);
            } catch (SQLException e) {
                Matcher conflict = CONFLICT.matcher(ErrorMessage.of(e));
                if (!conflict.find()) {
                    throw cannotOpen(file, e);
                }
                String other = "process " + conflict.group(2) + " (" + conflict.group(1) + ")";
                if (System.nanoTime() > deadline) {
                    throw new UserException("Warehouse '" + file + "' is kept open by " + other
                            + ", which is not a Soundstage writer. Close the warehouse in that program and try again.", e);
                }
                if (!told) {
                    told = true;
                    options.notices().accept("waiting for " + other + ", which is reading warehouse '" + file + "', to close it");
                }
                sleep(100);
            }
        }
    }

    /**
     * Opens {@code file} to read: the file itself, or while a writer has it, its snapshot. Returns
     * null when the warehouse must be opened as a writer first (it needs a newer schema).
     */
    private static DuckDbWarehouse openReader(Path file, Path given, OpenOptions options) {
        Connection connection;
        long deadline = System.nanoTime() + options.maxWait().toNanos();
        boolean told = false;
        while (true) {
            try {
                connection = connect(file, true);
                break;
            } catch (SQLException e) {
                if (!CONFLICT.matcher(ErrorMessage.of(e)).find()) {
                    throw cannotOpen(file, e);
                }
                if (Files.exists(DuckDbSnapshot.pathOf(file)) || System.nanoTime() > deadline) {
                    return openSnapshot(file, given, options);
                }
                // No snapshot to read while the writer has the file: --wait waits for the file itself.
                if (!told) {
                    told = true;
                    options.notices().accept("waiting up to " + WriterLock.format(options.maxWait()) + " for "
                            + DuckDbWriterLock.holder(file).map(LockHolder::describe).orElse("another process") + " to finish writing warehouse '"
                            + file + "' (it has no readers' snapshot to read meanwhile)");
                }
                sleep(200);
            }
        }
        try {
            if (!SchemaMigrations.isLatest(connection, file.toString())) {
                if (SchemaMigrations.isNew(connection)) {
                    // Another tool's DuckDB file, or an empty one: a reader does not make it a warehouse, as it does not create a missing one.
                    refuseForeignDatabase(connection, file);
                    connection.close();
                    throw noWarehouse(file);
                }
                connection.close();
                return null;   // older: a writer migrates it
            }
            return new DuckDbWarehouse(file, given, connection, null, options, null);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            if (e instanceof UserException user) {
                throw user;
            }
            throw new UserException("Cannot read warehouse '" + file + "': " + ErrorMessage.clause(e) + ".", e);
        }
    }

    private static DuckDbWarehouse openSnapshot(Path file, Path given, OpenOptions options) {
        String writer = DuckDbWriterLock.holder(file).map(LockHolder::describe).orElse("another process");
        Path snapshot = DuckDbSnapshot.pathOf(file);
        Connection connection;
        try {
            connection = connect(snapshot, true);
        } catch (SQLException e) {
            if (Files.exists(snapshot)) {
                throw new UserException("Cannot read the snapshot '" + snapshot + "' of warehouse '" + file + "', which " + writer + " is writing: "
                        + ErrorMessage.clause(e) + ". Wait for the writer to finish and try again.", e);
            }
            String snapshots = ", and it has no readers' snapshot (writers keep one once soundstage serve has made it, or with -Dsoundstage.duckdb.snapshot=always).";
            throw new UserException(options.maxWait().isZero()
                    ? "Warehouse '" + file + "' is being written by " + writer + snapshots + " Wait for it to finish and try again, or give --wait (e.g. --wait 10m) to wait for it."
                    : "Warehouse '" + file + "' is still being written by " + writer + " after waiting " + WriterLock.format(options.maxWait()) + snapshots
                            + " Try again later, or give a longer --wait.");
        }
        try {
            SchemaMigrations.isLatest(connection, snapshot.toString());
            String note = "reading warehouse '" + file + "' " + DuckDbSnapshot.state(connection) + ", because " + writer + " is writing it";
            options.notices().accept(note);
            return new DuckDbWarehouse(file, given, connection, null, options, note);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            if (e instanceof UserException user) {
                throw user;
            }
            throw new UserException("Cannot read the snapshot '" + snapshot + "' of warehouse '" + file + "': " + ErrorMessage.clause(e) + ".", e);
        }
    }

    /** Why {@code file} did not open, with the advice that fits: a bad setting is not a bad file. */
    static UserException cannotOpen(Path file, SQLException e) {
        String message = ErrorMessage.of(e);
        String advice = message.contains("\"memory_limit\"")
                ? "Check -Dsoundstage.duckdb.memory (for example -Dsoundstage.duckdb.memory=4GB, in SOUNDSTAGE_JAVA_OPTS)."
                : message.contains("Permission denied")
                ? "Check the permissions of the file and its folder: this user must be able to read and write them."
                : message.contains("Operation not permitted")
                ? "The system refuses to let it be written (an immutable or append-only file, `lsattr` shows it, or a policy such as SELinux):"
                        + " lift that, or copy the warehouse elsewhere."
                : "Check that it is a DuckDB file.";
        return new UserException("Cannot open warehouse '" + file + "': " + ErrorMessage.clause(e) + ". " + advice, e);
    }

    static Connection connect(Path file, boolean readOnly) throws SQLException {
        Properties properties = new Properties();
        // Keep memory flat whatever the input size: DuckDB spills to disk beyond this.
        properties.setProperty("memory_limit", MemorySettings.duckDbMemory());
        // Tables are read with ORDER BY where order matters; keeping insertion order would
        // make large inserts buffer rows, and memory must stay flat as inputs grow.
        properties.setProperty("preserve_insertion_order", "false");
        if (readOnly) {
            properties.setProperty("duckdb.read_only", "true");
        }
        Connection connection = EmbeddedDriver.connect("jdbc:duckdb:" + file, properties);
        // The times the tool writes (now(): a run's start and end, a file's load) are UTC,
        // whatever the zone of the process that writes them: in the machine's zone, a scheduler
        // in UTC and a shell in Tokyo wrote a run history out of order.
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET GLOBAL TimeZone = 'UTC'");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        if (!readOnly) {
            // FSST string compression costs a fifth to a third of every large write (measured
            // with DuckDB 1.5.6: 2.8 s against 2.2 s for a copy of 1M staged events, 3.4 s against
            // 2.9 s for 1M staged Spotify plays); dictionary and the numeric compressions stay on,
            // so the files grow only for long, varied text. Set by statement: DuckDB's JDBC
            // driver ignores this setting among the connection's properties (memory_limit and
            // preserve_insertion_order take effect there). Global: ingest lanes share the database.
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET GLOBAL disabled_compression_methods = 'fsst'");
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        }
        return connection;
    }

    /** The newest entry of meta.runs: a command finished (or died) since opening when it changed. */
    private long lastRun() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet last = statement.executeQuery("SELECT coalesce(max(run_id), 0) FROM meta.runs")) {
            last.next();
            return last.getLong(1);
        }
    }

    private void migrate() throws SQLException {
        refuseForeignDatabase(connection, file);
        if (options.mustExist() && SchemaMigrations.isNew(connection)) {
            throw noWarehouse(file);   // an empty DuckDB file: a command that needs a warehouse does not make one of it
        }
        SchemaMigrations.migrate(connection, dialect(), file.toString());
    }

    /**
     * Refuses a DuckDB file that holds tables but is no Soundstage warehouse (another tool's
     * database given as --warehouse by mistake): Soundstage would add its schemas beside them, and
     * a command meant only to read (status) would write it. A PostgreSQL database may hold other
     * tables: Soundstage lives in its own schemas there.
     */
    private static void refuseForeignDatabase(Connection connection, Path file) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet tables = statement.executeQuery("""
                     SELECT count(*) FILTER (WHERE table_schema = 'meta' AND table_name = 'schema_version'),
                            min(table_schema || '.' || table_name)
                     FROM information_schema.tables
                     WHERE table_catalog = current_database()""")) {
            tables.next();
            String some = tables.getString(2);
            if (tables.getLong(1) == 0 && some != null) {
                throw new UserException("'" + file + "' is a DuckDB database but not a Soundstage warehouse: it holds tables such as " + some
                        + " and no meta.schema_version. Give --warehouse a new file (or a Soundstage warehouse); this one is left as it is.");
            }
        }
    }

    void execute(String script) throws SQLException {
        SqlScript.execute(connection, script);
    }

    /**
     * Creates the macros of functions.sql, unless the warehouse holds them as this version of the
     * file defines them ({@code meta.functions_version()} names the version). Creating them on
     * every open took 0.25 s of every writer's start and made each run's checkpoint rewrite the
     * catalog.
     */
    private void defineFunctions() throws SQLException {
        SqlScript.executeUnlessHeld(connection, SqlScript.resource(DuckDbWarehouse.class, "functions.sql"),
                "SELECT meta.functions_version()", "CREATE OR REPLACE MACRO meta.functions_version() AS '%s'");
    }

    @Override
    public String dialect() {
        return "duckdb";
    }

    @Override
    public String address() {
        return given.toString();
    }

    @Override
    public Connection connection() {
        return connection;
    }

    @Override
    public boolean writesLakeFiles() {
        return true;
    }

    /** A second connection to the same database: its own transaction (a snapshot) and session settings. */
    @Override
    public ReadSnapshot readSnapshot() throws SQLException {
        Connection reader = connection.unwrap(DuckDBConnection.class).duplicate();
        try {
            reader.setAutoCommit(false);
        } catch (SQLException e) {
            reader.close();
            throw e;
        }
        return new ReadSnapshot() {
            @Override
            public Connection connection() {
                return reader;
            }

            @Override
            public void close() throws SQLException {
                try (reader) {
                    reader.rollback();
                }
            }
        };
    }

    @Override
    public IngestSummary ingest(FileKind kind, List<Path> files, IngestOptions options, Progress progress) {
        if (readOnly()) {
            throw new IllegalStateException("Warehouse " + file + " was opened read-only; open it to write to ingest");
        }
        try {
            if (kind == FileKind.SPOTIFY_EXPORT) {
                DuckDbStreamSink.removeLeftovers(connection, file);
                return new SpotifyLoader(connection, () -> new DuckDbStreamSink(connection), options).load(files, progress);
            }
            return new DuckDbLoader(this, kind, options).load(files, progress);
        } catch (SQLException e) {
            throw new IllegalStateException("Loading " + kind + " files into " + file + " failed: " + ErrorMessage.of(e), e);
        }
    }

    /**
     * Only when this is the writer: a reader reads the snapshot the last writer published when it
     * closed, or the file while no writer has it (a writer waits for its readers), so a run it
     * sees still marked running was interrupted, whoever writes now (it showed as running again
     * whenever another writer was at work).
     */
    @Override
    public boolean writerAtWork() {
        return lock != null;
    }

    @Override
    public boolean readOnly() {
        return lock == null;
    }

    @Override
    public Optional<String> snapshot() {
        return Optional.ofNullable(snapshot);
    }

    /**
     * Asks a writer to publish the readers' snapshot when it closes (if the warehouse has data),
     * even if nothing changed or there is none yet: what a long-running reader does to get one
     * that it can read.
     */
    void publishSnapshotOnClose() {
        publishWanted = true;
    }

    @Override
    public void changesOutsideARun() {
        changesOutsideARun = true;
    }

    /**
     * Closes the file; a writer then publishes the readers' snapshot as {@link DuckDbSnapshot#policy()}
     * says (by default: when there is one and a command finished since opening, or {@code sql}
     * wrote), and releases the
     * writer lock. Safe twice.
     */
    @Override
    public void close() {
        boolean publish = false;
        try {
            if (lock != null && !connection.isClosed() && lastRunAtOpen >= 0) {
                boolean changed = lastRun() != lastRunAtOpen || changesOutsideARun;
                long last = lastRun();
                boolean exists = Files.exists(DuckDbSnapshot.pathOf(file));
                boolean wanted = publishWanted || Files.exists(DuckDbSnapshot.wantedOf(file));
                publish = switch (DuckDbSnapshot.policy()) {
                    case AUTO -> (exists && changed) || (wanted && last > 0);
                    case ALWAYS -> changed || (last > 0 && (!exists || publishWanted));
                    case NEVER -> false;
                };
            }
        } catch (SQLException | UserException e) {
            publish = false;   // a warehouse that cannot say what changed keeps its old snapshot
        }
        SQLException checkpoint = null;
        if (lock != null) {
            // Closing checkpoints (writes the write-ahead log into the file) but keeps a failure to
            // itself, leaving the log: asked first, DuckDB says why (a full disk, say).
            try (Statement statement = connection.createStatement()) {
                statement.execute("CHECKPOINT");
            } catch (SQLException e) {
                checkpoint = e;
            }
        }
        closeQuietly(connection);
        if (lock != null) {
            try {
                Path wal = Path.of(file + ".wal");
                if (Files.exists(wal)) {
                    // What was committed is in the log, which the next open writes into the file.
                    options.notices().accept("warning: warehouse '" + file + "' was closed without writing its write-ahead log into it"
                            + (checkpoint == null ? "" : " (" + ErrorMessage.of(checkpoint) + ")") + ": what was committed is kept in " + wal
                            + " and written into the warehouse when it is next opened" + (checkpoint != null && DiskFull.in(checkpoint) ? "; a disk is full: free some space" : "")
                            + (publish ? "; the readers' snapshot was not updated" : ""));
                } else if (publish && !DuckDbSnapshot.publish(file)) {
                    options.notices().accept("warning: the readers' snapshot of warehouse '" + file + "' was not updated: DuckDB left a write-ahead log");
                }
            } catch (IOException e) {
                options.notices().accept("warning: the readers' snapshot of warehouse '" + file + "' was not updated: " + ErrorMessage.of(e));
            } finally {
                lock.close();
            }
        }
    }

    static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing twice or after a failed open: nothing left to release.
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("Interrupted while waiting to open the warehouse.", e);
        }
    }
}
