package soundstage.core;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * An opened warehouse: one database with a schema per layer ({@code meta}, {@code source},
 * {@code staging}, {@code analytics}, {@code dashboard}). Opening creates or migrates the schemas.
 *
 * <p>A warehouse opened to write holds the warehouse's writer lock until it is closed, so one
 * process writes at a time; one opened read-only ({@link OpenOptions#readOnly()}) takes no lock and
 * reads while another process writes.
 *
 * <p>Not thread-safe: one command uses one warehouse from one thread (and the sessions of
 * {@link #openWorker} from threads of their own).
 */
public interface Warehouse extends AutoCloseable {
    /** The dialect name SQL resources are picked by, e.g. {@code duckdb}. */
    String dialect();

    /** Where the warehouse is, for messages; never contains a password. */
    String address();

    /** The connection commands run SQL on. Owned by the warehouse; do not close it. Read-only when the warehouse is. */
    Connection connection();

    /**
     * Whether model tables get an index on the columns readers filter them by (a model's
     * {@code -- index:} line) and on {@code file_id}: a row store's need (PostgreSQL). DuckDB skips
     * row groups by their minimum and maximum instead.
     */
    default boolean indexesModels() {
        return false;
    }

    /**
     * Whether the database itself writes Parquet and JSON files (DuckDB's {@code COPY ... TO}), so
     * an export copies partitions straight from the tables; otherwise it streams their rows out.
     */
    default boolean writesLakeFiles() {
        return false;
    }

    /**
     * A read-only connection that sees one committed state of the warehouse until closed, for work
     * that reads many tables and must see them as of one moment (an export). The warehouse's own
     * connection is as it was after {@link ReadSnapshot#close}.
     */
    ReadSnapshot readSnapshot() throws SQLException;

    /** See {@link #readSnapshot}. */
    interface ReadSnapshot extends AutoCloseable {
        /** The connection to read with; closed, or given back as it was, by {@link #close}. */
        Connection connection();

        @Override
        void close() throws SQLException;
    }

    /**
     * Whether a run this connection reads may still be going on: a writer (this one, or another
     * process) holds the warehouse now, and what is read is the warehouse itself, not a snapshot
     * published before it. A run that {@code meta.runs} says is running, when none may be, was
     * interrupted: its process ended before it could say so, and the next writer records it as
     * failed ({@link RunStatus}). True when it cannot be told.
     */
    default boolean writerAtWork() throws SQLException {
        return true;
    }

    /**
     * How many models a run brings up to date at the same time, each on a session of its own from
     * {@link #openWorker}. 1 where every statement already uses every core (DuckDB). PostgreSQL
     * plans no parallel workers for a statement that writes, so each model's {@code INSERT ...
     * SELECT} runs on one of the server's cores however many it has.
     */
    default int modelWorkers() {
        return 1;
    }

    /**
     * Another writing session of this process, set up as {@link #connection()} is and working
     * under the writer lock that session holds, for a model that runs beside others
     * ({@link #modelWorkers}). The caller closes it.
     *
     * @throws SQLException when the server cannot give one (yet)
     */
    default Connection openWorker() throws SQLException {
        throw new UnsupportedOperationException(dialect() + " runs one model at a time, on the warehouse's own connection");
    }

    /** Whether this warehouse was opened read-only: its connection refuses writes, and it cannot ingest. */
    default boolean readOnly() {
        return false;
    }

    /**
     * Says that this session may change data outside a run (what {@code sql} does with a writer):
     * a warehouse that keeps a readers' snapshot brings it up to date when it closes, as it does
     * after a run.
     */
    default void changesOutsideARun() {
    }

    /**
     * For a read-only warehouse that reads a snapshot instead of the warehouse itself, because
     * another process is writing it: one line saying which state it shows and why. Empty when it
     * reads the warehouse itself.
     */
    default Optional<String> snapshot() {
        return Optional.empty();
    }

    /**
     * Loads files of one kind into the source layer, exactly once: a file whose content was
     * loaded before (under any name) is registered as a duplicate and adds no rows; bad rows go to
     * {@code meta.quarantine} with file, line and reason. Files and their rows commit together.
     */
    default IngestSummary ingest(FileKind kind, List<Path> files, Progress progress) {
        return ingest(kind, files, IngestOptions.DEFAULTS, progress);
    }

    /**
     * As {@link #ingest(FileKind, List, Progress)}, with {@code options} (listener, personal data,
     * warnings). For {@link FileKind#SPOTIFY_EXPORT}, {@code files} may be zips as downloaded.
     */
    IngestSummary ingest(FileKind kind, List<Path> files, IngestOptions options, Progress progress);

    @Override
    void close();
}
