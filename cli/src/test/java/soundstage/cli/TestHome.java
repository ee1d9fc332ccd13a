package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ~} is {@code $HOME}, as in the shell and for psql, also when the jar runs under {@code java -jar} (Airflow, cron, a container). */
class TestHome {
    @TempDir
    Path dir;

    @Test
    void aTildeInTheConfigurationIsTheHomeOfTheEnvironment() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path config = Files.writeString(Files.createDirectories(dir.resolve("etc")).resolve("soundstage.yml"), "warehouse: ~/music.duckdb\n");
        Path events = Files.writeString(dir.resolve("2018-11-01-events.json"), "{\"ts\":1541106106796,\"page\":\"Home\"}\n");
        Path log = dir.resolve("ingest.log");
        Process ingest = CliProcess.start(Map.of("HOME", home.toString()), log, "ingest", "sparkify-events", events, "--config", config);
        assertThat(ingest.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ingest.exitValue()).as(Files.readString(log)).isZero();
        assertThat(home.resolve("music.duckdb")).exists();
    }
}
