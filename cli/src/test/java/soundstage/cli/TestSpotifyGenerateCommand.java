package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate --spotify}, and how generate tells Sparkify from Spotify options. */
class TestSpotifyGenerateCommand {
    private static final String NL = System.lineSeparator();
    private static final Pattern SUMMARY = Pattern.compile(
            "generate: (\\d+) plays of (\\d+) listeners in (\\d+) exports \\((\\d+) extended, (\\d+) account data\\) holding (\\d+) JSON files, "
                    + "(\\d+) duplicate exports, \\d+\\.\\d MB in (.+), \\d+\\.\\d s");

    @TempDir
    Path dir;

    private static void assertUsageError(Cli.Result result, String message) {
        assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo(message + NL);
    }

    /** The names in {@code folder}, but generate's mark of the folders it wrote. */
    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(path -> path.getFileName().toString()).filter(name -> !name.equals(GenerateCommand.MARKER)).sorted().toList();
        }
    }

    @Test
    void writesOneFolderPerListenerAndPrintsOneSummaryLine() throws IOException {
        Path out = dir.resolve("exports");
        Cli.Result result = Cli.ok("generate", "--spotify", "--out", out, "--listeners", 2, "--plays", 3000, "--seed", 4);
        assertThat(result.err()).isEmpty();
        Matcher summary = SUMMARY.matcher(result.outLines().get(0));
        assertThat(result.outLines()).hasSize(1);
        assertThat(summary.matches()).as(result.out()).isTrue();
        assertThat(summary.group(1)).isEqualTo("6000");
        assertThat(summary.group(2)).isEqualTo("2");
        assertThat(summary.group(4)).isEqualTo("2");
        assertThat(Integer.parseInt(summary.group(3))).isEqualTo(2 + Integer.parseInt(summary.group(5)));
        assertThat(summary.group(7)).isEqualTo("0");
        assertThat(summary.group(8)).isEqualTo(out.toString());
        List<String> listeners = names(out);
        assertThat(listeners).hasSize(2);
        for (String listener : listeners) {
            assertThat(names(out.resolve(listener)))
                    .allMatch(name -> name.matches("my_spotify_data_(extended_)?\\d{4}-\\d\\d-\\d\\d\\.zip"))
                    .filteredOn(name -> name.contains("extended")).hasSize(1);
        }
    }

    @Test
    void extractedAndDuplicateExportsAreOptions() throws IOException {
        Path out = dir.resolve("exports");
        Cli.Result result = Cli.ok("generate", "--spotify", "--out", out, "--listeners", 1, "--plays", 500, "--extracted",
                "--duplicate-exports", 1);
        Matcher summary = SUMMARY.matcher(result.outLines().get(0));
        assertThat(summary.matches()).as(result.out()).isTrue();
        assertThat(summary.group(7)).isEqualTo(summary.group(3));
        Path listener = out.resolve(names(out).get(0));
        assertThat(names(listener)).allMatch(name -> !name.endsWith(".zip"))
                .anyMatch(name -> name.endsWith(" (1)"));
        assertThat(names(listener).stream().filter(name -> !name.contains("extended")).findFirst().map(listener::resolve).orElseThrow())
                .isDirectoryContaining(path -> path.getFileName().toString().equals("MyData"));
    }

    @Test
    void withoutSpotifyEventsAndSongsAreRequired() {
        assertUsageError(Cli.run("generate", "--out", dir),
                "soundstage: Missing --events N and --songs M. Give --events and --songs for Sparkify data, or --spotify for Spotify exports.");
        assertUsageError(Cli.run("generate", "--out", dir, "--events", 10),
                "soundstage: Missing --songs M. Give --events and --songs for Sparkify data, or --spotify for Spotify exports.");
        assertUsageError(Cli.run("generate", "--out", dir, "--songs", 10),
                "soundstage: Missing --events N. Give --events and --songs for Sparkify data, or --spotify for Spotify exports.");
    }

    @Test
    void sparkifyOptionsDoNotGoWithSpotify() {
        assertUsageError(Cli.run("generate", "--spotify", "--out", dir, "--events", 10),
                "soundstage: --events is for Sparkify data and does not go with --spotify. Remove it and try again.");
        assertUsageError(Cli.run("generate", "--spotify", "--out", dir, "--bad-lines", 0.1),
                "soundstage: --bad-lines is for Sparkify data and does not go with --spotify. Remove it and try again.");
    }

    @Test
    void spotifyOptionsNeedSpotify() {
        assertUsageError(Cli.run("generate", "--out", dir, "--events", 10, "--songs", 5, "--plays", 100),
                "soundstage: --plays goes with --spotify only. Add --spotify, or remove it, and try again.");
        assertUsageError(Cli.run("generate", "--out", dir, "--events", 10, "--songs", 5, "--extracted"),
                "soundstage: --extracted goes with --spotify only. Add --spotify, or remove it, and try again.");
    }

    @Test
    void badValuesAreUsageErrors() {
        assertUsageError(Cli.run("generate", "--spotify", "--out", dir, "--plays", 0),
                "soundstage: --plays must be between 1 and 1000000, got 0. Fix the option and try again.");
        assertUsageError(Cli.run("generate", "--spotify", "--out", dir, "--duplicate-exports", 2),
                "soundstage: --duplicate-exports is a share, between 0 and 1; got 2.0. Fix the option and try again.");
    }

    @Test
    void aFileIsNoFolderToWriteInto() throws IOException {
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        assertUsageError(Cli.run("generate", "--spotify", "--out", file),
                "soundstage: Cannot write into '" + file + "': it is a file, not a folder. Choose a folder with --out.");
    }
}
