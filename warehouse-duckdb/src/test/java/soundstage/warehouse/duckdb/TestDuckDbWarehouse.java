package soundstage.warehouse.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import soundstage.core.FileKind;
import soundstage.core.OpenOptions;
import soundstage.core.Progress;
import soundstage.core.ReadPool;
import soundstage.core.UserException;
import soundstage.testing.BaseWarehouseTest;
import soundstage.transform.RunLog;

/** The shared warehouse tests on an embedded DuckDB file, and what only a file can get wrong. */
class TestDuckDbWarehouse extends BaseWarehouseTest {
    @Override
    protected String newWarehouse(Path dir) {
        return dir.resolve("w.duckdb").toString();
    }

    @Test
    void aFileThatIsNotADatabaseIsOneClearMessage() throws IOException {
        Path bogus = Files.writeString(dir.resolve("bogus.duckdb"), "this is not a database");
        assertThatThrownBy(() -> DuckDbWarehouse.open(bogus))
                .isInstanceOf(UserException.class)
                .hasMessageStartingWith("Cannot open warehouse '" + bogus + "': ")
                .hasMessageEndingWith(". Check that it is a DuckDB file.");
    }

    /** (As root, the tests cannot meet a file they may not open, so the message is checked from DuckDB's words.) */
    @Test
    void aFileThisUserMayNotOpenIsAboutPermissionsNotTheFormat() {
        Path file = dir.resolve("w.duckdb");
        UserException e = DuckDbWarehouse.cannotOpen(file, new SQLException("IO Error: Cannot open file \"" + file + "\": Permission denied"));
        assertThat(e.getMessage()).startsWith("Cannot open warehouse '" + file + "': ")
                .endsWith(". Check the permissions of the file and its folder: this user must be able to read and write them.");
    }

    /** An immutable file (chattr +i) refuses even root: DuckDB's "Operation not permitted" was answered "Check that it is a DuckDB file". */
    @Test
    void aFileTheSystemWillNotLetBeWrittenIsAboutThatNotTheFormat() {
        Path file = dir.resolve("w.duckdb");
        UserException e = DuckDbWarehouse.cannotOpen(file, new SQLException("IO Error: Cannot open file \"" + file + "\": Operation not permitted"));
        assertThat(e.getMessage()).startsWith("Cannot open warehouse '" + file + "': ")
                .endsWith(". The system refuses to let it be written (an immutable or append-only file, `lsattr` shows it, or a policy such as SELinux):"
                        + " lift that, or copy the warehouse elsewhere.");
    }

    @Test
    void anotherToolsDuckDbFileIsRefusedAndLeftAsItIs() throws Exception {
        Path foreign = dir.resolve("crm.duckdb");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + foreign);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE customers (id INTEGER)");
            statement.execute("INSERT INTO customers VALUES (7)");
        }
        for (OpenOptions options : List.of(OpenOptions.DEFAULTS, OpenOptions.DEFAULTS.withReadOnly(true))) {
            assertThatThrownBy(() -> DuckDbWarehouse.open(foreign, options))
                    .isInstanceOf(UserException.class)
                    .hasMessage("'" + foreign + "' is a DuckDB database but not a Soundstage warehouse: it holds tables such as main.customers"
                            + " and no meta.schema_version. Give --warehouse a new file (or a Soundstage warehouse); this one is left as it is.");
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + foreign);
             Statement statement = connection.createStatement();
             ResultSet schemas = statement.executeQuery("SELECT count(*) FROM information_schema.schemata WHERE schema_name IN ('meta', 'source')")) {
            schemas.next();
            assertThat(schemas.getLong(1)).isZero();
        }
    }

    /** A reader (status) made an empty DuckDB file of another tool a warehouse: it wrote Soundstage's schemas into it. */
    @Test
    void anEmptyDuckDbFileIsNoWarehouseToAReader() throws Exception {
        Path empty = dir.resolve("empty.duckdb");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + empty); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (x INTEGER)");
            statement.execute("DROP TABLE t");
            statement.execute("CHECKPOINT");
        }
        assertThat(empty).exists();
        assertThatThrownBy(() -> DuckDbWarehouse.open(empty, OpenOptions.DEFAULTS.withReadOnly(true))).isInstanceOf(UserException.class)
                .hasMessageStartingWith("There is no warehouse at '" + empty + "'.");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + empty);
             Statement statement = connection.createStatement();
             ResultSet schemas = statement.executeQuery("SELECT count(*) FROM information_schema.schemata WHERE schema_name IN ('meta', 'source')")) {
            schemas.next();
            assertThat(schemas.getLong(1)).isZero();
        }
        DuckDbWarehouse.open(empty).close();   // a writer makes it one
    }

    @Test
    void withSnapshotsTurnedOffALongRunningReaderIsRefusedInOneLine() {
        Path file = dir.resolve("served.duckdb");
        DuckDbWarehouse.open(file).close();
        System.setProperty("soundstage.duckdb.snapshot", "never");
        try {
            assertThatThrownBy(() -> DuckDbReadPool.open(file, OpenOptions.DEFAULTS.withReadOnly(true), 1))
                    .isInstanceOf(UserException.class)
                    .hasMessage("Readers of a DuckDB warehouse read its readers' snapshot, which -Dsoundstage.duckdb.snapshot=never (or false) turns off. "
                            + "Leave it on (auto, the default) to read '" + file + "' while it is written.");
        } finally {
            System.clearProperty("soundstage.duckdb.snapshot");
        }
    }

    /** A writer that changed the warehouse and did not publish (killed after its commit): the next reader pool publishes again. */
    @Test
    void aSnapshotOlderThanItsWarehouseIsPublishedAgainWhenReadersStart() throws Exception {
        Path file = warehouseToServe("stale.duckdb");
        DuckDbReadPool.open(file, OpenOptions.DEFAULTS.withReadOnly(true), 1).close();   // makes the snapshot
        Thread.sleep(1100);   // file times of one second apart at least, whatever the file system keeps
        try (Connection direct = DriverManager.getConnection("jdbc:duckdb:" + file); Statement statement = direct.createStatement()) {
            statement.execute("DELETE FROM source.sparkify_events");   // committed, never published
        }
        try (DuckDbReadPool pool = DuckDbReadPool.open(file, OpenOptions.DEFAULTS.withReadOnly(true), 1)) {
            Long left = pool.read(connection -> {
                try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT count(*) FROM source.sparkify_events")) {
                    rows.next();
                    return rows.getLong(1);
                }
            });
            assertThat(left).isZero();
        }
    }

    /**
     * A warehouse deleted and built again at its path while a reader pool reads it: reads fail as
     * a lost connection does, saying why, while there is none; the read leaves a marker, so the
     * writer that closes publishes the new warehouse's snapshot (writers keep only an existing one
     * up to date); with no writer at work, the pool publishes one itself.
     */
    @Test
    void aWarehouseBuiltAgainUnderAReaderPoolIsReadOnceItIsThere() throws Exception {
        Path file = warehouseToServe("rebuilt.duckdb");
        try (DuckDbReadPool pool = DuckDbReadPool.open(file, OpenOptions.DEFAULTS.withReadOnly(true), 1)) {
            assertThat(countEvents(pool)).isEqualTo(1);
            for (String suffix : List.of("", ".wal", ".snapshot")) {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
            }
            assertThatThrownBy(() -> countEvents(pool))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(soundstage.core.LostConnection.in(e)).isTrue())
                    .hasMessage("the warehouse " + file + " is gone (deleted or moved): put it back, "
                            + "or build it again at that path; it is read again then");
            try (DuckDbWarehouse again = DuckDbWarehouse.open(file)) {
                Path events = Files.writeString(dir.resolve("more.events.json"),
                        "{\"ts\":1541106106796,\"page\":\"Home\"}\n{\"ts\":1541106106797,\"page\":\"Home\"}\n");
                again.ingest(FileKind.SPARKIFY_EVENTS, List.of(events), Progress.NONE);
                RunLog log = new RunLog(again.connection());
                log.finish(log.start("ingest"), true, "something to show");
                assertThatThrownBy(() -> countEvents(pool))   // a writer is at work: not kept waiting
                        .isInstanceOf(SQLException.class)
                        .hasMessage("the warehouse " + file + " was replaced and has no readers' snapshot yet: one is made once a command has finished on it and none is writing it");
            }
            // The read above left a marker: the writer published the snapshot when it closed.
            assertThat(DuckDbSnapshot.pathOf(file)).exists();
            assertThat(DuckDbSnapshot.wantedOf(file)).doesNotExist();
            assertThat(countEvents(pool)).isEqualTo(2);
            // With no writer at work, a reader that finds none publishes it itself (at most every two seconds).
            Files.delete(DuckDbSnapshot.pathOf(file));
            Thread.sleep(2100);
            assertThat(countEvents(pool)).isEqualTo(2);
        }
    }

    private static long countEvents(ReadPool pool) throws SQLException {
        return pool.read(connection -> {
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT count(*) FROM source.sparkify_events")) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    /** A warehouse with one event and a finished command: something readers can be shown. */
    private Path warehouseToServe(String name) throws Exception {
        Path file = dir.resolve(name);
        Path events = Files.writeString(dir.resolve(name + ".events.json"), "{\"ts\":1541106106796,\"page\":\"Home\"}\n");
        try (DuckDbWarehouse served = DuckDbWarehouse.open(file)) {
            served.ingest(FileKind.SPARKIFY_EVENTS, List.of(events), Progress.NONE);
            RunLog log = new RunLog(served.connection());
            log.finish(log.start("ingest"), true, "something to show");   // readers read what a finished command left
        }
        return file;
    }

    @Test
    void readersAreAnsweredAtMostOnePerCoreAtOnce() throws Exception {
        Path file = warehouseToServe("served.duckdb");
        int cores = Runtime.getRuntime().availableProcessors();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(cores + 2);
        try (ReadPool pool = new DuckDbWarehouseFactory().openReadPool(file.toString(), OpenOptions.DEFAULTS.withReadOnly(true), cores + 2)) {
            List<Future<Object>> reads = new ArrayList<>();
            for (int i = 0; i < cores + 2; i++) {
                reads.add(clients.submit(() -> pool.read(connection -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    LockSupport.parkNanos(300_000_000L);   // holds its connection a while: the others queue
                    running.decrementAndGet();
                    return null;
                })));
            }
            for (Future<Object> read : reads) {
                read.get();
            }
        } finally {
            clients.shutdown();
        }
        assertThat(most.get()).isEqualTo(cores);
    }

    @Test
    void writesStoreTextWithoutFsstCompression() throws Exception {
        // FSST is costly to write (see DuckDbWarehouse.connect); varied text is where DuckDB picks it.
        try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(dir.resolve("text.duckdb"));
                var statement = warehouse.connection().createStatement()) {
            statement.execute("CREATE TABLE varied AS SELECT 'a song title number ' || md5(CAST(i AS VARCHAR)) AS title FROM range(200000) t(i)");
            statement.execute("CHECKPOINT");
            try (var compressions = statement.executeQuery(
                    "SELECT DISTINCT compression FROM pragma_storage_info('varied') WHERE segment_type = 'VARCHAR'")) {
                List<String> used = new ArrayList<>();
                while (compressions.next()) {
                    used.add(compressions.getString(1));
                }
                assertThat(used).isNotEmpty().doesNotContain("FSST");
            }
        }
    }

    @Test
    void aMemoryLimitThatIsNoSizeNamesTheSettingNotTheFile() {
        Path file = dir.resolve("never-created.duckdb");
        System.setProperty("soundstage.duckdb.memory", "lots");
        try {
            assertThatThrownBy(() -> DuckDbWarehouse.open(file))
                    .isInstanceOf(UserException.class)
                    .hasMessageContaining("memory_limit")
                    .hasMessageEndingWith(". Check -Dsoundstage.duckdb.memory (for example -Dsoundstage.duckdb.memory=4GB, in SOUNDSTAGE_JAVA_OPTS).");
            assertThat(file).doesNotExist();
        } finally {
            System.clearProperty("soundstage.duckdb.memory");
        }
    }

    @Test
    void aSnapshotPolicyThatIsNoneIsRefusedBeforeTheWarehouseIsOpened() {
        Path file = dir.resolve("never-created.duckdb");
        System.setProperty("soundstage.duckdb.snapshot", "sometimes");
        try {
            assertThatThrownBy(() -> DuckDbWarehouse.open(file))
                    .isInstanceOf(UserException.class)
                    .hasMessage("-Dsoundstage.duckdb.snapshot=sometimes is not a snapshot policy; use auto (the default), always or never.");
            assertThat(file).doesNotExist();
        } finally {
            System.clearProperty("soundstage.duckdb.snapshot");
        }
    }
}
