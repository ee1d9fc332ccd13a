package soundstage.orchestrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestFolderWatch {
    @TempDir
    Path dir;

    /** What happens to the folder during each poll's pause, in turn. */
    interface Step {
        void run() throws IOException;
    }

    private static TaskRunner.Pause steps(Step... steps) {
        Deque<Step> left = new ArrayDeque<>(List.of(steps));
        return duration -> {
            try {
                if (!left.isEmpty()) {
                    left.removeFirst().run();
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        };
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(path);
            }
        }
    }

    @Test
    void aFileIsTakenOnceItKeepsItsSizeForAWholePoll() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("in"));
        List<String> notices = new ArrayList<>();
        Path file = folder.resolve("a.json");
        FolderWatch watch = new FolderWatch(folder, Duration.ofSeconds(1), steps(
                () -> Files.writeString(file, "{}"),
                () -> Files.writeString(file, "{}\n{}"),   // still being written
                () -> { }), notices::add);
        assertThat(watch.settle()).isZero();

        assertThat(watch.awaitChange()).isEqualTo(1);
        assertThat(Files.readString(file)).isEqualTo("{}\n{}");
        assertThat(notices).isEmpty();
    }

    /** A watched folder deleted, then made again, was watched in silence: it is said once, and again when it is back. */
    @Test
    void aFolderThatGoesAwayIsSaidOnceAndAgainWhenItIsBack() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("in"));
        Files.writeString(folder.resolve("old.json"), "{}");
        List<String> notices = new ArrayList<>();
        FolderWatch watch = new FolderWatch(folder, Duration.ofSeconds(1), steps(
                () -> delete(folder),
                () -> { },
                () -> { },
                () -> Files.writeString(Files.createDirectory(folder).resolve("new.json"), "{}"),
                () -> { }), notices::add);
        assertThat(watch.settle()).isEqualTo(1);

        assertThat(watch.awaitChange()).isEqualTo(1);
        assertThat(notices).containsExactly(
                "warning: the watched folder " + folder + " is gone (deleted, renamed or unmounted); still watching for it to come back",
                "the watched folder " + folder + " is back");
    }
}
