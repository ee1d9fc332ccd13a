package soundstage.warehouse.postgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import soundstage.core.ErrorMessage;
import soundstage.core.FileKind;
import soundstage.core.IngestOptions;
import soundstage.core.IngestSummary;
import soundstage.ingest.spotify.SpotifyLoader;
import soundstage.core.Progress;
import soundstage.core.SchemaMigrations;
import soundstage.core.SqlScript;
import soundstage.core.UserException;
import soundstage.core.Warehouse;

/**
 * A warehouse in a PostgreSQL database: the same layer schemas as every dialect, reached over
 * one connection. Opening takes the warehouse's writer lock (a session advisory lock), so one
 * Soundstage process works on a database at a time, as with a DuckDB file; then it creates or
 * migrates the schemas and (re)creates the functions the models use.
 */
public final class PostgresWarehouse implements Warehouse {
    /** The advisory lock key every Soundstage process takes on open: "SNDSTAGE" as a number. */
    static final long WRITER_LOCK = 0x534E445354414745L;

    private final PostgresAddress address;
    private final Connection connection;

    private PostgresWarehouse(PostgresAddress address, Connection connection) {
        this.address = address;
        this.connection = connection;
    }

    /** Opens the warehouse at {@code address} (see {@link PostgresAddress}) with the process environment. */
    public static PostgresWarehouse open(String address) {
        return open(PostgresAddress.parse(address, System.getenv()));
    }

    /** As {@link #open(String)}, with {@code environment} standing for the process environment. */
    public static PostgresWarehouse open(String address, Map<String, String> environment) {
        return open(PostgresAddress.parse(address, environment));
    }

    /**
     * Opens the warehouse in the database at {@code address}.
     *
     * @throws UserException when the server cannot be reached, refuses the login, has no such
     *     database, the user may not create the schemas, another Soundstage process holds the
     *     database, or it was written by a newer Soundstage; nothing is changed then
     */
    static PostgresWarehouse open(PostgresAddress address) {
        Connection connection;
        try {
            connection = DriverManager.getConnection(address.jdbcUrl(), address.properties());
        } catch (SQLException e) {
            throw new UserException(ConnectionProblem.explain(address, e), e);
        }
        PostgresWarehouse warehouse = new PostgresWarehouse(address, connection);
        try {
            warehouse.lock();
            warehouse.tune();
            SchemaMigrations.migrate(connection, warehouse.dialect(), address.display());
            SqlScript.execute(connection, SqlScript.resource(PostgresWarehouse.class, "functions.sql"));
            return warehouse;
        } catch (SQLException | RuntimeException e) {
            warehouse.close();
            if (e instanceof UserException user) {
                throw user;
            }
            throw new UserException(ConnectionProblem.explainSetup(address, e), e);
        }
    }

    private void lock() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet locked = statement.executeQuery("SELECT pg_try_advisory_lock(" + WRITER_LOCK + ")")) {
            locked.next();
            if (!locked.getBoolean(1)) {
                throw new UserException("Warehouse '" + address.display() + "' is in use by another Soundstage process. "
                        + "Wait for it to finish (see pg_stat_activity, application_name 'soundstage') and try again.");
            }
        }
    }

    /**
     * Session settings for set-based work on millions of rows: PostgreSQL's default of 4 MB per
     * sort or hash spills the staging model's hash aggregates to disk.
     */
    private void tune() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET work_mem = '" + System.getProperty("soundstage.postgres.work_mem", "64MB") + "'");
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
    public IngestSummary ingest(FileKind kind, List<Path> files, IngestOptions options, Progress progress) {
        try {
            if (kind == FileKind.SPOTIFY_EXPORT) {
                return new SpotifyLoader(connection, () -> new PostgresStreamSink(connection), options).load(files, progress);
            }
            return new PostgresLoader(connection, kind).load(files, progress);
        } catch (SQLException e) {
            throw new IllegalStateException("Loading " + kind + " files into " + address.display() + " failed: " + ErrorMessage.of(e), e);
        }
    }

    /** Closing the session also releases the writer lock. */
    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing twice or after a failed open: nothing left to release.
        }
    }
}
