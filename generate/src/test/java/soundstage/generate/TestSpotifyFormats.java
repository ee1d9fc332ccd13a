package soundstage.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonToken;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the files of each variant look like: keys in order, value shapes, layout, splitting. */
class TestSpotifyFormats {

    static final List<String> ENDSONG_KEYS = List.of(
            "ts", "username", "platform", "ms_played", "conn_country", "ip_addr_decrypted", "user_agent_decrypted",
            "master_metadata_track_name", "master_metadata_album_artist_name", "master_metadata_album_album_name",
            "episode_name", "episode_show_name", "reason_start", "reason_end", "shuffle", "skipped", "offline",
            "offline_timestamp", "incognito_mode", "city", "region", "metro_code", "longitude", "latitude");

    static final List<String> AUDIO_2023_KEYS = List.of(
            "ts", "username", "platform", "ms_played", "conn_country", "ip_addr_decrypted", "user_agent_decrypted",
            "master_metadata_track_name", "master_metadata_album_artist_name", "master_metadata_album_album_name",
            "spotify_track_uri", "episode_name", "episode_show_name", "spotify_episode_uri", "reason_start",
            "reason_end", "shuffle", "skipped", "offline", "offline_timestamp", "incognito_mode");

    static final List<String> AUDIO_2024_KEYS = List.of(
            "ts", "platform", "ms_played", "conn_country", "ip_addr", "master_metadata_track_name",
            "master_metadata_album_artist_name", "master_metadata_album_album_name", "spotify_track_uri",
            "episode_name", "episode_show_name", "spotify_episode_uri", "audiobook_title", "audiobook_uri",
            "audiobook_chapter_uri", "audiobook_chapter_title", "reason_start", "reason_end", "shuffle", "skipped",
            "offline", "offline_timestamp", "incognito_mode");

    static final Map<String, List<String>> ACCOUNT_DATA_KEYS = Map.of(
            "StreamingHistory", List.of("endTime", "artistName", "trackName", "msPlayed"),
            "StreamingHistory_music_", List.of("endTime", "artistName", "trackName", "msPlayed"),
            "StreamingHistory_podcast_", List.of("endTime", "podcastName", "episodeName", "msPlayed"),
            "StreamingHistory_audiobook_", List.of("endTime", "audiobookName", "chapterName", "authorName", "msPlayed"));

    private static final Set<String> TRACK_FIELDS = Set.of(
            "master_metadata_track_name", "master_metadata_album_artist_name", "master_metadata_album_album_name",
            "spotify_track_uri");
    private static final Set<String> EPISODE_FIELDS = Set.of("episode_name", "episode_show_name", "spotify_episode_uri");
    private static final Set<String> AUDIOBOOK_FIELDS = Set.of(
            "audiobook_title", "audiobook_uri", "audiobook_chapter_uri", "audiobook_chapter_title");

    private final SpotifyTree tree = SpotifyTree.standard();

    /** The listener whose extended export has {@code format}: listener i has format i mod 3. */
    private SpotifyTree.Listener listener(ExtendedFormat format) {
        for (SpotifyTree.Listener listener : tree.listeners()) {
            boolean endsong = listener.extended().files().containsKey("MyData/endsong_0.json");
            List<JsonLine> first = listener.extended().records(listener.extended().files().keySet().iterator().next());
            boolean named = first.get(0).keys().contains("username");
            ExtendedFormat found = endsong ? ExtendedFormat.ENDSONG : named ? ExtendedFormat.AUDIO_2023 : ExtendedFormat.AUDIO_2024;
            if (found == format) {
                return listener;
            }
        }
        throw new AssertionError("no listener with " + format);
    }

    private static List<JsonLine> allRecords(SpotifyTree.Export export) {
        List<JsonLine> records = new ArrayList<>();
        for (String path : export.files().keySet()) {
            records.addAll(export.records(path));
        }
        return records;
    }

    @Test
    void everyFormatIsPresentWithItsKeysInOrder() {
        Map<ExtendedFormat, List<String>> keys = Map.of(
                ExtendedFormat.ENDSONG, ENDSONG_KEYS, ExtendedFormat.AUDIO_2023, AUDIO_2023_KEYS,
                ExtendedFormat.AUDIO_2024, AUDIO_2024_KEYS);
        for (ExtendedFormat format : ExtendedFormat.values()) {
            List<JsonLine> records = allRecords(listener(format).extended());
            assertThat(records).hasSizeGreaterThan(20_000);
            assertThat(records).allSatisfy(record -> assertThat(record.keys()).isEqualTo(keys.get(format)));
            assertThat(format.fields().stream().map(ExtendedField::key).toList()).isEqualTo(keys.get(format));
        }
    }

    @Test
    void accountDataRowsHaveTheirKeysInOrder() {
        for (SpotifyTree.Listener listener : tree.listeners()) {
            for (SpotifyTree.Export export : listener.accountData()) {
                for (String path : export.files().keySet()) {
                    if (path.endsWith("Userdata.json")) {
                        continue;
                    }
                    String kind = path.substring("MyData/".length()).replaceAll("\\d+\\.json$", "");
                    assertThat(export.records(path)).allSatisfy(row -> assertThat(row.keys()).isEqualTo(ACCOUNT_DATA_KEYS.get(kind)));
                }
            }
        }
    }

    @Test
    void valuesHaveTheShapesOfRealExports() {
        Pattern ts = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        Pattern country = Pattern.compile("[A-Z]{2}");
        Pattern ip = Pattern.compile("(192\\.0\\.2|198\\.51\\.100|203\\.0\\.113)\\.\\d{1,3}|2001:db8:[0-9a-f]{1,4}::[0-9a-f]{1,4}");
        Pattern reason = Pattern.compile("[a-z-]+");
        Pattern trackUri = Pattern.compile("spotify:track:[0-9A-Za-z]{22}");
        Pattern episodeUri = Pattern.compile("spotify:episode:[0-9A-Za-z]{22}");
        Set<JsonToken> booleans = Set.of(JsonToken.VALUE_TRUE, JsonToken.VALUE_FALSE);
        for (ExtendedFormat format : ExtendedFormat.values()) {
            SpotifyTree.Listener listener = listener(format);
            boolean endsong = format == ExtendedFormat.ENDSONG;
            Pattern offline = Pattern.compile(endsong ? "0|\\d{13}" : "0|\\d{10}");
            Set<JsonToken> skipped = endsong ? Set.of(JsonToken.VALUE_TRUE, JsonToken.VALUE_NULL) : booleans;
            List<JsonLine> bad = new ArrayList<>();
            for (JsonLine r : allRecords(listener.extended())) {
                boolean ok = ts.matcher(r.text("ts")).matches()
                        && r.get("ms_played").token() == JsonToken.VALUE_NUMBER_INT
                        && country.matcher(r.text("conn_country")).matches()
                        && ip.matcher(r.text(format == ExtendedFormat.AUDIO_2024 ? "ip_addr" : "ip_addr_decrypted")).matches()
                        && reason.matcher(r.text("reason_start")).matches()
                        && reason.matcher(r.text("reason_end")).matches()
                        && booleans.contains(r.get("shuffle").token())
                        && booleans.contains(r.get("offline").token())
                        && booleans.contains(r.get("incognito_mode").token())
                        && skipped.contains(r.get("skipped").token())
                        && offline.matcher(r.text("offline_timestamp")).matches()
                        && (format == ExtendedFormat.AUDIO_2024 || listener.username().equals(r.text("username")))
                        && (endsong || r.text("spotify_track_uri") == null || trackUri.matcher(r.text("spotify_track_uri")).matches())
                        && (endsong || r.text("spotify_episode_uri") == null || episodeUri.matcher(r.text("spotify_episode_uri")).matches());
                if (!ok) {
                    bad.add(r);
                }
            }
            assertThat(bad).as("%s records of unexpected shape", format).isEmpty();
        }
    }

    @Test
    void eachRecordNamesOneKindOfItemOrNone() {
        int none = 0;
        EnumSet<SpotifyItem.Kind> seen = EnumSet.noneOf(SpotifyItem.Kind.class);
        for (ExtendedFormat format : ExtendedFormat.values()) {
            SpotifyTree.Export export = listener(format).extended();
            for (String path : export.files().keySet()) {
                boolean video = path.contains("video") || path.contains("Video");
                for (JsonLine record : export.records(path)) {
                    boolean track = record.text("master_metadata_track_name") != null;
                    boolean episode = record.text("episode_name") != null;
                    boolean chapter = record.text("audiobook_title") != null;
                    assertThat((track ? 1 : 0) + (episode ? 1 : 0) + (chapter ? 1 : 0)).isLessThanOrEqualTo(1);
                    Set<String> present = track ? TRACK_FIELDS : episode ? EPISODE_FIELDS : chapter ? AUDIOBOOK_FIELDS : Set.of();
                    for (String key : record.keys()) {
                        if (TRACK_FIELDS.contains(key) || EPISODE_FIELDS.contains(key) || AUDIOBOOK_FIELDS.contains(key)) {
                            assertThat(record.get(key).isNull()).as("%s of %s", key, record).isEqualTo(!present.contains(key));
                        }
                    }
                    if (video) {
                        assertThat(episode).as("a video file holds episodes only: %s", record).isTrue();
                        seen.add(SpotifyItem.Kind.VIDEO);
                    } else if (track) {
                        seen.add(SpotifyItem.Kind.TRACK);
                    } else if (episode) {
                        seen.add(SpotifyItem.Kind.EPISODE);
                    } else if (chapter) {
                        seen.add(SpotifyItem.Kind.CHAPTER);
                        assertThat(format).isEqualTo(ExtendedFormat.AUDIO_2024);
                    } else {
                        none++;
                    }
                }
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(SpotifyItem.Kind.values());
        assertThat(none).as("plays without metadata").isPositive();
    }

    @Test
    void realWorldDetailsAppear() {
        List<JsonLine> records = new ArrayList<>();
        for (ExtendedFormat format : ExtendedFormat.values()) {
            records.addAll(allRecords(listener(format).extended()));
        }
        assertThat(records).anyMatch(r -> "true".equals(r.text("offline")))
                .anyMatch(r -> "true".equals(r.text("incognito_mode")))
                .anyMatch(r -> "0".equals(r.text("offline_timestamp")))
                .anyMatch(r -> "true".equals(r.text("skipped")))
                .anyMatch(r -> "trackdone".equals(r.text("reason_end")))
                .anyMatch(r -> "fwdbtn".equals(r.text("reason_end")))
                .anyMatch(r -> "clickrow".equals(r.text("reason_start")))
                .anyMatch(r -> r.text("platform").startsWith("Android OS") || r.text("platform").startsWith("iOS"));
        List<JsonLine> endsong = allRecords(listener(ExtendedFormat.ENDSONG).extended());
        assertThat(endsong).anyMatch(r -> r.text("city") != null && r.text("latitude") != null);
        assertThat(endsong.stream().filter(r -> r.text("city") == null).count()).isGreaterThan(endsong.size() / 2);
    }

    @Test
    void extendedAudioFilesHoldFifteenThousandConsecutivePlaysOutOfOrder() {
        for (ExtendedFormat format : ExtendedFormat.values()) {
            SpotifyTree.Export export = listener(format).extended();
            List<String> audio = export.paths("(endsong_\\d+|Streaming_History_Audio_.*)\\.json");
            assertThat(audio).hasSizeGreaterThan(1);
            String previousLast = "";
            boolean outOfOrder = false;
            for (int i = 0; i < audio.size(); i++) {
                List<String> ts = export.records(audio.get(i)).stream().map(r -> r.text("ts")).toList();
                if (i < audio.size() - 1) {
                    assertThat(ts).hasSize(ExtendedHistoryExport.RECORDS_PER_FILE);
                }
                List<String> sorted = ts.stream().sorted().toList();
                outOfOrder |= !sorted.equals(ts);
                assertThat(sorted.get(0)).isGreaterThanOrEqualTo(previousLast);
                previousLast = sorted.get(sorted.size() - 1);
                String years = sorted.get(0).substring(0, 4);
                if (!previousLast.startsWith(years)) {
                    years += "-" + previousLast.substring(0, 4);
                }
                if (format != ExtendedFormat.ENDSONG) {
                    assertThat(audio.get(i)).endsWith("Streaming_History_Audio_" + years + "_" + i + ".json");
                }
            }
            assertThat(outOfOrder).as("%s audio files in time order", format).isTrue();
        }
    }

    @Test
    void accountDataFilesSplitEveryTenThousandRowsInTimeOrder() {
        boolean split = false;
        for (SpotifyTree.Listener listener : tree.listeners()) {
            for (SpotifyTree.Export export : listener.accountData()) {
                for (String kind : ACCOUNT_DATA_KEYS.keySet()) {
                    List<String> files = export.paths(kind + "\\d+\\.json");
                    String previous = "";
                    for (int i = 0; i < files.size(); i++) {
                        assertThat(files.get(i)).isEqualTo("MyData/" + kind + i + ".json");
                        List<JsonLine> rows = export.records(files.get(i));
                        if (i < files.size() - 1) {
                            assertThat(rows).hasSize(AccountDataExport.ROWS_PER_FILE);
                            split = true;
                        }
                        for (JsonLine row : rows) {
                            assertThat(row.text("endTime")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d").isGreaterThanOrEqualTo(previous);
                            previous = row.text("endTime");
                        }
                    }
                }
            }
        }
        assertThat(split).isTrue();
    }

    @Test
    void layoutIsPrettyExceptTheNewestExtendedFormat() {
        for (ExtendedFormat format : ExtendedFormat.values()) {
            SpotifyTree.Listener listener = listener(format);
            for (String path : listener.extended().files().keySet()) {
                String text = listener.extended().text(path);
                if (format == ExtendedFormat.AUDIO_2024) {
                    assertThat(text).startsWith("[{\"ts\":\"").endsWith("}]").doesNotContain("\n");
                } else {
                    assertThat(text).startsWith("[\n  {\n    \"ts\" : \"").endsWith("\n  }\n]");
                }
            }
            for (SpotifyTree.Export export : listener.accountData()) {
                String history = export.text(export.paths("StreamingHistory(_music_)?0\\.json").get(0));
                assertThat(history).startsWith("[\n  {\n    \"endTime\" : \"").endsWith("\n  }\n]");
            }
        }
    }

    @Test
    void olderAccountDataNamesPodcastsAsArtistsAndNewerSplitsThem() {
        boolean podcastInOlder = false;
        for (SpotifyTree.Listener listener : tree.listeners()) {
            Set<String> shows = new HashSet<>();
            for (JsonLine record : allRecords(listener.extended())) {
                if (record.text("episode_show_name") != null) {
                    shows.add(record.text("episode_show_name"));
                }
            }
            for (SpotifyTree.Export export : listener.accountData()) {
                for (String path : export.paths("StreamingHistory\\d+\\.json")) {
                    podcastInOlder |= export.records(path).stream().anyMatch(row -> shows.contains(row.text("artistName")));
                }
            }
        }
        assertThat(podcastInOlder).isTrue();
        SpotifyTree.Listener newest = listener(ExtendedFormat.AUDIO_2024);
        SpotifyTree.Export last = newest.accountData().get(newest.accountData().size() - 1);
        assertThat(last.paths("StreamingHistory_podcast_0\\.json")).hasSize(1);
        assertThat(last.paths("StreamingHistory_audiobook_0\\.json")).hasSize(1);
    }
}
