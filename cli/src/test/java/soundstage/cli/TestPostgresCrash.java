package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import soundstage.testing.TestPostgres;

/**
 * An ingest killed in the middle of its COPY leaves no row, quarantine entry or registry entry
 * of the batch behind, and ingesting again loads everything once: Sparkify events, and Spotify
 * exports.
 */
class TestPostgresCrash {
    @TempDir
    Path dir;

    @Test
    void anIngestKilledDuringItsCopyLeavesNothingAndTheNextIngestLoadsEverythingOnce() throws Exception {
        Path data = dir.resolve("data");
        Cli.Generated generated = Cli.Generated.parse(Cli.ok("generate", "--events", 150_000, "--songs", 100, "--bad-lines", "0.001", "--seed", 7, "--out", data));
        String warehouse = TestPostgres.newDatabase();
        Cli.ok("ingest", "-w", warehouse, "sparkify-songs", Files.createDirectories(dir.resolve("none")));   // creates the schemas, so the child gets to its COPY quickly

        Process child = CliProcess.start(dir.resolve("child.log"), "ingest", "-w", warehouse, "sparkify-events", data.resolve("log_data"));
        try (Connection admin = TestPostgres.connect(warehouse)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!copying(admin) && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(copying(admin)).as("the child was seen in its COPY (else the test proves nothing)").isTrue();
            child.destroyForcibly().waitFor();
            // The server notices the closed connection and rolls the transaction back.
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (copying(admin) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(count(admin, "SELECT count(*) FROM source.sparkify_events")).isZero();
            assertThat(count(admin, "SELECT count(*) FROM meta.files")).isZero();
            assertThat(count(admin, "SELECT count(*) FROM meta.quarantine")).isZero();
        }

        Cli.Ingested again = Cli.Ingested.parse(Cli.ok("ingest", "-w", warehouse, "sparkify-events", data.resolve("log_data")));
        try (Connection admin = TestPostgres.connect(warehouse)) {
            assertThat(again.rows() + again.quarantined()).isEqualTo(count(admin, "SELECT count(*) FROM source.sparkify_events")
                    + count(admin, "SELECT count(*) FROM meta.quarantine"));
            assertThat(count(admin, "SELECT count(*) FROM (SELECT file_id, line_no FROM source.sparkify_events GROUP BY file_id, line_no HAVING count(*) > 1) AS twice")).isZero();
            // every line once: the good ones loaded, the damaged ones quarantined
            assertThat(again.quarantined()).isEqualTo(generated.badLines()).isPositive();
            assertThat(again.rows()).isEqualTo(generated.events() - generated.badLines());
        }
        assertThat(Cli.Ingested.parse(Cli.ok("ingest", "-w", warehouse, "sparkify-events", data.resolve("log_data"))).rows()).isZero();
    }

    @Test
    void aSpotifyIngestKilledDuringItsCopyLeavesNothingAndTheNextIngestLoadsEverythingOnce() throws Exception {
        Path data = dir.resolve("spotify");
        Cli.ok("generate", "--spotify", "--listeners", 1, "--plays", 200_000, "--seed", 7, "--extracted", "--out", data);
        String warehouse = TestPostgres.newDatabase();
        Cli.ok("ingest", "-w", warehouse, "sparkify-songs", Files.createDirectories(dir.resolve("none")));   // creates the schemas

        Process child = CliProcess.start(dir.resolve("child.log"), "ingest", "-w", warehouse, "spotify-export", data);
        try (Connection admin = TestPostgres.connect(warehouse)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!copying(admin, "source.spotify_streams") && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(copying(admin, "source.spotify_streams")).as("the child was seen in its COPY (else the test proves nothing)").isTrue();
            child.destroyForcibly().waitFor();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (copying(admin, "source.spotify_streams") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(count(admin, "SELECT count(*) FROM source.spotify_streams")).isZero();
            assertThat(count(admin, "SELECT count(*) FROM meta.files")).isZero();
            assertThat(count(admin, "SELECT count(*) FROM meta.quarantine")).isZero();
        }

        Cli.Ingested again = Cli.Ingested.parse(Cli.ok("ingest", "-w", warehouse, "spotify-export", data));
        try (Connection admin = TestPostgres.connect(warehouse)) {
            // every record once: as many as an ingest that nothing interrupted loads (into a DuckDB warehouse)
            Cli.Ingested reference = Cli.Ingested.parse(Cli.ok("ingest", "-w", dir.resolve("reference.duckdb"), "spotify-export", data));
            assertThat(reference.rows()).isGreaterThan(200_000);
            assertThat(again.rows()).isEqualTo(count(admin, "SELECT count(*) FROM source.spotify_streams")).isEqualTo(reference.rows());
            assertThat(again.quarantined()).isEqualTo(reference.quarantined());
            assertThat(count(admin, "SELECT count(*) FROM (SELECT file_id, record_no FROM source.spotify_streams GROUP BY file_id, record_no HAVING count(*) > 1) AS twice")).isZero();
        }
        assertThat(Cli.Ingested.parse(Cli.ok("ingest", "-w", warehouse, "spotify-export", data)).rows()).isZero();
    }

    private static boolean copying(Connection admin) throws SQLException {
        return copying(admin, "source.sparkify_events");
    }

    private static boolean copying(Connection admin, String table) throws SQLException {
        return count(admin, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY " + table + " FROM STDIN%' AND state = 'active'") > 0;
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
