package soundstage.warehouse.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ingest killed while it loaded a batch left its quarantine spill file (quarantined lines as
 * read) in the temporary folder for good; the next ingest deletes those of processes that are gone.
 */
class TestQuarantineSpills {
    @TempDir
    Path dir;

    @Test
    void spillsOfProcessesThatAreGoneAreDeletedAndOthersKept() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Path dead = Files.writeString(dir.resolve(PostgresLoader.SPILL_PREFIX + ended.pid() + "-123.copy"), "quarantined line");
        Path live = Files.writeString(dir.resolve(PostgresLoader.SPILL_PREFIX + ProcessHandle.current().pid() + "-456.copy"), "in use");
        Path older = Files.writeString(dir.resolve(PostgresLoader.SPILL_PREFIX + "2726546262150226101.copy"), "no process id");
        Path other = Files.writeString(dir.resolve("someone-else-1-2.copy"), "not ours");

        PostgresLoader.removeLeftoverSpills(dir);

        assertThat(dead).doesNotExist();
        assertThat(live).exists();
        assertThat(older).exists();
        assertThat(other).exists();
    }
}
