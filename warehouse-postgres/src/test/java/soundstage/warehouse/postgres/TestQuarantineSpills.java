package soundstage.warehouse.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import soundstage.core.ProcessMark;

/**
 * An ingest killed while it loaded a batch left its quarantine spill file (quarantined lines as
 * read) in the temporary folder for good; the next ingest deletes those of processes that are gone
 * (of this machine and PID namespace: another container's may still run).
 */
class TestQuarantineSpills {
    @TempDir
    Path dir;

    @Test
    void spillsOfProcessesThatAreGoneAreDeletedAndOthersKept() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Path dead = Files.writeString(dir.resolve(PostgresLoader.SPILL_PREFIX + ProcessMark.tagOf(ended.pid()) + "-123.copy"), "quarantined line");
        Path live = Files.writeString(dir.resolve(PostgresLoader.SPILL_PREFIX + ProcessMark.tag() + "-456.copy"), "in use");
        // An ingest of another PID namespace (a container sharing this folder): its process id names no process here, yet it runs.
        String otherMachine = ProcessMark.machine().equals("0badcafe") ? "0badcaff" : "0badcafe";
        Path otherNamespace = Files.writeString(dir.resolve(PostgresLoader.SPILL_PREFIX + ended.pid() + "." + otherMachine + "-123.copy"), "in use elsewhere");
        Path older = Files.writeString(dir.resolve(PostgresLoader.SPILL_PREFIX + "2726546262150226101.copy"), "no process id");
        Path pidOnly = Files.writeString(dir.resolve(PostgresLoader.SPILL_PREFIX + ended.pid() + "-789.copy"), "a version before the mark");
        Path other = Files.writeString(dir.resolve("someone-else-1-2.copy"), "not ours");

        PostgresLoader.removeLeftoverSpills(dir);

        assertThat(dead).doesNotExist();
        assertThat(live).exists();
        assertThat(otherNamespace).exists();
        assertThat(older).exists();
        if (ProcessMark.machine().isEmpty()) {
            assertThat(pidOnly).as("no marks on this system: a process id is this machine's").doesNotExist();
        } else {
            assertThat(pidOnly).as("its namespace unknown").exists();
        }
        assertThat(other).exists();
    }
}
