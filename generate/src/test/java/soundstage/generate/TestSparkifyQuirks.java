package soundstage.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deliberate dirt: CRLF files, duplicate files, bad lines and mojibake, on a run with many
 * small files and a thousand songs so that the 2% CRLF and 1% mojibake rates show up for sure.
 */
class TestSparkifyQuirks {

    private static final SparkifyOptions DIRTY =
            SparkifyOptions.defaults(12_000, 1_000, 11)
                    .withMaxEventsPerDay(40)
                    .withSongsPerFile(2)
                    .withDuplicateFileRate(0.1)
                    .withBadLineRate(0.05);

    @TempDir static Path dir;

    private static GeneratedTree tree;
    private static List<JsonLine> songs;
    private static List<JsonLine> validEvents;

    @BeforeAll
    static void generate() {
        tree = GeneratedTree.generate(dir, DIRTY);
        songs = tree.songs();
        validEvents = tree.events();
    }

    @Test
    void someFilesUseCrlfConsistently() {
        int crlfEvents = countCrlf(tree.eventFiles());
        int crlfSongs = countCrlf(tree.songFiles());

        assertThat(tree.eventFiles()).hasSize(300);
        assertThat(crlfEvents).isBetween(1, 18);
        assertThat(tree.songFiles()).hasSize(500);
        assertThat(crlfSongs).isBetween(1, 30);
    }

    @Test
    void songFilesHoldSeveralSongsAsJsonLines() {
        for (Path file : tree.songFiles()) {
            List<String> lines = GeneratedTree.lines(file);
            assertThat(lines).hasSize(2);
            for (String line : lines) {
                assertThat(JsonLine.parse(line)).isPresent();
            }
            assertThat(GeneratedTree.read(file)).doesNotEndWith("\n");
        }
        assertThat(songs).hasSize(1_000);
    }

    @Test
    void duplicatesAreByteIdenticalCopiesNextToTheOriginal() throws Exception {
        List<Path> copies = new ArrayList<>();
        for (Path file : GeneratedTree.files(dir)) {
            String name = file.getFileName().toString();
            Path original = null;
            if (name.endsWith("-events (1).json")) {
                original = file.resolveSibling(name.replace("-events (1).json", "-events.json"));
            } else if (name.endsWith("-copy.json")) {
                original = file.resolveSibling(name.replace("-copy.json", ".json"));
            }
            if (original != null) {
                copies.add(file);
                assertThat(Files.mismatch(file, original)).as(name).isEqualTo(-1L);
            }
        }
        int total = tree.eventFiles().size() + tree.songFiles().size();
        assertThat(copies).hasSize(tree.summary().duplicateFiles());
        assertThat(copies.size() / (double) total).isCloseTo(0.1, within(0.03));
        assertThat(copies).anyMatch(p -> p.startsWith(tree.logDir()));
        assertThat(copies).anyMatch(p -> p.startsWith(tree.songDir()));
    }

    @Test
    void someNamesAreMojibakeThatRepairsAndSomeAreLegitimatelyAccented() {
        List<String> garbledInSongs = new ArrayList<>();
        int accented = 0;
        for (JsonLine song : songs) {
            for (String name : List.of(song.text("title"), song.text("artist_name"))) {
                if (GeneratedTree.isGarbled(name)) {
                    garbledInSongs.add(name);
                } else if (Mojibake.affects(name)) {
                    accented++;
                }
            }
        }
        assertThat(garbledInSongs).isNotEmpty();
        assertThat(accented).isGreaterThan(garbledInSongs.size());
        for (String name : garbledInSongs) {
            String repaired = Mojibake.repair(name);
            assertThat(repaired).doesNotContain("\uFFFD");
            assertThat(Mojibake.affects(repaired)).isTrue();
        }
        assertThat(validEvents)
                .anySatisfy(
                        e -> assertThat(GeneratedTree.isGarbled(String.valueOf(e.text("artist")))
                                        || GeneratedTree.isGarbled(String.valueOf(e.text("song"))))
                                .isTrue());
    }

    @Test
    void garbledPlaysStillMatchTheCatalogueOnceRepaired() {
        CataloguePlays plays = CataloguePlays.match(songs, validEvents);

        assertThat(plays.matched() - plays.exact()).isPositive();
        assertThat(plays.matched() / (double) plays.plays())
                .isCloseTo(Jukebox.CATALOGUE_SHARE, within(0.03));
    }

    @Test
    void badLinesAreCountedOfEveryKindAndNeverFirst() {
        long bad = 0;
        long lines = 0;
        Set<LineDamage> kinds = EnumSet.noneOf(LineDamage.class);
        for (Path file : tree.eventFiles()) {
            List<String> fileLines = GeneratedTree.lines(file);
            for (int i = 0; i < fileLines.size(); i++) {
                String line = fileLines.get(i);
                lines++;
                var parsed = JsonLine.parse(line);
                if (parsed.isPresent() && parsed.get().isValidEvent()) {
                    continue;
                }
                bad++;
                assertThat(i).as("first line of %s", file).isPositive();
                kinds.add(kindOf(line, parsed.orElse(null)));
            }
        }
        assertThat(lines).isEqualTo(12_000);
        assertThat(bad).isEqualTo(tree.summary().badLines());
        assertThat(bad / (double) lines).isCloseTo(0.05, within(0.01));
        assertThat(kinds).containsExactlyInAnyOrder(LineDamage.values());
    }

    @Test
    void sameSeedWritesTheSameBytes(@TempDir Path again) {
        assertThat(GeneratedTree.generate(again, DIRTY).sha256()).isEqualTo(tree.sha256());
    }

    @Test
    void anotherSeedWritesOtherBytes(@TempDir Path one, @TempDir Path other) {
        String first = GeneratedTree.generate(one, SparkifyOptions.defaults(500, 20, 1)).sha256();
        String second = GeneratedTree.generate(other, SparkifyOptions.defaults(500, 20, 2)).sha256();

        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void badLinesReplaceEventsWithoutChangingTheOthers(@TempDir Path clean) {
        GeneratedTree cleanTree = GeneratedTree.generate(clean, DIRTY.withBadLineRate(0));
        assertThat(cleanTree.summary().badLines()).isZero();

        List<Path> dirtyFiles = tree.eventFiles();
        List<Path> cleanFiles = cleanTree.eventFiles();
        assertThat(cleanFiles).hasSameSizeAs(dirtyFiles);
        long differing = 0;
        for (int f = 0; f < dirtyFiles.size(); f++) {
            List<String> dirtyLines = GeneratedTree.lines(dirtyFiles.get(f));
            List<String> cleanLines = GeneratedTree.lines(cleanFiles.get(f));
            assertThat(cleanLines).hasSameSizeAs(dirtyLines);
            for (int i = 0; i < dirtyLines.size(); i++) {
                if (!dirtyLines.get(i).equals(cleanLines.get(i))) {
                    differing++;
                }
            }
        }
        assertThat(differing).isEqualTo(tree.summary().badLines());
    }

    @Test
    void reportsProgressEvery50000EventsAndAtTheEnd(@TempDir Path out) throws Exception {
        List<Long> reports = new ArrayList<>();
        new SparkifyGenerator(SparkifyOptions.defaults(100_001, 5, 3)).generate(out, reports::add);

        assertThat(reports).containsExactly(50_000L, 100_000L, 100_001L);
    }

    @Test
    void noEventsStillWritesTheSongs(@TempDir Path empty) {
        GeneratedTree quiet = GeneratedTree.generate(empty, SparkifyOptions.defaults(0, 3, 1));

        assertThat(quiet.summary().eventFiles()).isZero();
        assertThat(quiet.eventFiles()).isEmpty();
        assertThat(quiet.songFiles()).hasSize(3);
    }

    private static LineDamage kindOf(String line, JsonLine parsed) {
        if (parsed == null) {
            return line.startsWith("{") ? LineDamage.TRUNCATED : LineDamage.PLAIN_TEXT;
        }
        if (!parsed.fields().containsKey("page")) {
            return LineDamage.PAGE_MISSING;
        }
        assertThat(parsed.text("ts")).isEqualTo(EventWriter.TS_NOT_A_NUMBER);
        return LineDamage.TS_NOT_A_NUMBER;
    }

    private static int countCrlf(List<Path> files) {
        int crlf = 0;
        for (Path file : files) {
            String text = GeneratedTree.read(file);
            int newlines = text.split("\n", -1).length - 1;
            int crlfs = text.split("\r\n", -1).length - 1;
            assertThat(crlfs).as("%s mixes line endings", file).isIn(0, newlines);
            if (crlfs > 0) {
                crlf++;
            }
        }
        return crlf;
    }
}
