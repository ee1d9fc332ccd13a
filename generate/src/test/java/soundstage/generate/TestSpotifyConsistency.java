package soundstage.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exports of a listener tell one story: the account data rows are the extended history's
 * plays collapsed by minute, successive exports agree where they overlap, and the last one goes on
 * after the extended history stops.
 */
class TestSpotifyConsistency {

    private final SpotifyTree tree = SpotifyTree.standard();

    /** A play or row reduced to what both exports say: minute, file kind, names. */
    private record Key(String minute, String kind, List<String> names) {}

    private static final Map<String, List<Map.Entry<Key, Long>>> PLAYS = new HashMap<>();
    private static final Map<String, List<Map.Entry<Key, Long>>> ROWS = new HashMap<>();

    /** The extended history's plays, each as the key of the account data row it belongs to. */
    private static List<Map.Entry<Key, Long>> plays(SpotifyTree.Listener listener, boolean splitByKind) {
        return PLAYS.computeIfAbsent(listener.username() + splitByKind, k -> readPlays(listener, splitByKind));
    }

    private static List<Map.Entry<Key, Long>> readPlays(SpotifyTree.Listener listener, boolean splitByKind) {
        List<Map.Entry<Key, Long>> plays = new ArrayList<>();
        SpotifyTree.Export export = listener.extended();
        for (String path : export.files().keySet()) {
            for (JsonLine play : export.records(path)) {
                String minute = play.text("ts").substring(0, 16).replace('T', ' ');
                String kind;
                List<String> names;
                if (play.text("master_metadata_track_name") != null) {
                    kind = "music";
                    names = List.of(play.text("master_metadata_album_artist_name"), play.text("master_metadata_track_name"));
                } else if (play.text("episode_name") != null) {
                    kind = "podcast";
                    names = List.of(play.text("episode_show_name"), play.text("episode_name"));
                } else if (play.text("audiobook_title") != null) {
                    kind = "audiobook";
                    names = List.of(play.text("audiobook_title"), play.text("audiobook_chapter_title"));
                } else {
                    kind = "music";
                    names = List.of(AccountDataFile.UNKNOWN_ARTIST, AccountDataFile.UNKNOWN_TRACK);
                }
                plays.add(Map.entry(new Key(minute, splitByKind ? kind : "all", names), Long.parseLong(play.text("ms_played"))));
            }
        }
        return plays;
    }

    /** The rows of an account data export, each as a key and its msPlayed. */
    private static List<Map.Entry<Key, Long>> rows(SpotifyTree.Export export) {
        return ROWS.computeIfAbsent(export.path().toString(), k -> readRows(export));
    }

    private static List<Map.Entry<Key, Long>> readRows(SpotifyTree.Export export) {
        List<Map.Entry<Key, Long>> rows = new ArrayList<>();
        for (String path : export.files().keySet()) {
            if (path.endsWith("Userdata.json")) {
                continue;
            }
            String kind = path.matches(".*StreamingHistory\\d+\\.json") ? "all" : path.replaceAll(".*StreamingHistory_([a-z]+)_\\d+\\.json", "$1");
            for (JsonLine row : export.records(path)) {
                List<String> values = new ArrayList<>();
                for (String key : row.keys()) {
                    if (!key.equals("endTime") && !key.equals("msPlayed") && !key.equals("authorName")) {
                        values.add(row.text(key));
                    }
                }
                if (kind.equals("audiobook")) {
                    assertThat(row.text("authorName")).isNotBlank();
                }
                rows.add(Map.entry(new Key(row.text("endTime"), kind, values), Long.parseLong(row.text("msPlayed"))));
            }
        }
        return rows;
    }

    /** Entries whose minute falls on a day in {@code [from, to)}, summed by key. */
    private static Map<Key, Long> collapse(List<Map.Entry<Key, Long>> entries, LocalDate from, LocalDate to) {
        Map<Key, Long> collapsed = new HashMap<>();
        for (Map.Entry<Key, Long> entry : entries) {
            String day = entry.getKey().minute().substring(0, 10);
            if (day.compareTo(from.toString()) >= 0 && day.compareTo(to.toString()) < 0) {
                collapsed.merge(entry.getKey(), entry.getValue(), Long::sum);
            }
        }
        return collapsed;
    }

    private static long count(List<Map.Entry<Key, Long>> entries, LocalDate from, LocalDate to) {
        return entries.stream().map(e -> e.getKey().minute().substring(0, 10))
                .filter(day -> day.compareTo(from.toString()) >= 0 && day.compareTo(to.toString()) < 0).count();
    }

    @Test
    void accountDataRowsAreTheExtendedPlaysCollapsedByMinute() {
        long collapsedRows = 0;
        for (SpotifyTree.Listener listener : tree.listeners()) {
            LocalDate extended = listener.extended().requested();
            for (SpotifyTree.Export export : listener.accountData()) {
                LocalDate from = export.requested().minusYears(1);
                LocalDate to = export.requested().isBefore(extended) ? export.requested() : extended;
                boolean split = !export.requested().isBefore(AccountDataExport.SPLIT_BY_KIND_SINCE);
                List<Map.Entry<Key, Long>> rows = rows(export);
                Map<Key, Long> expected = collapse(plays(listener, split), from, to);
                // Rows are already collapsed: no key twice, and summing changes nothing.
                assertThat(count(rows, from, to)).isEqualTo(expected.size());
                assertThat(collapse(rows, from, to)).as("%s", export.path()).isEqualTo(expected);
                collapsedRows += count(plays(listener, split), from, to) - expected.size();
            }
        }
        assertThat(collapsedRows).as("plays merged into rows of several plays").isPositive();
    }

    @Test
    void someRowsSumSeveralPlaysOfOneTrackInOneMinute() {
        SpotifyTree.Listener listener = tree.listeners().get(0);
        SpotifyTree.Export export = listener.accountData().get(0);
        boolean split = !export.requested().isBefore(AccountDataExport.SPLIT_BY_KIND_SINCE);
        Map<Key, List<Long>> playsByKey = new HashMap<>();
        for (Map.Entry<Key, Long> play : plays(listener, split)) {
            playsByKey.computeIfAbsent(play.getKey(), k -> new ArrayList<>()).add(play.getValue());
        }
        long checked = 0;
        for (Map.Entry<Key, Long> row : rows(export)) {
            List<Long> plays = playsByKey.get(row.getKey());
            if (plays != null && plays.size() > 1) {
                assertThat(row.getValue()).isEqualTo(plays.stream().mapToLong(Long::longValue).sum());
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(10);
    }

    @Test
    void everyRowIsWithinTheTwelveMonthsBeforeTheRequest() {
        for (SpotifyTree.Listener listener : tree.listeners()) {
            for (SpotifyTree.Export export : listener.accountData()) {
                String from = export.requested().minusYears(1).toString();
                String to = export.requested().toString();
                List<String> minutes = rows(export).stream().map(row -> row.getKey().minute()).toList();
                assertThat(minutes).isNotEmpty();
                assertThat(minutes.stream().filter(minute -> minute.compareTo(from) < 0 || minute.compareTo(to) >= 0))
                        .as("rows outside [%s, %s)", from, to).isEmpty();
            }
        }
    }

    @Test
    void successiveExportsOverlapAndAgreeWhereTheyDo() {
        for (SpotifyTree.Listener listener : tree.listeners()) {
            List<SpotifyTree.Export> exports = listener.accountData();
            for (int i = 0; i + 1 < exports.size(); i++) {
                SpotifyTree.Export older = exports.get(i);
                SpotifyTree.Export newer = exports.get(i + 1);
                LocalDate from = newer.requested().minusYears(1);
                assertThat(from).isBefore(older.requested().minusMonths(6));
                if (older.requested().isBefore(AccountDataExport.SPLIT_BY_KIND_SINCE)
                        == newer.requested().isBefore(AccountDataExport.SPLIT_BY_KIND_SINCE)) {
                    Map<Key, Long> overlap = collapse(rows(older), from, older.requested());
                    assertThat(overlap).hasSizeGreaterThan(1_000);
                    assertThat(collapse(rows(newer), from, older.requested())).isEqualTo(overlap);
                }
            }
        }
    }

    @Test
    void theLastExportGoesOnAfterTheExtendedHistoryStops() {
        for (SpotifyTree.Listener listener : tree.listeners()) {
            LocalDate extended = listener.extended().requested();
            List<SpotifyTree.Export> exports = listener.accountData();
            assertThat(exports.get(0).requested()).as("an account data export older than the extended one").isBefore(extended);
            SpotifyTree.Export last = exports.get(exports.size() - 1);
            assertThat(last.requested()).isAfter(extended);
            String stop = extended.toString();
            assertThat(rows(last).stream().filter(row -> row.getKey().minute().compareTo(stop) >= 0).count()).isPositive();
            assertThat(plays(listener, true).stream().filter(play -> play.getKey().minute().compareTo(stop) >= 0).count()).isZero();
        }
    }

    /**
     * A short history still gives an extended export with most of its plays: 2,000 plays (about two
     * months) with plays after it in the last account data export, and 200, 100 and 20 plays (a few
     * days) with all of them.
     */
    @ParameterizedTest
    @ValueSource(ints = {2_000, 200, 100, 20})
    void aShortHistorysExtendedExportHoldsMostOfItsPlays(int plays, @TempDir Path dir) {
        SpotifyTree small = SpotifyTree.generate(dir, SpotifyOptions.defaults(3, plays, 7));
        for (SpotifyTree.Listener listener : small.listeners()) {
            int extended = readPlays(listener, true).size();   // not plays(): its cache is by username, and the seed is the standard tree's
            if (plays < 300) {
                assertThat(extended).as(listener.username()).isEqualTo(plays);
                continue;
            }
            assertThat(extended).as(listener.username()).isGreaterThan(plays * 8 / 10).isLessThan(plays);
            SpotifyTree.Export last = listener.accountData().get(listener.accountData().size() - 1);
            String stop = listener.extended().requested().toString();
            assertThat(readRows(last).stream().filter(row -> row.getKey().minute().compareTo(stop) >= 0).count()).as(listener.username()).isPositive();
        }
    }

    @Test
    void theExtendedHistoryHoldsEveryPlayUpToItsRequest() {
        long plays = 0;
        for (SpotifyTree.Listener listener : tree.listeners()) {
            plays += plays(listener, true).size();
        }
        // The rest are the plays between the extended export and the end of the history.
        assertThat(plays).isLessThan(tree.summary().plays()).isGreaterThan(tree.summary().plays() * 8 / 10);
    }
}
