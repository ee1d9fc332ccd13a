package soundstage.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import soundstage.core.UserException;

class TestInputPaths {
    @TempDir
    Path dir;

    @BeforeEach
    void files() throws IOException {
        for (String name : List.of("log/2018/11/b.json", "log/2018/11/a.json", "log/2018/12/c.jsonl", "log/readme.txt",
                "log/.ipynb_checkpoints/a-checkpoint.json", "log/.hidden.json", "log/soundstage-logs/w-run-1-20181101-000000.jsonl")) {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "{}");
        }
    }

    private List<String> resolve(String... arguments) {
        return InputPaths.resolve(List.of(arguments)).stream().map(p -> dir.toAbsolutePath().relativize(p).toString()).toList();
    }

    @Test
    void directoryIsSearchedRecursivelyForJsonSkippingHiddenAndRunLogsAndSorted() {
        assertThat(resolve(dir.resolve("log").toString())).containsExactly("log/2018/11/a.json", "log/2018/11/b.json", "log/2018/12/c.jsonl");
    }

    /** A lake exported into the data folder was ingested as data (every file quarantined, or loaded as songs by the hint's kind): left out, said. */
    @Test
    void aLakeAmongTheDataIsLeftOutAndSaidSo() throws IOException {
        Path lake = dir.resolve("log/lake");
        for (String name : List.of("_soundstage/manifest.json", "analytics/songplays/year=2018/month=11/part.json", "analytics/songs/part.json")) {
            Files.createDirectories(lake.resolve(name).getParent());
            Files.writeString(lake.resolve(name), "{}");
        }
        List<String> warnings = new java.util.ArrayList<>();
        assertThat(InputPaths.resolve(List.of(dir.resolve("log").toString()), warnings::add))
                .containsExactly(dir.resolve("log/2018/11/a.json"), dir.resolve("log/2018/11/b.json"), dir.resolve("log/2018/12/c.jsonl"));
        assertThat(warnings).containsExactly("'" + lake + "' is a lake that soundstage export wrote (_soundstage/manifest.json): its files are "
                + "the warehouse's own tables, not input, and are not read");
        warnings.clear();
        assertThat(InputPaths.resolve(List.of(dir + "/log/**"), warnings::add)).hasSize(4).doesNotContain(lake.resolve("analytics/songs/part.json"));
        assertThat(warnings).hasSize(1);
        warnings.clear();
        assertThat(InputPaths.resolve(List.of(lake.toString()), warnings::add)).as("the lake named: nothing to read, and said why").isEmpty();
        assertThat(warnings).hasSize(1);
        warnings.clear();
        assertThat(InputPaths.resolve(List.of(lake + "/**/*.json"), warnings::add)).as("a glob of lake files only: said, not 'no file matches'").isEmpty();
        assertThat(warnings).hasSize(1);
    }

    /** A link to nothing is taken too: loading it then fails, and it is quarantined with the reason (it was left out without a word). */
    @Test
    void aSymbolicLinkToAFileInAFolderIsTakenAndSoIsOneToNothing() throws IOException {
        Path links = Files.createDirectories(dir.resolve("links"));
        Files.createSymbolicLink(links.resolve("linked.json"), dir.resolve("log/2018/11/a.json"));
        Files.createSymbolicLink(links.resolve("dangling.json"), dir.resolve("nothing.json"));
        Files.writeString(links.resolve("plain.json"), "{}");
        assertThat(resolve(links.toString())).containsExactly("links/dangling.json", "links/linked.json", "links/plain.json");
        assertThat(resolve(links + "/*.json")).containsExactly("links/dangling.json", "links/linked.json", "links/plain.json");
    }

    @Test
    void aSymbolicLinkToAFolderIsFollowedAndOneBackIntoItsFolderIsRefused() throws IOException {
        Path links = Files.createDirectories(dir.resolve("folder-links"));
        Files.createSymbolicLink(links.resolve("november"), dir.resolve("log/2018/11"));
        assertThat(resolve(links.toString())).containsExactly("folder-links/november/a.json", "folder-links/november/b.json");
        assertThat(resolve(links.resolve("november").toString())).containsExactly("folder-links/november/a.json", "folder-links/november/b.json");

        Files.createSymbolicLink(links.resolve("again"), links);
        assertThatThrownBy(() -> resolve(links.toString())).isInstanceOf(UserException.class)
                .hasMessage("Directory '" + links + "' holds a symbolic link that leads back into a folder it is in ('" + links.resolve("again")
                        + "'). Remove the link, or pass the folders to read one by one.");
    }

    @Test
    void aFileIsTakenWhateverItsName() {
        assertThat(resolve(dir.resolve("log/readme.txt").toString())).containsExactly("log/readme.txt");
    }

    @Test
    void globMatchesBelowItsBase() {
        assertThat(resolve(dir + "/log/2018/*/*.json")).containsExactly("log/2018/11/a.json", "log/2018/11/b.json");
        assertThat(resolve(dir + "/log/**.json*")).containsExactly("log/2018/11/a.json", "log/2018/11/b.json", "log/2018/12/c.jsonl");
    }

    @Test
    void eachFileOnceWhenNamedTwice() {
        assertThat(resolve(dir.resolve("log/2018").toString(), dir.resolve("log/2018/11/a.json").toString()))
                .containsExactly("log/2018/11/a.json", "log/2018/11/b.json", "log/2018/12/c.jsonl");
    }

    @Test
    void aFolderOrGlobNamedTwiceIsNotTakenForOneWithoutFiles() {
        String folder = dir.resolve("log/2018").toString();
        assertThat(resolve(folder, folder, folder + "/*/*.json")).containsExactly("log/2018/11/a.json", "log/2018/11/b.json", "log/2018/12/c.jsonl");
    }

    @Test
    void missingPathIsOneClearMessage() {
        assertThatThrownBy(() -> resolve(dir + "/nope"))
                .isInstanceOf(UserException.class)
                .hasMessage("Path '" + dir + "/nope' does not exist. Check the spelling, or pass a directory or a glob such as 'data/**/*.json'.");
    }

    @Test
    void aNameThatIsNotUtf8OnTheCommandLineSaysSoAndWhatToDo() {
        // What Java makes of the argument caf\xE9.json (Latin-1 é): the bad byte becomes U+FFFD.
        assertThatThrownBy(() -> resolve(dir + "/caf\uFFFD.json"))
                .isInstanceOf(UserException.class)
                .hasMessage("Path '" + dir + "/caf\uFFFD.json' cannot be opened from the command line: its name is not valid UTF-8 (shown with \uFFFD)."
                        + " Pass its folder instead, or rename the file.");
    }

    /** Named directly, a compressed file was read as text: every line quarantined as not UTF-8. */
    @Test
    void aCompressedFileNamedDirectlyIsRefusedWithHowToDecompressIt() throws IOException {
        Path gz = Files.write(dir.resolve("events.json.gz"), new byte[] {0x1F, (byte) 0x8B, 8, 0, 0, 0});
        assertThatThrownBy(() -> resolve(gz.toString())).isInstanceOf(UserException.class)
                .hasMessage("File '" + gz + "' is compressed (gzip): Sparkify files are read as the text they hold. Decompress it first (for example gunzip -k '" + gz + "').");
        Path zip = Files.write(dir.resolve("export.json"), new byte[] {'P', 'K', 3, 4, 0, 0});   // whatever its name
        assertThatThrownBy(() -> resolve(zip.toString())).isInstanceOf(UserException.class)
                .hasMessageEndingWith("is compressed (zip): Sparkify files are read as the text they hold. Decompress it first (for example unzip '" + zip
                        + "'), or ingest a Spotify export with ingest spotify-export.");
        assertThat(InputPaths.resolveKeepingFolders(List.of(zip.toString()))).containsExactly(zip.toAbsolutePath().normalize());   // a Spotify export is a zip
    }

    @Test
    void aFolderOfCompressedFilesIsRefusedRatherThanLoadingNothing() throws IOException {
        Path gz = Files.createDirectories(dir.resolve("gz/2018"));
        Files.write(gz.resolve("a.json.gz"), new byte[] {31, -117});
        Files.write(gz.resolve("b.json.gz"), new byte[] {31, -117});
        assertThatThrownBy(() -> resolve(dir + "/gz"))
                .isInstanceOf(UserException.class)
                .hasMessage("Directory '" + dir + "/gz' holds no .json, .jsonl or .ndjson file, only 2 other files (such as '2018/a.json.gz'). "
                        + "Compressed files are not read: decompress them first (for example gunzip -rk '" + dir + "/gz'), or name the files with a quoted glob.");
    }

    /** Java's regex error ("Missing '] near index 1"), exit 1, was all a malformed glob got. */
    @Test
    void aMalformedGlobIsRefusedSayingWhatIsWrong() {
        assertThatThrownBy(() -> resolve(dir + "/log/[a")).isInstanceOf(UserException.class)
                .hasMessage("'" + dir + "/log/[a' is not a valid glob: a '[' has no closing ']'. Fix the pattern, and quote it so the shell does not expand it.");
        assertThatThrownBy(() -> resolve(dir + "/log/{a,b")).isInstanceOf(UserException.class).hasMessageContaining("is not a valid glob: a '{' has no closing '}'.");
        assertThatThrownBy(() -> InputPaths.resolveSource(List.of(dir + "/log/[a"), true, warning -> { })).isInstanceOf(UserException.class);
    }

    /** One day compressed among plain days was left out without a word (only a folder of nothing but compressed files was refused). */
    @Test
    void compressedFilesBesideJsonFilesAreSaidToBeLeftOut() throws IOException {
        Path mixed = Files.createDirectories(dir.resolve("mixed/2018"));
        Files.writeString(mixed.resolve("2018-11-01-events.json"), "{}");
        Files.write(mixed.resolve("2018-11-03-events.json.gz"), new byte[] {31, -117, 8, 0});
        Files.write(mixed.resolve("2018-11-02-events.json.bz2"), new byte[] {'B', 'Z', 'h', '9'});
        Files.writeString(mixed.resolve("notes.txt.gz"), "not JSON: no word of it");
        List<String> warnings = new java.util.ArrayList<>();
        assertThat(InputPaths.resolve(List.of(dir + "/mixed"), warnings::add)).containsExactly(mixed.resolve("2018-11-01-events.json"));
        assertThat(warnings).containsExactly("'" + dir + "/mixed' holds 2 compressed files (such as '2018/2018-11-02-events.json.bz2') that are not read: "
                + "decompress them (bunzip2 -k) to load them, or move them out of the folder");
    }

    @Test
    void aFolderOfOtherFilesNamesTheGlobThatWouldTakeThem() throws IOException {
        Files.writeString(Files.createDirectories(dir.resolve("txt")).resolve("events.txt"), "{}");
        assertThatThrownBy(() -> resolve(dir + "/txt/"))
                .isInstanceOf(UserException.class)
                .hasMessage("Directory '" + dir + "/txt/' holds no .json, .jsonl or .ndjson file, only 1 other file ('events.txt'). "
                        + "Name the files with a quoted glob, such as '" + dir + "/txt/**'.");
        assertThat(resolve(dir + "/txt/**")).containsExactly("txt/events.txt");
    }

    @Test
    void anEmptyFolderIsNoFilesYet() throws IOException {
        Files.createDirectories(dir.resolve("empty/.ipynb_checkpoints"));
        Files.writeString(dir.resolve("empty/.ipynb_checkpoints/a.txt"), "{}");
        assertThat(resolve(dir + "/empty")).isEmpty();
    }

    @Test
    void aPipeIsRefusedInsteadOfWaitingForAWriter() throws Exception {
        Path fifo = dir.resolve("events.fifo");
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo is needed");
        assertThatThrownBy(() -> resolve(fifo.toString()))
                .isInstanceOf(UserException.class)
                .hasMessageStartingWith("Path '" + fifo + "' is not a regular file (a pipe or a device).");
    }

    @Test
    void globMatchingNothingIsOneClearMessage() {
        assertThatThrownBy(() -> resolve(dir + "/log/*.parquet"))
                .isInstanceOf(UserException.class)
                .hasMessage("No file matches '" + dir + "/log/*.parquet'. Check the pattern; quote it so the shell does not expand it.");
    }

    @Test
    void globMatchingNothingWhereFilesBelowMatchItsLastPartSaysWhichPatternTakesThem() throws Exception {
        Path day = Files.createDirectories(dir.resolve("landing/2018/11"));
        Files.writeString(day.resolve("a.json"), "{}\n");
        Files.writeString(day.resolve("b.json"), "{}\n");
        assertThatThrownBy(() -> resolve(dir + "/landing/*.json"))
                .isInstanceOf(UserException.class)
                .hasMessage("No file matches '" + dir + "/landing/*.json'; 2 files in folders below match it (such as '" + day.resolve("a.json")
                        + "'; a * does not cross a /): '" + dir + "/landing/**/*.json' takes them.");
        assertThat(InputPaths.deeper(dir + "/landing/*.parquet")).isEmpty();
        assertThat(InputPaths.deeper(dir + "/landing/*.json")).isPresent();
        assertThat(InputPaths.deeper(dir + "/landing/**/*.json")).isEmpty();   // matches them already
    }

    /** Once the pattern's own folder had a match, the files below were left out without a word. */
    @Test
    void globMatchingSomeFilesWhileFilesBelowMatchItsLastPartSaysSo() throws Exception {
        Path landing = Files.createDirectories(dir.resolve("landing"));
        Path top = Files.writeString(landing.resolve("top.json"), "{}\n");
        Path day = Files.createDirectories(landing.resolve("2018/11"));
        Files.writeString(day.resolve("a.json"), "{}\n");
        List<String> warnings = new java.util.ArrayList<>();
        assertThat(InputPaths.resolve(List.of(dir + "/landing/*.json"), warnings::add)).containsExactly(top);
        assertThat(warnings).containsExactly("'" + dir + "/landing/*.json' matches 1 file and leaves out more: 1 file in folders below matches it (such as '"
                + day.resolve("a.json") + "'; a * does not cross a /): '" + dir + "/landing/**/*.json' takes it");
        warnings.clear();
        InputPaths.resolve(List.of(dir + "/landing/**/*.json"), warnings::add);
        assertThat(warnings).isEmpty();
    }
}
