package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import soundstage.core.Warehouse;
import soundstage.core.WarehouseFactory;
import soundstage.testing.TableDump;
import soundstage.testing.TestPostgres;

/**
 * Every command on a real PostgreSQL server prints what it prints on DuckDB, and bad
 * configuration is one line with exit code 2.
 */
class TestPostgresCommands {
    @TempDir
    Path dir;

    /** A value of each type whose text the two drivers write differently. */
    private static final String TYPED = "SELECT true AS b, CAST(1 AS DOUBLE PRECISION) AS d1, CAST(1538655813862 AS DOUBLE PRECISION) AS registration, "
            + "CAST(200.5 AS DOUBLE PRECISION) AS d2, CAST(0.1 AS REAL) AS r, CAST('2018-11-01 21:00:00' AS TIMESTAMP) AS t0, "
            + "CAST('2018-11-01 21:00:00.796' AS TIMESTAMP) AS t1, CAST('2018-11-01 21:00:00.5+02' AS TIMESTAMPTZ) AS tz, CAST(1e-7 AS DOUBLE PRECISION) AS small, "
            + "CAST(NULL AS BOOLEAN) AS nb, CAST(NULL AS TIMESTAMP) AS nt, CAST('infinity' AS TIMESTAMP) AS inf, CAST('-infinity' AS TIMESTAMPTZ) AS ninf, "
            + "CAST('21:00:00.5' AS TIME) AS tm";

    /** The same session of commands on {@code warehouse}: ingest, run, check, sql, status, ingest again, run again. */
    private List<String> session(Object warehouse, Path data) {
        List<Cli.Result> results = new ArrayList<>();
        results.add(Cli.run("ingest", "-w", warehouse, "sparkify-songs", data.resolve("song_data")));
        results.add(Cli.run("ingest", "-w", warehouse, "sparkify-events", data.resolve("log_data"), data.resolve("bad")));
        results.add(Cli.run("run", "-w", warehouse));
        results.add(Cli.run("check", "-w", warehouse));
        results.add(Cli.run("sql", "-w", warehouse, "SELECT song_title, artist_name, plays FROM dashboard.top_songs ORDER BY plays DESC, song_title COLLATE \"C\""));
        results.add(Cli.run("sql", "-w", warehouse, "SELECT line_no, reason FROM meta.quarantine ORDER BY path, line_no"));
        results.add(Cli.run("sql", "-w", warehouse, TYPED));
        results.add(Cli.run("sql", "-w", warehouse, "SELECT song_id, duration, year FROM analytics.songs ORDER BY song_id LIMIT 3"));
        results.add(Cli.run("status", "-w", warehouse));
        results.add(Cli.run("ingest", "-w", warehouse, "sparkify-events", data.resolve("log_data")));
        results.add(Cli.run("run", "-w", warehouse));
        List<String> lines = new ArrayList<>();
        for (Cli.Result result : results) {
            lines.add("exit " + result.exitCode());
            result.outLines().stream()
                    .map(Cli::withoutTimes)
                    .map(line -> line.replaceFirst("(see them with|see the rows): soundstage sql -w \\S+ ", "$1: soundstage sql -w (address) "))
                    .map(line -> line.startsWith("warehouse: ") ? "warehouse: (address and dialect)" : line)
                    .filter(line -> !line.matches("\\s*\\d+ \\| .* \\| \\d{4}-\\d\\d-\\d\\d .*"))   // the latest runs, with their times
                    .forEach(lines::add);
            lines.add("stderr: " + result.err());
        }
        return lines;
    }

    /**
     * A reading query's result streams on PostgreSQL as on DuckDB: pgjdbc holds a whole result in
     * memory unless it fetches in batches (inside a transaction), so 700 MB of rows ran the
     * launcher's 512 MB heap out of memory, with a stack trace. So does the query that ends a
     * script that writes (which runs as a writer, each statement committing on its own).
     */
    @Test
    void aLargeResultStreamsInTheLaunchersMemory() throws Exception {
        String postgres = TestPostgres.newDatabase();
        Cli.ok("ingest", "-w", postgres, "sparkify-songs", Cli.copyFixtures(dir.resolve("data")).resolve("song_data"));
        String query = "SELECT g, repeat('x', 1000) AS pad FROM generate_series(1, 700000) AS g";
        Process child = CliProcess.start(Path.of("/dev/null"), "sql", "-w", postgres, query);
        assertThat(child.waitFor()).isZero();
        Process writer = CliProcess.start(Path.of("/dev/null"), "sql", "-w", postgres, "CREATE TABLE public.made AS SELECT 1 AS one; " + query);
        assertThat(writer.waitFor()).isZero();
        assertThat(Cli.ok("sql", "-w", postgres, "SELECT count(*) AS made FROM public.made").outLines()).containsExactly("made", "1");
    }

    @Test
    void everyCommandPrintsWhatItPrintsOnDuckDb() throws Exception {
        Path data = Cli.copyFixtures(dir.resolve("data"));
        String postgres = TestPostgres.newDatabase();
        List<String> onPostgres = session(postgres, data);
        List<String> onDuckDb = session(dir.resolve("w.duckdb"), data);
        assertThat(onPostgres).containsExactlyElementsOf(onDuckDb);
        assertThat(onPostgres).contains("exit 0").doesNotContain("exit 1", "exit 2");
        // PostgreSQL's driver wrote t, DuckDB's 1.0, 1.538655813862E12, 2018-11-01 21:00:00.0 and 21:00:00.500; infinity failed on PostgreSQL.
        assertThat(onPostgres).containsSubsequence("b,d1,registration,d2,r,t0,t1,tz,small,nb,nt,inf,ninf,tm",
                "true,1,1538655813862,200.5,0.1,2018-11-01 21:00:00,2018-11-01 21:00:00.796,2018-11-01 19:00:00.5Z,1.0E-7,,,infinity,-infinity,21:00:00.5");
    }

    @Test
    void aRunWithConfiguredSourcesIngestsThemOnceAsOnDuckDb() throws Exception {
        // The ingest task records the files it saw (meta.seen_files) with array parameters: the
        // same statements must work on both dialects.
        Path data = Cli.copyFixtures(dir.resolve("data"));
        Path config = dir.resolve("soundstage.yml");
        Files.writeString(config, "sources:\n"
                + "  songs: {kind: sparkify-songs, path: '" + data.resolve("song_data") + "'}\n"
                + "  events: {kind: sparkify-events, path: '" + data.resolve("log_data") + "'}\n"
                + "logs: '" + dir.resolve("logs") + "'\n");
        List<String> onPostgres = configuredRuns(TestPostgres.newDatabase(), config);
        List<String> onDuckDb = configuredRuns(dir.resolve("c.duckdb"), config);
        assertThat(onPostgres).containsExactlyElementsOf(onDuckDb);
        assertThat(onPostgres).contains("exit 0").doesNotContain("exit 1", "exit 2");
        assertThat(onPostgres.stream().filter(line -> line.startsWith("ingest.")))
                .anyMatch(line -> line.startsWith("ingest.songs:") && line.contains("loaded"))
                .anyMatch(line -> line.startsWith("ingest.events:") && line.contains("no new files"));
    }

    /** Two runs with the configuration's sources: the second finds every file seen. */
    private static List<String> configuredRuns(Object warehouse, Path config) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Cli.Result result = Cli.run("run", "--config", config, "-w", warehouse);
            lines.add("exit " + result.exitCode());
            result.outLines().stream().map(Cli::withoutTimes).filter(line -> !line.startsWith("log:")).forEach(lines::add);
            lines.add("stderr: " + result.err());
        }
        return lines;
    }

    /**
     * PostgreSQL brings two models up to date at a time, each on a session of its own (DuckDB one
     * at a time): in two batches of generated data, each ingested and run, every table of every
     * layer ends as on DuckDB, and models did run side by side.
     */
    @Test
    void runsWithModelsSideBySideBuildEveryTableAsOnDuckDb() throws Exception {
        Path data = dir.resolve("data");
        assertThat(Cli.run("generate", "--events", 4000, "--songs", 300, "--max-events-per-day", 500, "--bad-lines", "0.01", "--duplicate-files", "0.1", "--out", data)
                .exitCode()).isZero();
        List<Path> logs;
        try (var files = Files.walk(data.resolve("log_data"))) {
            logs = files.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(logs).hasSizeGreaterThan(4);
        String postgres = TestPostgres.newDatabase();
        Path duckdb = dir.resolve("w.duckdb");
        for (Object warehouse : List.of(postgres, duckdb)) {
            List<Object> first = new ArrayList<>(List.of("ingest", "-w", warehouse, "sparkify-events"));
            first.addAll(logs.subList(0, logs.size() / 2));
            List<Object> rest = new ArrayList<>(List.of("ingest", "-w", warehouse, "sparkify-events"));
            rest.addAll(logs.subList(logs.size() / 2, logs.size()));
            for (Cli.Result result : List.of(Cli.run("ingest", "-w", warehouse, "sparkify-songs", data.resolve("song_data")), Cli.run(first.toArray()),
                    Cli.run("run", "-w", warehouse), Cli.run(rest.toArray()), Cli.run("run", "-w", warehouse))) {
                assertThat(result.exitCode()).as("%s", result).isZero();
            }
        }
        assertThat(sameTablesAndTasksAtOnce(postgres, duckdb)).as("pairs of tasks that ran at the same time").isPositive();
    }

    /** Asserts that every table of every layer is alike on both warehouses; returns how many pairs of tasks ran at the same time on PostgreSQL. */
    private static long sameTablesAndTasksAtOnce(String postgres, Path duckdb) throws Exception {
        try (Warehouse onPostgres = WarehouseFactory.openAny(postgres); Warehouse onDuckDb = WarehouseFactory.openAny(duckdb.toString())) {
            assertThat(TableDump.layers(onPostgres.connection())).containsExactlyElementsOf(TableDump.layers(onDuckDb.connection()));
            return Long.parseLong(Cli.rows(onPostgres, """
                    SELECT count(*) FROM meta.task_runs a JOIN meta.task_runs b
                      ON a.run_id = b.run_id AND a.task < b.task AND a.started_at < b.finished_at AND b.started_at < a.finished_at""").get(0).get(0));
        }
    }

    /**
     * A database that takes two sessions (the run's own and one model's) cannot run two models
     * side by side: the run says so in one warning and brings them up to date one at a time,
     * building what it builds on DuckDB (it failed, retrying the refused session, before).
     */
    @Test
    void aDatabaseAtItsConnectionLimitRunsTheModelsOneAtATime() throws Exception {
        Path data = Cli.copyFixtures(dir.resolve("data"));
        String postgres = TestPostgres.newDatabase();
        Path duckdb = dir.resolve("w.duckdb");
        for (Object warehouse : List.of(postgres, duckdb)) {
            assertThat(Cli.run("ingest", "-w", warehouse, "sparkify-songs", data.resolve("song_data")).exitCode()).isZero();
            assertThat(Cli.run("ingest", "-w", warehouse, "sparkify-events", data.resolve("log_data")).exitCode()).isZero();
        }
        String database = postgres.replaceFirst("\\?.*", "").substring(postgres.replaceFirst("\\?.*", "").lastIndexOf('/') + 1);
        try (var admin = TestPostgres.connect(TestPostgres.admin()); var statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE " + database + " CONNECTION LIMIT 2");
        }
        Cli.Result run = Cli.run("run", "-w", postgres);
        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.err().lines().filter(line -> line.startsWith("soundstage: warning: PostgreSQL takes no more sessions (")))
                .as(run.err()).hasSize(1).allSatisfy(line -> assertThat(line).contains("too many connections").contains("one at a time"));
        assertThat(run.out()).contains(Cli.ALL_CHECKS_PASSED);
        assertThat(Cli.run("run", "-w", duckdb).exitCode()).isZero();
        assertThat(sameTablesAndTasksAtOnce(postgres, duckdb)).as("pairs of tasks that ran at the same time").isZero();
    }

    @Test
    void theDemoRunsOnPostgres() throws Exception {
        Cli.Result demo = Cli.run("demo", "-w", TestPostgres.newDatabase(), "--events", 3000, "--songs", 200, "--out", dir.resolve("demo"), "--no-serve");
        assertThat(demo.exitCode()).as("%s", demo).isZero();
        assertThat(demo.out()).contains("Most played songs").contains(Cli.ALL_CHECKS_PASSED);
    }

    /** PostgreSQL will not drop a table a view reads: the failure names the view and says what to do. */
    @Test
    void aViewOfTheUsersOnADashboardTableIsNamedWhenAFullRefreshCannotDropTheTable() throws Exception {
        Path data = Cli.copyFixtures(dir.resolve("data"));
        String warehouse = TestPostgres.newDatabase();
        Cli.ok("ingest", "-w", warehouse, "sparkify-songs", data.resolve("song_data"));
        Cli.ok("ingest", "-w", warehouse, "sparkify-events", data.resolve("log_data"));
        Cli.ok("run", "-w", warehouse);
        try (java.sql.Connection admin = TestPostgres.connect(warehouse); java.sql.Statement statement = admin.createStatement()) {
            statement.execute("CREATE SCHEMA bi; CREATE VIEW bi.top AS SELECT * FROM dashboard.top_songs");
        }
        Cli.Result refresh = Cli.run("run", "--full-refresh", "-w", warehouse);
        assertThat(refresh.exitCode()).as("%s", refresh).isEqualTo(1);
        assertThat(refresh.outLines()).contains("dashboard.top_songs FAILED: model dashboard.top_songs failed: "
                + "ERROR: cannot drop table dashboard.top_songs because other objects depend on it (view bi.top depends on table dashboard.top_songs). "
                + "The model builds its table again here (a first run, a full refresh, a backfill, or its SQL changed), which PostgreSQL refuses "
                + "while a view of yours reads it: drop that view, run again, then create it again");
    }

    @Test
    void aWrongPasswordIsExitCodeTwoAndOneLine() {
        String address = TestPostgres.admin().replaceFirst("://([^:@/]+):[^@]*@", "://$1:wrong-password@");
        Cli.Result result = Cli.run("status", "-w", address);
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines()).hasSize(1);
        assertThat(result.err()).startsWith("soundstage: PostgreSQL at postgresql://").contains("refused the password").doesNotContain("wrong-password");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aMissingDatabaseIsExitCodeTwoAndOneLine() {
        Cli.Result result = Cli.run("run", "-w", TestPostgres.withDatabase(TestPostgres.admin(), "no_such_db"));
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly(result.errLines().get(0));
        assertThat(result.err()).contains("Database 'no_such_db' does not exist");
    }

    /**
     * A reader granted what the message for readers names (USAGE on the schemas, SELECT on meta)
     * and no layer table: status failed with "syntax error at or near ')'" (a UNION of no tables).
     */
    @Test
    void statusOfAReaderThatMayReadNoLayerTableShowsNone() throws Exception {
        String warehouse = TestPostgres.newDatabase();
        Cli.ok("ingest", "-w", warehouse, "sparkify-songs", Cli.copyFixtures(dir.resolve("data")).resolve("song_data"));
        String role = "soundstage_test_meta_" + ProcessHandle.current().pid();
        String owner = java.net.URI.create(warehouse).getUserInfo().split(":")[0];
        try (java.sql.Connection admin = TestPostgres.connect(warehouse); java.sql.Statement statement = admin.createStatement()) {
            statement.execute("DROP ROLE IF EXISTS " + role);
            statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'meta'");
            statement.execute("GRANT USAGE ON SCHEMA meta, source, staging, central, analytics, dashboard TO " + role);
            statement.execute("GRANT SELECT ON ALL TABLES IN SCHEMA meta TO " + role);
        }
        try {
            String reader = warehouse.replaceFirst("://[^@]*@", "://" + role + ":meta@");
            Cli.Result status = Cli.run("status", "-w", reader);
            assertThat(status.exitCode()).as("%s", status).isZero();
            assertThat(status.out()).containsPattern("rows per layer:\nlayer \\| table \\| rows\n------\\+-------\\+-----\n  [0-9]+ tables of the layers not shown: user "
                    + role + " may not read them \\(GRANT USAGE ON SCHEMA \\.\\.\\. and SELECT ON ALL TABLES IN SCHEMA \\.\\.\\. to show them\\)\n\nquarantine:");
            // Without USAGE on a layer's schema, asking about its tables by name was refused: status failed half-way.
            try (java.sql.Connection admin = TestPostgres.connect(warehouse); java.sql.Statement statement = admin.createStatement()) {
                statement.execute("REVOKE USAGE ON SCHEMA source FROM " + role);
            }
            Cli.Result noUsage = Cli.run("status", "-w", reader);
            assertThat(noUsage.exitCode()).as("%s", noUsage).isZero();
            assertThat(noUsage.out()).contains(" tables of the layers not shown: user " + role);
        } finally {
            try (java.sql.Connection admin = TestPostgres.connect(warehouse); java.sql.Statement statement = admin.createStatement()) {
                statement.execute("GRANT " + role + " TO " + owner);
                statement.execute("DROP OWNED BY " + role);
                statement.execute("DROP ROLE " + role);
            }
        }
    }
}
