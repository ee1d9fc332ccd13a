package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, for real: the warehouse on a small tmpfs filled to its last block. The command
 * fails with the system's reason and what to do, no stack trace; nothing is half written, and
 * once there is space again the same commands finish the work. Mounting needs root (as the
 * README's test command has in CI, where it also installs packages); elsewhere these tests are
 * skipped with a line that says so.
 */
class TestDiskFull {
    @TempDir
    Path dir;
    private Path disk;

    @BeforeEach
    void mount() throws Exception {
        disk = Files.createDirectories(dir.resolve("disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", disk.toString()).redirectErrorStream(true).start();
        String said = new String(mount.getInputStream().readAllBytes()).strip();
        Assumptions.assumeTrue(mount.waitFor() == 0,
                "TestDiskFull skipped: it mounts a small tmpfs, which needs root (run the tests as root to include it): " + said);
    }

    @AfterEach
    void unmount() throws Exception {
        if (disk != null) {
            new ProcessBuilder("umount", disk.toString()).inheritIO().start().waitFor();
        }
    }

    /** Fills the disk but for {@code room} bytes; returns the file that does it. */
    private Path fill(long room) throws IOException {
        Path filler = disk.resolve("filler");
        byte[] block = new byte[64 * 1024];
        try (var out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            assertThat(full).hasMessageContaining("No space left on device");
        }
        try (var channel = java.nio.channels.FileChannel.open(filler, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(Math.max(0, channel.size() - room));
        }
        return filler;
    }

    /** Generated data of 20,000 events; the songs ingested into a warehouse on the disk, the events too when {@code events}. */
    private Path warehouseWithData(Path data, boolean events) {
        Cli.ok("generate", "--events", 20000, "--songs", 300, "--max-events-per-day", 5000, "--out", data);
        Path warehouse = disk.resolve("w.duckdb");
        Cli.ok("ingest", "sparkify-songs", data.resolve("song_data"), "--warehouse", warehouse);
        if (events) {
            Cli.ok("ingest", "sparkify-events", data.resolve("log_data"), "--warehouse", warehouse);
        }
        return warehouse;
    }

    /**
     * {@code result} failed as a command on a full disk does: exit 1, one line with the system's
     * reason and what to do, after the warning that closing the warehouse left its write-ahead log
     * when it did (what batches committed before the failure is in it).
     */
    private static void assertFailedOnAFullDisk(Cli.Result result, String command) {
        assertThat(result.exitCode()).as("%s", result).isEqualTo(1);
        List<String> lines = result.errLines();
        assertThat(lines.subList(0, lines.size() - 1)).as("%s", result)
                .allMatch(line -> line.startsWith("soundstage: warning: warehouse '") && line.contains("' was closed without writing its write-ahead log into it ("));
        assertThat(lines).as("%s", result).last().asString()
                .startsWith("soundstage: " + command + " failed: ")
                .contains("No space left on device")
                .endsWith(". A disk is full: what the command had not committed was rolled back; free some space, then run it again.");
    }

    @Test
    void aRunOnAFullDiskSaysSoAndTheNextRunWithSpaceFinishes() throws Exception {
        Path warehouse = warehouseWithData(dir.resolve("data"), true);
        Path filler = fill(256 * 1024);   // room to open the warehouse, not to write the work

        Cli.Result full = Cli.run("run", "--warehouse", warehouse);
        assertFailedOnAFullDisk(full, "run");
        // The first task to fail stops the run: the others would fail too, and DuckDB's failures
        // after it ("cannot commit - no transaction is active") hid the reason.
        assertThat(full.out()).containsOnlyOnce(" FAILED: ").doesNotContain("no transaction is active");
        assertThat(Cli.ok("sql", "SELECT count(*) FROM meta.task_runs WHERE detail LIKE 'skipped: % failed on a full disk'", "--warehouse", warehouse)
                .outLines().get(1)).isNotEqualTo("0");

        Files.delete(filler);
        Cli.Result again = Cli.ok("run", "--warehouse", warehouse);
        assertThat(again.outLines()).last().isEqualTo(Cli.ALL_CHECKS_PASSED);
        assertThat(Cli.ok("sql", "SELECT count(*) FROM staging.sparkify_events", "--warehouse", warehouse).outLines()).contains("20000");
    }

    @Test
    void anIngestOnAFullDiskSaysSoAndRegistersNoFile() throws Exception {
        Path data = dir.resolve("data");
        Path warehouse = warehouseWithData(data, false);
        Path filler = fill(256 * 1024);

        assertFailedOnAFullDisk(Cli.run("ingest", "sparkify-events", data.resolve("log_data"), "--warehouse", warehouse), "ingest");

        Files.delete(filler);
        Cli.Result again = Cli.ok("ingest", "sparkify-events", data.resolve("log_data"), "--warehouse", warehouse);
        assertThat(again.outLines()).singleElement().asString().contains("(4 loaded, 0 rejected, 0 duplicates of files already loaded), 20000 rows loaded");
    }

    @Test
    void aWarehouseOnADiskWithoutRoomForItsLockSaysTheDiskIsFull() throws Exception {
        Path warehouse = Cli.created(disk.resolve("w.duckdb"));
        Path events = Files.writeString(dir.resolve("2018-11-01-events.json"), "{\"ts\":1541106106796,\"page\":\"Home\"}\n");
        fill(0);
        Cli.Result full = Cli.run("ingest", "sparkify-events", events, "--warehouse", warehouse);
        assertThat(full.exitCode()).as("%s", full).isEqualTo(2);
        assertThat(full.errLines()).containsExactly("soundstage: Cannot lock warehouse '" + warehouse + "' (" + warehouse + ".lock): "
                + "No space left on device. The disk is full: free some space on it and try again.");
    }

    /**
     * A disk with room for a run's write-ahead log but not for the checkpoint that writes it into
     * the warehouse when the command closes it: DuckDB kept the failure to itself, and the command
     * said only that the readers' snapshot was not updated. It now says what happened and that
     * nothing is lost; the next writer writes the log in. The room that does it depends on the
     * data, so a few are tried, from a log's size up.
     */
    @Test
    void aCheckpointOnAFullDiskSaysTheLogKeepsTheWorkAndTheNextWriterWritesItIn() throws Exception {
        Path pristine = dir.resolve("pristine.duckdb");
        Path data = dir.resolve("data");
        Cli.ok("generate", "--events", 20000, "--songs", 300, "--max-events-per-day", 5000, "--out", data);
        Cli.ok("ingest", "sparkify-songs", data.resolve("song_data"), "--warehouse", pristine);
        Cli.ok("ingest", "sparkify-events", data.resolve("log_data"), "--warehouse", pristine);
        Path warehouse = disk.resolve("w.duckdb");
        Path wal = disk.resolve("w.duckdb.wal");
        Cli.Result closed = null;
        for (int megabytes = 12; megabytes <= 28 && closed == null; megabytes += 2) {
            Files.deleteIfExists(wal);
            Files.copy(pristine, warehouse, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Path filler = fill(megabytes << 20);
            Cli.Result run = Cli.run("run", "--warehouse", warehouse);
            Files.delete(filler);
            if (run.exitCode() == 0 && Files.exists(wal)) {
                closed = run;
            }
        }
        assertThat(closed).as("a room that fits the run's log but not the checkpoint, between 12 and 28 MB").isNotNull();
        assertThat(closed.errLines()).singleElement().asString()
                .startsWith("soundstage: warning: warehouse '" + warehouse + "' was closed without writing its write-ahead log into it (")
                .contains("No space left on device")
                .endsWith("): what was committed is kept in " + wal + " and written into the warehouse when it is next opened; a disk is full: free some space");

        assertThat(Cli.ok("check", "--warehouse", warehouse).outLines()).last().isEqualTo(Cli.ALL_CHECKS_PASSED);   // a writer, with room now
        assertThat(wal).doesNotExist();
        assertThat(Cli.ok("sql", "SELECT count(*) FROM analytics.songplays", "--warehouse", warehouse).outLines().get(1))
                .isEqualTo(Cli.ok("sql", "SELECT count(*) FROM staging.sparkify_events WHERE page = 'NextSong'", "--warehouse", warehouse).outLines().get(1));
    }
}
