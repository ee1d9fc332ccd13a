package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed (SIGKILL) at any moment, again and again, then run to the end, leaves exactly the
 * tables of a run that was never interrupted: each model commits its rows with its watermark, so
 * a kill loses at most the model it was in, and the next run continues from each watermark.
 */
class TestRunCrash {
    @TempDir
    Path dir;

    @Test
    void runsKilledAtManyMomentsThenRunAgainGiveTheTablesOfAnUninterruptedRun() throws Exception {
        Path data = dir.resolve("data");
        Cli.ok("generate", "--events", 120_000, "--songs", 2_000, "--seed", 11, "--max-events-per-day", 20_000, "--out", data);
        List<Path> days;
        try (Stream<Path> files = Files.walk(data.resolve("log_data"))) {
            days = files.filter(Files::isRegularFile).sorted().toList();
        }
        List<Object> firstHalf = new ArrayList<>(days.subList(0, days.size() / 2));
        List<Object> secondHalf = new ArrayList<>(days.subList(days.size() / 2, days.size()));
        Path killed = dir.resolve("killed.duckdb");
        Path reference = dir.resolve("reference.duckdb");
        for (Path warehouse : List.of(killed, reference)) {
            Cli.ok("ingest", "-w", warehouse, "sparkify-songs", data.resolve("song_data"));
            Cli.ok(concat(List.of("ingest", "-w", warehouse, "sparkify-events"), firstHalf));
            Cli.ok("run", "-w", warehouse);
            Cli.ok(concat(List.of("ingest", "-w", warehouse, "sparkify-events"), secondHalf));
        }
        Cli.ok("run", "-w", reference);

        int killedWhileRunning = 0;
        for (long delay : new long[] {900, 1_300, 1_700, 2_100, 2_500, 2_900, 3_300}) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "-w", killed.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
            Thread.sleep(delay);
            if (child.isAlive()) {
                killedWhileRunning++;
            }
            child.destroyForcibly().waitFor();
        }
        Cli.ok("run", "-w", killed);

        assertThat(killedWhileRunning).as("runs killed before they ended (else the test proves little)").isPositive();
        Map<String, List<String>> expected = Cli.dump(reference, Long.MAX_VALUE);
        Map<String, List<String>> actual = Cli.dump(killed, Long.MAX_VALUE);
        expected.keySet().removeIf(table -> table.startsWith("meta."));
        actual.keySet().removeIf(table -> table.startsWith("meta."));
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        for (String table : expected.keySet()) {
            assertThat(actual.get(table)).as(table).isEqualTo(expected.get(table));
        }
    }

    private static Object[] concat(List<Object> first, List<Object> second) {
        List<Object> all = new ArrayList<>(first);
        all.addAll(second);
        return all.toArray();
    }
}
