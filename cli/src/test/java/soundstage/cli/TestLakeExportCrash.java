package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static soundstage.cli.Cli.row;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An export killed while it writes a file leaves every visible file whole (the old version or
 * the new one, never a part of one), and the next export deletes the leftovers and completes
 * the lake.
 */
class TestLakeExportCrash {
    private static final int MONTHS = 12;
    private static final int ROWS_PER_MONTH = 100_000;

    @TempDir
    Path dir;

    @Test
    void anExportKilledWhileWritingLeavesOnlyWholeFilesAndTheNextOneCompletesTheLake() throws Exception {
        Path warehouse = warehouseOfTwelveMonths();
        Path lake = dir.resolve("lake");
        Cli.ok("export", "-w", warehouse, "--format", "json", "--to", lake);
        Cli.ok("sql", "-w", warehouse, "UPDATE central.spotify_streams SET ms_played = ms_played + 1");   // every month changes

        Process child = CliProcess.start(dir.resolve("child.log"), "export", "-w", warehouse, "--format", "json", "--to", lake);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        boolean seen = false;
        while (!seen && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);   // leave the child the CPU
            seen = temporaryFiles(lake).stream().anyMatch(this::notEmpty);
        }
        child.destroyForcibly().waitFor();
        assertThat(seen).as("the child was seen writing a file (else the test proves nothing)").isTrue();

        List<Path> visible = dataFiles(lake);
        assertThat(visible).hasSize(MONTHS);
        for (Path file : visible) {
            assertThat(Cli.rows(warehouse, "SELECT count(*) FROM read_json('" + file + "', format = 'newline_delimited')"))
                    .as("%s is whole", file).containsExactly(row(String.valueOf(ROWS_PER_MONTH)));
        }

        Cli.Result again = Cli.ok("export", "-w", warehouse, "--format", "json", "--to", lake);
        assertThat(Cli.withoutTimes(again.outLines().get(0))).matches(
                "export: 1 tables, 12 partitions \\((\\d+) written, (\\d+) unchanged, 0 removed\\), \\d+\\.\\d MB in " + java.util.regex.Pattern.quote(lake.toString()) + ", T s");
        assertThat(temporaryFiles(lake)).isEmpty();
        assertThat(Cli.rows(warehouse, "SELECT count(*) FROM (SELECT * FROM central.spotify_streams EXCEPT ALL "
                + "SELECT * FROM read_json('" + lake + "/central/spotify_streams/**/part.json', format = 'newline_delimited', hive_partitioning = false, "
                + "columns = {'ts': 'TIMESTAMP', 'listener': 'VARCHAR', 'track': 'VARCHAR', 'ms_played': 'BIGINT'})) AS missing"))
                .containsExactly(row("0"));
        assertThat(Cli.rows(warehouse, "SELECT status FROM meta.runs WHERE command = 'export json' ORDER BY run_id"))
                .containsExactly(row("succeeded"), row("failed"), row("succeeded"));
        assertThat(Cli.ok("export", "-w", warehouse, "--format", "json", "--to", lake).outLines().get(0)).contains("(0 written, 12 unchanged, 0 removed)");
    }

    /**
     * An export killed while it changes the lake's format (some months in the new format, the
     * rest still in the old) leaves files of both; the next export, in either format, leaves only
     * its own.
     */
    @Test
    void anExportKilledWhileChangingFormatLeavesNoFileOfTheOtherFormatAfterTheNext() throws Exception {
        Path warehouse = warehouseOfTwelveMonths();
        Path lake = dir.resolve("lake");
        Cli.ok("export", "-w", warehouse, "--format", "parquet", "--to", lake);

        Process child = CliProcess.start(dir.resolve("child.log"), "export", "-w", warehouse, "--format", "json", "--to", lake);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long json = 0;
        while (json == 0 && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
            json = dataFiles(lake).stream().filter(p -> p.toString().endsWith(".json")).count();
        }
        child.destroyForcibly().waitFor();
        long parquet = dataFiles(lake).stream().filter(p -> p.toString().endsWith(".parquet")).count();
        assertThat(json).as("the child had published a month in the new format").isPositive();
        assertThat(parquet).as("and not yet removed the old format (else the test proves nothing)").isPositive();

        Cli.ok("export", "-w", warehouse, "--format", "parquet", "--to", lake);
        assertThat(dataFiles(lake)).hasSize(MONTHS).allMatch(p -> p.toString().endsWith("part.parquet"));
        assertThat(temporaryFiles(lake)).isEmpty();
        assertThat(Cli.ok("export", "-w", warehouse, "--format", "parquet", "--to", lake).outLines().get(0)).contains("(0 written, 12 unchanged, 0 removed)");
    }

    /** A warehouse whose one table to export has MONTHS months of ROWS_PER_MONTH rows. */
    private Path warehouseOfTwelveMonths() throws Exception {
        Path warehouse = dir.resolve("w.duckdb");
        Cli.ok("sql", "-w", warehouse, "CREATE TABLE central.spotify_streams AS "
                + "SELECT TIMESTAMP '2019-01-01 00:00:00' + to_months(CAST(i % " + MONTHS + " AS INTEGER)) + to_seconds(i // " + MONTHS + ") AS ts, "
                + "'listener ' || (i % 977) AS listener, md5(CAST(i AS VARCHAR)) AS track, i AS ms_played FROM range(" + MONTHS * ROWS_PER_MONTH + ") AS t(i)");
        return warehouse;
    }

    private boolean notEmpty(Path file) {
        try {
            return Files.size(file) > 0;
        } catch (IOException gone) {
            return false;
        }
    }

    private static List<Path> temporaryFiles(Path lake) throws IOException {
        try (Stream<Path> files = Files.walk(lake)) {
            return files.filter(p -> p.getFileName().toString().matches("\\..+\\.tmp-[0-9a-f]+")).toList();
        } catch (java.io.UncheckedIOException racedWithTheChild) {
            return List.of();
        }
    }

    private static List<Path> dataFiles(Path lake) throws IOException {
        try (Stream<Path> files = Files.walk(lake)) {
            return files.filter(p -> p.getFileName().toString().matches("part\\.(json|parquet)")).sorted().toList();
        } catch (java.io.UncheckedIOException racedWithTheChild) {
            return List.of();
        }
    }
}
