package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import soundstage.testing.SparkifyFixtures;
import soundstage.testing.TestPostgres;

/** Commands whose PostgreSQL session the server ends while they work. */
class TestPostgresLostConnection {
    @TempDir
    Path dir;

    /** 300,000 events in one file: its COPY takes long enough to be caught running. */
    static Path bigEventsFile(Path dir) {
        return SparkifyFixtures.writeManyEvents(dir.resolve("2018-11-01-events.json"), 300_000);
    }

    @Test
    void anIngestWhoseSessionEndsSaysSoInOneLineAndExitsOne() throws Exception {
        String warehouse = TestPostgres.newDatabase();
        Path file = bigEventsFile(dir);
        CompletableFuture<String> terminated = TestPostgres.terminateWhenRunning(warehouse, "COPY %");

        Cli.Result result = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Cli.run("ingest", "-w", warehouse, "sparkify-events", file));

        assertThat(terminated.get()).startsWith("COPY ");
        assertThat(result.exitCode()).isEqualTo(1);
        // The new session records the failure in meta.runs.
        String lost = "the connection to the warehouse was lost( \\(the server said: [^)]*\\))?";
        assertThat(result.err()).matches("soundstage: lost the warehouse's session \\d+ \\(what it had not committed was rolled back\\); reconnected as session \\d+\n"
                + "soundstage: ingest failed: " + lost + ". What it had not committed was rolled back; run the command again \\(once the database can be reached\\).\n");
        // The new session recorded the failure.
        assertThat(Cli.run("sql", "-w", warehouse, "SELECT command, status, detail FROM meta.runs").out())
                .matches("command,status,detail\ningest sparkify-events,failed,\"?" + lost + "\"?\n");
        Cli.Result again = Cli.run("ingest", "-w", warehouse, "sparkify-events", file);
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).startsWith("sparkify-events: 1 files (1 loaded, 0 rejected, 0 duplicates of files already loaded), 300000 rows loaded, 0 quarantined");
    }

    /**
     * An idle_in_transaction_session_timeout shorter than an export's pauses (it writes each file
     * inside its read transaction) ended its session: the command said "run it again", which met
     * the same limit. It names the setting now, and does not say to run it again.
     */
    @Test
    void anExportEndedByTheIdleInTransactionTimeoutNamesItAndDoesNotSayRunAgain() throws Exception {
        String warehouse = TestPostgres.newDatabase();
        Path data = dir.resolve("data");
        Cli.ok("generate", "--events", 20000, "--songs", 200, "--out", data);
        Cli.ok("ingest", "-w", warehouse, "sparkify-songs", data.resolve("song_data"));
        Cli.ok("ingest", "-w", warehouse, "sparkify-events", data.resolve("log_data"));
        Cli.ok("run", "-w", warehouse);
        try (java.sql.Connection admin = TestPostgres.connect(warehouse); java.sql.Statement statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE " + admin.getCatalog() + " SET idle_in_transaction_session_timeout = '20ms'");
        }
        Cli.Result result = Cli.run("export", "-w", warehouse, "--format", "parquet", "--to", dir.resolve("lake"));
        assertThat(result.exitCode()).as("%s", result).isEqualTo(1);
        assertThat(result.errLines()).last().asString()
                .startsWith("soundstage: export failed: the server ended the warehouse's session because it sat idle longer than the "
                        + "idle_in_transaction_session_timeout set for this user or database (the server said: ")
                .endsWith("raise it for the user Soundstage connects as (ALTER ROLE <user> SET idle_in_transaction_session_timeout = 0, or a longer one). "
                        + "What it had not committed was rolled back.");
    }

    /**
     * The server ends the session while a model runs: the model fails, and is retried on a new
     * session (it used to fail the whole run with "This connection has been closed", and the run
     * stayed "running" in meta.runs).
     */
    @Test
    void aRunWhoseSessionEndsDuringAModelRetriesItOnANewSessionAndSucceeds() throws Exception {
        String warehouse = TestPostgres.newDatabase();
        assertThat(Cli.run("ingest", "-w", warehouse, "sparkify-events", bigEventsFile(dir)).exitCode()).isZero();
        CompletableFuture<String> terminated = TestPostgres.terminateWhenRunning(warehouse, "%INSERT INTO staging.sparkify_events%");

        Cli.Result run = Cli.run("run", "-w", warehouse);

        assertThat(terminated.get()).contains("INSERT INTO staging.sparkify_events");
        assertThat(run.exitCode()).as("%s", run).isZero();
        // PostgreSQL runs models on sessions of their own (two at a time): the model's was lost.
        assertThat(run.err()).containsPattern("soundstage: lost a model's session \\d+ \\(what it had not committed was rolled back\\); reconnected as session \\d+\n");
        Cli.Result tries = Cli.run("sql", "-w", warehouse, "SELECT task, attempt, status, detail FROM meta.task_runs WHERE task = 'staging.sparkify_events' ORDER BY attempt");
        assertThat(tries.out()).contains("staging.sparkify_events,1,failed,model staging.sparkify_events failed: FATAL: terminating connection due to administrator command")
                .contains("staging.sparkify_events,2,succeeded,");
        assertThat(Cli.run("sql", "-w", warehouse, "SELECT status, count(*) FROM meta.runs GROUP BY status").out()).isEqualTo("status,count\nsucceeded,2\n");
        assertThat(Cli.run("sql", "-w", warehouse, "SELECT count(*) FROM staging.sparkify_events").out()).isEqualTo("count\n300000\n");
    }

    /** A query whose session ended was reported as a bad query ("The query failed: FATAL: ...", exit 2). */
    @Test
    void aQueryWhoseSessionEndsIsALostConnectionNotABadQuery() throws Exception {
        String warehouse = TestPostgres.newDatabase();
        Cli.ok("ingest", "-w", warehouse, "sparkify-songs", Files.createDirectories(dir.resolve("none")));   // creates the schemas
        CompletableFuture<String> terminated = TestPostgres.terminateWhenRunning(warehouse, "SELECT pg_sleep%");

        Cli.Result result = Cli.run("sql", "-w", warehouse, "SELECT pg_sleep(30)");

        assertThat(terminated.get()).startsWith("SELECT pg_sleep");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("soundstage: sql failed: the connection to the warehouse was lost (the server said: FATAL: terminating connection due to"
                + " administrator command). What it had not committed was rolled back; run the command again (once the database can be reached).\n");
    }
}
