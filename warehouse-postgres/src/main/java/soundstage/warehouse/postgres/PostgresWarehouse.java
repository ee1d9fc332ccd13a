package soundstage.warehouse.postgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.postgresql.Driver;
import soundstage.core.ErrorMessage;
import soundstage.core.FileKind;
import soundstage.core.IngestOptions;
import soundstage.core.IngestSummary;
import soundstage.core.LockHolder;
import soundstage.core.LostConnection;
import soundstage.core.MemorySettings;
import soundstage.core.OpenOptions;
import soundstage.core.Progress;
import soundstage.core.SchemaMigrations;
import soundstage.core.SqlScript;
import soundstage.core.UserException;
import soundstage.core.Warehouse;
import soundstage.core.WriterLock;
import soundstage.ingest.spotify.SpotifyLoader;

/**
 * A warehouse in a PostgreSQL database: the same layer schemas as every dialect, reached over
 * one connection. Opening to write takes the warehouse's writer lock ({@link PostgresWriterLock},
 * a session advisory lock), so one Soundstage process writes a database at a time, as with a
 * DuckDB file; then it creates or migrates the schemas and (re)creates the functions the models
 * use. Opening read-only takes no lock and changes nothing: the session is read-only, and
 * PostgreSQL's snapshots let it read while a writer works (a statement that reads a table a writer
 * is rebuilding waits until the writer commits).
 */
public final class PostgresWarehouse implements Warehouse {
    private final PostgresAddress address;
    private final Connection connection;
    private final boolean readOnly;
    private final OpenOptions options;
    /** A writer's: says when one of its sessions waits for a lock another session holds. */
    private final LockWaits lockWaits;
    private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();

    private PostgresWarehouse(PostgresAddress address, Connection connection, boolean readOnly, OpenOptions options) {
        this.address = address;
        this.connection = connection;
        this.readOnly = readOnly;
        this.options = options;
        this.lockWaits = readOnly ? null : LockWaits.watch(() -> connect(address, options.withNotices(notice -> { })),
                PostgresWriterLock.applicationName(LockHolder.thisProcess(options.command())), options.command(), options.notices());
        if (!readOnly) {
            WriterLock.taken();   // released by close: a stop lets the command close it first
        }
    }

    /** Opens the warehouse at {@code address} (see {@link PostgresAddress}) with the process environment. */
    public static PostgresWarehouse open(String address) {
        return open(PostgresAddress.parse(address, System.getenv()), OpenOptions.DEFAULTS);
    }

    /** As {@link #open(String)}, as {@code options} say (read-only, or a writer that waits). */
    public static PostgresWarehouse open(String address, OpenOptions options) {
        return open(PostgresAddress.parse(address, System.getenv()), options);
    }

    /** As {@link #open(String)}, with {@code environment} standing for the process environment. */
    public static PostgresWarehouse open(String address, Map<String, String> environment) {
        return open(PostgresAddress.parse(address, environment), OpenOptions.DEFAULTS);
    }

    /**
     * Opens the warehouse in the database at {@code address}.
     *
     * @throws UserException when the server cannot be reached, refuses the login, has no such
     *     database, the user may not create the schemas, another Soundstage process writes the
     *     database (after waiting as {@code options} allow), or it was written by a newer
     *     Soundstage; nothing is changed then
     */
    static PostgresWarehouse open(PostgresAddress address, OpenOptions options) {
        if (options.readOnly()) {
            PostgresWarehouse reader = openReader(address, options);
            if (reader != null) {
                return reader;
            }
        }
        Connection connection = connect(address, options);
        try {
            PostgresWriterLock.take(connection, address.display(), options, 0);
            tune(connection);
            requireWritable(connection);
            actAsOwner(connection);
            // As the role the models run as (the owner's, after actAsOwner): temporary tables are made as it.
            requireTemporaryTables(connection);
            if (isNew(connection)) {
                if (options.readOnly() || options.mustExist()) {   // a mistyped database must not become an empty warehouse
                    throw new UserException("There is no warehouse in " + address.display() + ": the database holds no Soundstage schema."
                            + " Ingest and run something into it first, or check the database in --warehouse.");
                }
                refuseTablesOfOthers(connection, address);
                requireUtf8(connection, address, null);
            } else {
                requireUtf8(connection, address, options.notices());
            }
            SchemaMigrations.migrate(connection, "postgresql", address.display());
            // Made again only when the database holds another version of them (as on DuckDB).
            SqlScript.executeUnlessHeld(connection, SqlScript.resource(PostgresWarehouse.class, "functions.sql"),
                    "SELECT substring(prosrc FROM '[0-9a-f]{64}') FROM pg_proc WHERE oid = to_regprocedure('meta.functions_version()')",
                    "CREATE OR REPLACE FUNCTION meta.functions_version() RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT '%s' $$");
            requireWriting(connection);
            return new PostgresWarehouse(address, ReconnectingConnection.wrap(connection, lost -> reopen(address, options, lost), options.notices()), false, options);
        } catch (Exception e) {
            boolean lost = !(e instanceof UserException) && LostConnection.in(e);
            String why = e instanceof UserException || lost ? null : ConnectionProblem.explainSetup(address, e, connection, false);
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            if (e instanceof UserException user) {
                throw user;
            }
            if (lost) {   // not a setup problem: said as for every command (exit 1, run it again)
                throw new IllegalStateException("Opening warehouse " + address.display() + " failed: the connection was lost", e);
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new UserException(why, e);
        }
    }

    /**
     * Whether the database holds no warehouse yet: no {@code meta.schema_version}. Read from the
     * catalog, which every user may read (information_schema shows only what the user may use).
     */
    private static boolean isNew(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                     + " WHERE n.nspname = 'meta' AND c.relname = 'schema_version'")) {
            row.next();
            return row.getLong(1) == 0;
        }
    }

    /**
     * A writer that is a member of the role owning the warehouse's schemas (as the README
     * advises: {@code GRANT owner TO etl}) acts as that role, so the tables it creates, and the
     * ones a run drops and builds again, stay the owner's: created as the member, they lost the
     * owner's default privileges (a BI role's {@code SELECT}) and became the member's.
     */
    private static void actAsOwner(Connection connection) throws SQLException {
        setRoleToOwnerOfMember(connection, "nspowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)");
    }

    /**
     * A reader that is a member of the role owning the warehouse's schemas but does not inherit
     * its privileges (NOINHERIT) has them only as that role: it acts as the owner. Any other reader
     * keeps its own identity (a superuser, or a member that inherits, would lose its own privileges,
     * on the team's tables beside the warehouse, as the owner).
     */
    private static void actAsOwnerToRead(Connection connection) throws SQLException {
        setRoleToOwnerOfMember(connection, "NOT pg_has_role(current_user, nspowner, 'USAGE')");
    }

    /** SET ROLE to the owner of the warehouse's schemas, when the user is a member of it and {@code condition} (SQL over {@code nspowner}) holds. */
    private static void setRoleToOwnerOfMember(Connection connection, String condition) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT quote_ident(pg_get_userbyid(nspowner)) FROM pg_namespace"
                     + " WHERE nspname = 'meta' AND pg_has_role(current_user, nspowner, 'MEMBER') AND " + condition)) {
            if (row.next()) {
                try (Statement set = connection.createStatement()) {
                    set.execute("SET ROLE " + row.getString(1));
                }
            }
        }
    }

    /**
     * Refuses a writer whose user may only read (a dashboard role opened by a writing command):
     * without this, the command failed at its first write, with exit code 1 as if a run had failed.
     */
    private static void requireWriting(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT has_table_privilege('meta.runs', 'INSERT')")) {
            row.next();
            if (!row.getBoolean(1)) {
                throw new SQLException("no INSERT on table meta.runs", "42501");   // explained as any missing privilege (ConnectionProblem)
            }
        }
    }

    /**
     * Refuses a session that cannot write at all: a standby, or a user, database or server set to
     * {@code default_transaction_read_only}. Such a warehouse failed at its first write with
     * "cannot execute UPDATE in a read-only transaction" and exit 1, nothing said of the cause.
     */
    private static void requireWritable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_is_in_recovery(), current_setting('transaction_read_only') = 'on', current_user")) {
            row.next();
            if (row.getBoolean(1)) {
                throw new UserException("The server of this warehouse is a read-only standby (in recovery): write to the primary server. "
                        + "Commands that only read (status, runs, sql SELECT ...) work here.");
            }
            if (row.getBoolean(2)) {
                throw new UserException("Sessions of user " + row.getString(3) + " here are read-only (default_transaction_read_only is on for the user, "
                        + "the database or the server): write as another user, or ALTER ROLE " + row.getString(3) + " SET default_transaction_read_only = off.");
            }
        }
    }

    /**
     * Refuses to make a warehouse in a database whose encoding is not UTF8 ({@code existing} null),
     * and warns on {@code existing} of one made there before. In a SQL_ASCII one every command worked and
     * every check passed, but text was bytes: no double-decoded name was repaired, lengths counted
     * bytes, fewer plays matched their songs. In a LATIN1 one the first ingest failed part-way with
     * "has no equivalent in encoding LATIN1", leaving a half-made warehouse.
     */
    private static void requireUtf8(Connection connection, PostgresAddress address, java.util.function.Consumer<String> existing) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_encoding_to_char(encoding), current_database() FROM pg_database WHERE datname = current_database()")) {
            if (row.next() && !row.getString(1).equals("UTF8")) {
                String problem = "Database " + address.display() + " has encoding " + row.getString(1) + "; a warehouse needs UTF8 (names, "
                        + "their repair and their lengths are UTF-8 text). Create one with: createdb -E UTF8 -T template0 " + row.getString(2) + "_utf8";
                if (existing == null) {
                    throw new UserException(problem);
                }
                // A warehouse made before this was refused keeps working: its writers are warned, with the way out.
                existing.accept(problem + ", then ingest its files into that one");
            }
        }
    }

    /**
     * Refuses a user who may not make temporary tables in the database (an administrator who
     * revoked {@code TEMPORARY} from {@code PUBLIC}): ingests worked, and then every run failed in
     * its first model with "permission denied to create temporary tables", no fix named.
     */
    private static void requireTemporaryTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT has_database_privilege(current_database(), 'TEMPORARY'), current_user, current_database()")) {
            row.next();
            if (!row.getBoolean(1)) {
                throw new UserException("User " + row.getString(2) + " may not create temporary tables in database " + row.getString(3)
                        + ", which every run's models use. Ask its owner to: GRANT TEMPORARY ON DATABASE " + row.getString(3) + " TO " + row.getString(2) + ";");
            }
        }
    }

    /** The schemas a warehouse writes: models drop and create tables of their names there. */
    static final List<String> SCHEMAS = List.of("meta", "source", "staging", "central", "analytics", "dashboard");

    /**
     * Refuses to make a warehouse in a database whose schemas of the same names as the
     * warehouse's already hold tables, views or sequences: a model builds its table by dropping
     * one of its name (a team's own {@code analytics.users} would be replaced without a word).
     */
    private static void refuseTablesOfOthers(Connection connection, PostgresAddress address) throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ANY (?) AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') ORDER BY 1""")) {
            select.setArray(1, connection.createArrayOf("text", SCHEMAS.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
        }
        if (!found.isEmpty()) {
            String listed = String.join(", ", found.subList(0, Math.min(5, found.size()))) + (found.size() > 5 ? " and " + (found.size() - 5) + " more" : "");
            throw new UserException("Database " + address.display() + " already holds " + (found.size() == 1 ? "a table" : found.size() + " tables")
                    + " in schemas a warehouse writes (" + listed + "); its runs would replace tables of the same names. Give Soundstage a database"
                    + " of its own (createdb soundstage), or move those tables out of the schemas " + String.join(", ", SCHEMAS) + ".");
        }
    }

    /**
     * A new writing session after the session with backend process {@code lost} was lost: the
     * writer lock again (taken over from the lost session if the server still keeps it) and the
     * session settings; the schemas and functions are in the database already.
     *
     * @throws SQLException with SQL state 08001 when the server cannot be reached (yet), so a
     *     retry may succeed; a {@link UserException} when another process took the writer lock
     */
    private static Connection reopen(PostgresAddress address, OpenOptions options, int lost) throws SQLException {
        Connection connection = connectAgain(address, options);
        try {
            PostgresWriterLock.take(connection, address.display(), options, lost);
            tune(connection);
            actAsOwner(connection);
            return connection;
        } catch (UserException e) {
            connection.close();
            throw new UserException("The warehouse's session was lost, and another writer took the warehouse before it could be reopened. " + e.getMessage(), e);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        } catch (Exception e) {   // interrupted while waiting for the lock
            connection.close();
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while taking the writer lock again", e);
        }
    }

    /** A read-only session on a warehouse at this build's schema version; null when it must be created or migrated first. */
    private static PostgresWarehouse openReader(PostgresAddress address, OpenOptions options) {
        Connection connection = connect(address, options);
        PostgresWarehouse warehouse = new PostgresWarehouse(address, connection, true, options);
        try {
            actAsOwnerToRead(connection);
            String refused = ConnectionProblem.unreadable(address, connection);
            if (refused != null) {
                throw new UserException(refused);
            }
            if (!SchemaMigrations.isLatest(connection, address.display())) {
                warehouse.close();
                return null;
            }
            tune(connection);
            try (Statement statement = connection.createStatement()) {
                // Enforced by the server for every statement (the driver's setReadOnly is not, in autocommit).
                statement.execute("SET default_transaction_read_only = on");
            }
            return warehouse;
        } catch (SQLException | RuntimeException e) {
            String why = e instanceof UserException ? null : ConnectionProblem.explainSetup(address, e, connection, true);
            warehouse.close();
            if (e instanceof UserException user) {
                throw user;
            }
            throw new UserException(why, e);
        }
    }

    /**
     * pgjdbc's driver, used directly: {@link java.sql.DriverManager} first loads every driver on the
     * class path, and DuckDB's starts the JVM's flight recorder for its memory events (0.15-0.25 s
     * of every command on PostgreSQL, measured on this project's machine).
     */
    private static final Driver DRIVER = new Driver();

    /** A session named for this process and command, so a refused writer can name it. */
    private static Connection connect(PostgresAddress address, OpenOptions options) {
        Properties properties = new Properties();
        properties.putAll(address.properties());
        properties.setProperty("ApplicationName", PostgresWriterLock.applicationName(LockHolder.thisProcess(options.command())));
        if (!properties.containsKey("password")) {
            PasswordFile.checkMode(options.notices());
        }
        try {
            return DRIVER.connect(address.jdbcUrl(), properties);
        } catch (SQLException e) {
            throw new UserException(ConnectionProblem.explain(address, e), e);
        }
    }

    /** A session of a warehouse that was opened: a server that cannot be reached (yet) is SQL state 08001, so a retry may succeed. */
    private static Connection connectAgain(PostgresAddress address, OpenOptions options) throws SQLException {
        try {
            return connect(address, options);
        } catch (UserException e) {
            throw new SQLException(e.getMessage(), "08001", e);
        }
    }

    /**
     * Session settings for set-based work on millions of rows: PostgreSQL's default of 4 MB per
     * sort or hash spills the staging model's hash aggregates to disk; and its JIT compiler, which
     * it starts for any statement it estimates to be expensive, spent 1.5 s compiling the staging
     * model's statement at 1M events, more than the code it compiled saved. The models' statements
     * run once each, so no compilation pays for itself. The times the tool writes ({@code now()}
     * into the {@code meta} tables' timestamps) are UTC whatever the zone of the process (pgjdbc
     * starts each session in the JVM's zone): a run history written from two zones read out of order.
     * Floating-point values are written with every digit that tells them apart (extra_float_digits
     * 3, the shortest exact text): a database or role set to 0 printed doubles with 15 digits, so
     * the lake's fingerprints ({@code hashtextextended} of a row's text) missed a change beyond the
     * 15th digit and its files, which read the values as text, held them rounded.
     */
    private static void tune(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
            statement.execute("SET work_mem = '" + MemorySettings.postgresWorkMem() + "'");
            statement.execute("SET jit = off");
            statement.execute("SET extra_float_digits = 3");
        }
    }

    @Override
    public String dialect() {
        return "postgresql";
    }

    @Override
    public String address() {
        return address.display();
    }

    @Override
    public Connection connection() {
        return connection;
    }

    @Override
    public boolean indexesModels() {
        return true;
    }

    /**
     * Two: the server runs each model's writing statement on one core (it plans no parallel
     * workers for a statement that writes), and a run's models mostly wait on the server. At 1M
     * events, a first run on this project's two-core machine took 61 s one model at a time (see
     * BENCHMARKS.md). More sessions than the server has cores only make them take turns.
     */
    @Override
    public int modelWorkers() {
        return 2;
    }

    /**
     * A session opened and set up as the writer's is (settings, the owner's role), reopened in
     * the same way when it is lost. It holds the work lock in shared mode before anything else
     * ({@link PostgresWriterLock}), then uses the warehouse's own session, so that when that one
     * was lost it is opened again and takes the writer lock back (or fails, when another writer
     * took it): from then on, no other process can take the warehouse until this session ends.
     */
    @Override
    public Connection openWorker() throws SQLException {
        if (readOnly) {
            throw new IllegalStateException("Warehouse " + address.display() + " was opened read-only; open it to write to run models");
        }
        return ReconnectingConnection.wrap(workerSession(), lost -> workerSession(), options.notices(), "a model's session");
    }

    private Connection workerSession() throws SQLException {
        Connection worker = connectAgain(address, options);
        try {
            PostgresWriterLock.joinAsWorker(worker);
            for (int attempt = 1; ; attempt++) {   // a lost writer's session fails once; the next call opens it again
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT 1");
                    break;
                } catch (SQLException e) {
                    if (attempt == 2 || !LostConnection.in(e)) {
                        throw e;
                    }
                }
            }
            tune(worker);
            actAsOwner(worker);
            return worker;
        } catch (SQLException | RuntimeException e) {
            worker.close();
            throw e;
        }
    }

    /** The warehouse's connection in a read-only REPEATABLE READ transaction, set back as it was on close. */
    @Override
    public ReadSnapshot readSnapshot() throws SQLException {
        boolean readOnly = connection.isReadOnly();
        int isolation = connection.getTransactionIsolation();
        connection.setReadOnly(true);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.setAutoCommit(false);
        return new ReadSnapshot() {
            @Override
            public Connection connection() {
                return connection;
            }

            @Override
            public void close() throws SQLException {
                try {
                    connection.rollback();
                } finally {
                    connection.setAutoCommit(true);
                    connection.setTransactionIsolation(isolation);
                    connection.setReadOnly(readOnly);
                }
            }
        };
    }

    @Override
    public boolean writerAtWork() throws SQLException {
        return !readOnly || PostgresWriterLock.held(connection);
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public IngestSummary ingest(FileKind kind, List<Path> files, IngestOptions options, Progress progress) {
        if (readOnly) {
            throw new IllegalStateException("Warehouse " + address.display() + " was opened read-only; open it to write to ingest");
        }
        try {
            if (kind == FileKind.SPOTIFY_EXPORT) {
                return new SpotifyLoader(connection, () -> new PostgresStreamSink(connection), options).load(files, progress);
            }
            return new PostgresLoader(connection, kind, options).load(files, progress);
        } catch (SQLException e) {
            throw new IllegalStateException("Loading " + kind + " files into " + address.display() + " failed: " + ErrorMessage.of(e), e);
        }
    }

    /** Closing the session also releases the writer lock. */
    @Override
    public void close() {
        if (lockWaits != null) {
            lockWaits.close();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing twice or after a failed open: nothing left to release.
        } finally {
            if (!readOnly && !released.getAndSet(true)) {
                WriterLock.released();
            }
        }
    }
}
