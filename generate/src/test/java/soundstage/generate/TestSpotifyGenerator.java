package soundstage.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layout on disk: folders, zips, their entries, copies, extraction, determinism. */
class TestSpotifyGenerator {

    static final List<String> USERDATA_KEYS = List.of(
            "username", "email", "country", "createdFromFacebook", "facebookUid", "birthdate", "gender",
            "postalCode", "mobileNumber", "mobileOperator", "mobileBrand", "creationTime");

    @TempDir Path dir;

    private final SpotifyTree tree = SpotifyTree.standard();

    @Test
    void summaryCountsWhatIsOnDisk() {
        SpotifySummary summary = tree.summary();
        List<SpotifyTree.Listener> listeners = tree.listeners();
        long bytes = 0;
        int files = 0;
        int accountData = 0;
        for (SpotifyTree.Listener listener : listeners) {
            for (Path export : SpotifyTree.list(listener.folder())) {
                bytes += GeneratedTree.bytes(export).length;
            }
            accountData += listener.accountData().size();
            files += listener.extended().files().size();
            for (SpotifyTree.Export export : listener.accountData()) {
                files += export.files().size();
            }
        }
        assertThat(summary).isEqualTo(new SpotifySummary(3, 90_000, 3, accountData, files, 0, bytes));
    }

    @Test
    void eachListenerHasAFolderNamedAfterTheirUsernameHoldingOnlyTheirExports() {
        for (SpotifyTree.Listener listener : tree.listeners()) {
            assertThat(SpotifyTree.list(listener.folder()))
                    .hasSize(listener.accountData().size() + 1)
                    .allMatch(path -> path.getFileName().toString().matches("my_spotify_data_(extended_)?\\d{4}-\\d\\d-\\d\\d\\.zip"));
            assertThat(listener.accountData()).hasSizeBetween(4, 5);
            for (SpotifyTree.Export export : listener.accountData()) {
                assertThat(export.text("MyData/Userdata.json")).contains("\"username\" : \"" + listener.username() + "\"");
            }
        }
    }

    @Test
    void usernamesAreIdLikeOrReadable() {
        List<String> usernames = tree.listeners().stream().map(SpotifyTree.Listener::username).toList();
        assertThat(usernames).hasSize(3).doesNotHaveDuplicates();
        assertThat(usernames).anyMatch(name -> name.matches("[a-z0-9]{25}"));
        assertThat(usernames).anyMatch(name -> name.matches("[a-z]+[0-9]*") && name.length() < 25);
    }

    @Test
    void userdataHasSpotifysKeysInOrder() {
        for (SpotifyTree.Listener listener : tree.listeners()) {
            SpotifyTree.Export export = listener.accountData().get(0);
            String json = export.text("MyData/Userdata.json");
            JsonLine userdata = JsonLine.parse(json.replace("\n", "")).orElseThrow();
            assertThat(userdata.keys()).isEqualTo(USERDATA_KEYS);
            assertThat(userdata.text("username")).isEqualTo(listener.username());
            assertThat(userdata.text("email")).endsWith("@example.com");
            assertThat(userdata.text("country")).matches("[A-Z]{2}");
            assertThat(userdata.text("createdFromFacebook")).isEqualTo("false");
            assertThat(userdata.get("facebookUid").isNull()).isTrue();
            assertThat(userdata.text("birthdate")).matches("\\d{4}-\\d\\d-\\d\\d");
            assertThat(userdata.text("gender")).isIn("male", "female", "nonbinary");
            String firstPlay = listener.extended().files().keySet().stream()
                    .filter(path -> path.matches(".*(endsong_0|Audio_.*_0)\\.json"))
                    .flatMap(path -> listener.extended().records(path).stream())
                    .map(record -> record.text("ts")).sorted().findFirst().orElseThrow();
            assertThat(userdata.text("creationTime")).isLessThan(firstPlay.substring(0, 10));
            assertThat(json).startsWith("{\n  \"username\" : \"").endsWith("\n}");
            // Every export of a listener describes the same account.
            for (SpotifyTree.Export other : listener.accountData()) {
                assertThat(other.text("MyData/Userdata.json")).isEqualTo(json);
            }
        }
    }

    @Test
    void accountDataZipsHoldUserdataThenTheStreamingHistoryFiles() {
        boolean older = false;
        boolean newer = false;
        for (SpotifyTree.Listener listener : tree.listeners()) {
            for (SpotifyTree.Export export : listener.accountData()) {
                List<String> paths = new ArrayList<>(export.files().keySet());
                assertThat(paths.get(0)).isEqualTo("MyData/Userdata.json");
                if (export.requested().isBefore(AccountDataExport.SPLIT_BY_KIND_SINCE)) {
                    older = true;
                    assertThat(paths.subList(1, paths.size())).isEqualTo(numbered("MyData/StreamingHistory%d.json", paths.size() - 1));
                } else {
                    newer = true;
                    List<String> expected = new ArrayList<>(numbered("MyData/StreamingHistory_music_%d.json", export.paths("StreamingHistory_music_\\d+\\.json").size()));
                    expected.addAll(numbered("MyData/StreamingHistory_podcast_%d.json", export.paths("StreamingHistory_podcast_\\d+\\.json").size()));
                    expected.addAll(numbered("MyData/StreamingHistory_audiobook_%d.json", export.paths("StreamingHistory_audiobook_\\d+\\.json").size()));
                    assertThat(paths.subList(1, paths.size())).isEqualTo(expected).contains("MyData/StreamingHistory_music_0.json");
                }
            }
        }
        assertThat(older).as("an export with the older names").isTrue();
        assertThat(newer).as("an export with the newer names").isTrue();
    }

    @Test
    void extendedZipsHoldNumberedAudioFilesThenTheVideoFile() {
        for (SpotifyTree.Listener listener : tree.listeners()) {
            List<String> paths = new ArrayList<>(listener.extended().files().keySet());
            String video = paths.remove(paths.size() - 1);
            for (int i = 0; i < paths.size(); i++) {
                assertThat(paths.get(i)).matches(
                        "MyData/endsong_" + i + "\\.json"
                                + "|Spotify Extended Streaming History/Streaming_History_Audio_\\d{4}(-\\d{4})?_" + i + "\\.json");
            }
            assertThat(video).matches("MyData/endvideo\\.json|Spotify Extended Streaming History/Streaming_History_Video_\\d{4}(-\\d{4})?\\.json");
        }
    }

    @Test
    void zipEntriesCarryAFixedTimeAndNoExtraFields() {
        for (SpotifyTree.Listener listener : tree.listeners()) {
            for (SpotifyTree.Export export : allExports(listener)) {
                for (ZipEntry entry : SpotifyTree.entries(export.path())) {
                    assertThat(entry.getTimeLocal()).isEqualTo(export.requested().plusDays(2).atTime(14, 7, 32));
                    assertThat(entry.getExtra()).isNull();
                    assertThat(entry.getMethod()).isEqualTo(ZipEntry.DEFLATED);
                }
            }
        }
    }

    @Test
    void theSameOptionsWriteTheSameBytes() {
        SpotifyTree again = SpotifyTree.generate(dir, SpotifyTree.STANDARD);
        assertThat(again.sha256()).isEqualTo(tree.sha256());
    }

    @Test
    void anotherSeedWritesOtherBytes() {
        SpotifyTree one = SpotifyTree.generate(dir.resolve("one"), SpotifyOptions.defaults(1, 2_000, 1));
        SpotifyTree two = SpotifyTree.generate(dir.resolve("two"), SpotifyOptions.defaults(1, 2_000, 2));
        assertThat(one.sha256()).isNotEqualTo(two.sha256());
        assertThat(one.listenerFolders().get(0).getFileName()).isNotEqualTo(two.listenerFolders().get(0).getFileName());
    }

    @Test
    void aListenersExportsDoNotDependOnTheListenersAfterThem() {
        SpotifyOptions one = SpotifyOptions.defaults(1, SpotifyTree.STANDARD.plays(), SpotifyTree.STANDARD.seed());
        SpotifyTree alone = SpotifyTree.generate(dir, one);
        Path folder = alone.listenerFolders().get(0);
        assertThat(GeneratedTree.sha256(folder)).isEqualTo(GeneratedTree.sha256(tree.root().resolve(folder.getFileName())));
    }

    @Test
    void duplicateExportsAreByteIdenticalCopiesNamedLikeASecondDownload() {
        SpotifyTree copied = SpotifyTree.generate(dir, SpotifyOptions.defaults(2, 2_000, 5).withDuplicateExportRate(1.0));
        int exports = 0;
        for (SpotifyTree.Listener listener : copied.listeners()) {
            for (SpotifyTree.Export export : allExports(listener)) {
                Path copy = export.path().resolveSibling(export.path().getFileName().toString().replace(".zip", " (1).zip"));
                assertThat(GeneratedTree.bytes(copy)).isEqualTo(GeneratedTree.bytes(export.path()));
                exports++;
            }
            assertThat(SpotifyTree.list(listener.folder())).hasSize(2 * (listener.accountData().size() + 1));
        }
        assertThat(copied.summary().duplicateExports()).isEqualTo(exports);
        SpotifyTree some = SpotifyTree.generate(dir.resolve("some"), SpotifyOptions.defaults(3, 500, 5).withDuplicateExportRate(0.5));
        assertThat(some.summary().duplicateExports()).isBetween(1, some.summary().accountDataExports() + 2);
    }

    @Test
    void extractedExportsAreFoldersHoldingWhatTheZipsHold() {
        SpotifyOptions zipped = SpotifyOptions.defaults(3, 2_000, 9).withDuplicateExportRate(0.5);
        SpotifyTree zips = SpotifyTree.generate(dir.resolve("zips"), zipped);
        SpotifyTree folders = SpotifyTree.generate(dir.resolve("folders"), zipped.withExtracted(true));
        for (Path folder : zips.listenerFolders()) {
            for (Path zip : SpotifyTree.list(folder)) {
                String name = zip.getFileName().toString().replace(".zip", "");
                Path extracted = folders.root().resolve(folder.getFileName()).resolve(name);
                assertThat(extracted).isDirectory();
                Map<String, byte[]> inZip = SpotifyTree.files(zip);
                Map<String, byte[]> inFolder = SpotifyTree.files(extracted);
                assertThat(inFolder.keySet()).containsExactlyInAnyOrderElementsOf(inZip.keySet());
                for (String path : inZip.keySet()) {
                    assertThat(inFolder.get(path)).as(path).isEqualTo(inZip.get(path));
                }
            }
        }
        assertThat(folders.summary().jsonFiles()).isEqualTo(zips.summary().jsonFiles());
        assertThat(folders.summary().duplicateExports()).isEqualTo(zips.summary().duplicateExports());
        assertThat(folders.summary().bytes()).isGreaterThan(zips.summary().bytes());
    }

    @Test
    void writesIntoAnExistingFolderAndLeavesOtherFilesAlone() throws Exception {
        Path other = Files.writeString(dir.resolve("notes.txt"), "mine");
        SpotifyTree.generate(dir, SpotifyOptions.defaults(1, 100, 1));
        SpotifyTree again = SpotifyTree.generate(dir, SpotifyOptions.defaults(1, 100, 1));
        assertThat(other).hasContent("mine");
        assertThat(again.listenerFolders()).hasSize(1);
    }

    @Test
    void aTinyHistoryStillHasEveryExport() {
        SpotifyTree tiny = SpotifyTree.generate(dir, SpotifyOptions.defaults(3, 1, 1));
        for (SpotifyTree.Listener listener : tiny.listeners()) {
            assertThat(listener.extended()).isNotNull();
            assertThat(listener.accountData()).isNotEmpty();
            for (SpotifyTree.Export export : listener.accountData()) {
                String first = export.files().keySet().stream().skip(1).findFirst().orElseThrow();
                assertThat(first).matches("MyData/StreamingHistory(_music_)?0\\.json");
            }
        }
        long rows = tiny.listeners().stream().flatMap(l -> l.accountData().stream())
                .mapToLong(export -> export.files().keySet().stream().skip(1).mapToLong(p -> export.records(p).size()).sum()).sum();
        assertThat(rows).isPositive();
    }

    static List<SpotifyTree.Export> allExports(SpotifyTree.Listener listener) {
        List<SpotifyTree.Export> exports = new ArrayList<>(listener.accountData());
        exports.add(listener.extended());
        return exports;
    }

    private static List<String> numbered(String format, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(String.format(format, i));
        }
        return names;
    }
}
