package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import soundstage.testing.TestPostgres;

/** Commands whose PostgreSQL session the server ends while they work. */
class TestPostgresLostConnection {
    @TempDir
    Path dir;

    /** 300,000 events in one file: its COPY takes long enough to be caught running. */
    static Path bigEventsFile(Path dir) throws IOException {
        Path file = dir.resolve("2018-11-01-events.json");
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int i = 0; i < 300_000; i++) {
                out.write("{\"ts\":" + (1541106106796L + i) + ",\"userId\":\"" + (i % 97) + "\",\"page\":\"NextSong\",\"song\":\"Song " + i
                        + "\",\"artist\":\"Artist\",\"length\":200.5,\"level\":\"free\",\"sessionId\":" + i / 50 + ",\"itemInSession\":" + i % 50 + "}\n");
            }
        }
        return file;
    }

    @Test
    void anIngestWhoseSessionEndsSaysSoInOneLineAndExitsOne() throws Exception {
        String warehouse = TestPostgres.newDatabase();
        Path file = bigEventsFile(dir);
        CompletableFuture<String> terminated = TestPostgres.terminateWhenRunning(warehouse, "COPY %");

        Cli.Result result = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Cli.run("ingest", "-w", warehouse, "sparkify-events", file));

        assertThat(terminated.get()).startsWith("COPY ");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("soundstage: ingest failed: the connection to the warehouse was lost. What it had not committed was rolled back;"
                + " run the command again when the database is back.\n");
        Cli.Result again = Cli.run("ingest", "-w", warehouse, "sparkify-events", file);
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).startsWith("sparkify-events: 1 files (1 loaded, 0 rejected, 0 duplicates of files already loaded), 300000 rows loaded, 0 quarantined");
    }
}
