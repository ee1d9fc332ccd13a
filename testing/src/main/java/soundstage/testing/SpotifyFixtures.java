package soundstage.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Hand-written Spotify exports, small enough to check every row by eye:
 *
 * <ul>
 *   <li>{@code alice/my_spotify_data.zip}: a "Last 12 months" export (new naming) with
 *       Userdata.json (username alice), music and podcast history, a record with a bad msPlayed,
 *       a Playlist1.json (ignored) and an entry whose path climbs out of the archive (refused).</li>
 *   <li>{@code alice/extended/endsong_0.json}: alice's oldest-variant extended history, compact,
 *       unsorted, with a key Soundstage does not know. Two plays of Waterloo in one minute replace
 *       one 12-month record; one play of a podcast episode replaces another.</li>
 *   <li>{@code bob/Streaming_History_Audio_2023_0.json}: newest variant, no username: ingest it
 *       with {@code --listener bob}.</li>
 *   <li>{@code bad/}: a truncated array, a file in Latin-1 (music_7), a JSON object instead of an array (music_8).</li>
 * </ul>
 */
public final class SpotifyFixtures {
    private static final FileTime TIME = FileTime.fromMillis(1_600_000_000_000L);

    private SpotifyFixtures() {
    }

    public static final String TWELVE_MONTH_MUSIC = """
            [
              {
                "endTime" : "2020-03-12 01:20",
                "artistName" : "ABBA",
                "trackName" : "Waterloo",
                "msPlayed" : 5000
              },
              {
                "endTime" : "2020-03-12 01:25",
                "artistName" : "ABBA",
                "trackName" : "SOS",
                "msPlayed" : 180000
              },
              {
                "endTime" : "2020-03-12 01:30",
                "artistName" : "ABBA",
                "trackName" : "Mamma Mia",
                "msPlayed" : "lots"
              },
              {
                "endTime" : "2021-01-01 00:05",
                "artistName" : "Björk",
                "trackName" : "Jóga",
                "msPlayed" : 305000
              }
            ]
            """;

    public static final String TWELVE_MONTH_PODCAST = """
            [
              {
                "endTime" : "2020-03-12 02:00",
                "podcastName" : "The Daily",
                "episodeName" : "Monday",
                "msPlayed" : 600000
              }
            ]
            """;

    public static final String EXTENDED_OLDEST = "["
            + "{\"ts\":\"2020-03-12T01:20:48Z\",\"username\":\"alice\",\"platform\":\"Android OS 9 API 28 (samsung, SM-G960F)\",\"ms_played\":3000,"
            + "\"conn_country\":\"SE\",\"ip_addr_decrypted\":\"192.0.2.1\",\"user_agent_decrypted\":\"unknown\",\"master_metadata_track_name\":\"Waterloo\","
            + "\"master_metadata_album_artist_name\":\"ABBA\",\"master_metadata_album_album_name\":\"Waterloo\",\"episode_name\":null,\"episode_show_name\":null,"
            + "\"reason_start\":\"fwdbtn\",\"reason_end\":\"trackdone\",\"shuffle\":false,\"skipped\":null,\"offline\":false,\"offline_timestamp\":0,"
            + "\"incognito_mode\":false,\"city\":null,\"region\":null,\"metro_code\":null,\"longitude\":null,\"latitude\":null},"
            + "{\"ts\":\"2020-03-12T01:20:18Z\",\"username\":\"alice\",\"platform\":\"Android OS 9 API 28 (samsung, SM-G960F)\",\"ms_played\":2000,"
            + "\"conn_country\":\"SE\",\"ip_addr_decrypted\":\"192.0.2.1\",\"user_agent_decrypted\":\"unknown\",\"master_metadata_track_name\":\"Waterloo\","
            + "\"master_metadata_album_artist_name\":\"ABBA\",\"master_metadata_album_album_name\":\"Waterloo\",\"episode_name\":null,\"episode_show_name\":null,"
            + "\"reason_start\":\"trackdone\",\"reason_end\":\"fwdbtn\",\"shuffle\":false,\"skipped\":true,\"offline\":true,\"offline_timestamp\":1583975000000,"
            + "\"incognito_mode\":false,\"city\":\"Stockholm\",\"region\":\"AB\",\"metro_code\":0,\"longitude\":18.07,\"latitude\":59.33,\"audio_quality\":\"high\"},"
            + "{\"ts\":\"2020-03-12T02:00:30Z\",\"username\":\"alice\",\"platform\":\"iOS 13.3 (iPhone11,2)\",\"ms_played\":590000,"
            + "\"conn_country\":\"SE\",\"ip_addr_decrypted\":\"192.0.2.1\",\"user_agent_decrypted\":\"unknown\",\"master_metadata_track_name\":null,"
            + "\"master_metadata_album_artist_name\":null,\"master_metadata_album_album_name\":null,\"episode_name\":\"Monday\",\"episode_show_name\":\"The Daily\","
            + "\"reason_start\":\"clickrow\",\"reason_end\":\"endplay\",\"shuffle\":false,\"skipped\":null,\"offline\":false,\"offline_timestamp\":1583978400000,"
            + "\"incognito_mode\":false,\"city\":null,\"region\":null,\"metro_code\":null,\"longitude\":null,\"latitude\":null}"
            + "]";

    public static final String EXTENDED_NEWEST = """
            [
              {
                "ts": "2024-05-01T10:00:00Z",
                "platform": "web_player linux",
                "ms_played": 200000,
                "conn_country": "DE",
                "ip_addr": "198.51.100.7",
                "master_metadata_track_name": "Around the World",
                "master_metadata_album_artist_name": "Daft Punk",
                "master_metadata_album_album_name": "Homework",
                "spotify_track_uri": "spotify:track:1pKYYY0dkg23sQQXi0Q5zN",
                "episode_name": null,
                "episode_show_name": null,
                "spotify_episode_uri": null,
                "audiobook_title": null,
                "audiobook_uri": null,
                "audiobook_chapter_uri": null,
                "audiobook_chapter_title": null,
                "reason_start": "clickrow",
                "reason_end": "trackdone",
                "shuffle": true,
                "skipped": false,
                "offline": false,
                "offline_timestamp": 1714557400,
                "incognito_mode": false
              },
              {
                "ts": "2024-05-01T11:00:00Z",
                "platform": "web_player linux",
                "ms_played": 60000,
                "conn_country": "DE",
                "ip_addr": "198.51.100.7",
                "master_metadata_track_name": null,
                "master_metadata_album_artist_name": null,
                "master_metadata_album_album_name": null,
                "spotify_track_uri": null,
                "episode_name": null,
                "episode_show_name": null,
                "spotify_episode_uri": null,
                "audiobook_title": "Dune",
                "audiobook_uri": "spotify:audiobook:7iHfbu1YPACw6oZPAFJtqe",
                "audiobook_chapter_uri": "spotify:chapter:0D5wENdkdwbqlrHoaJ9g29",
                "audiobook_chapter_title": "Chapter 1",
                "reason_start": "clickrow",
                "reason_end": "endplay",
                "shuffle": false,
                "skipped": false,
                "offline": false,
                "offline_timestamp": null,
                "incognito_mode": true
              }
            ]
            """;

    /** Writes every fixture below {@code target}; returns its absolute path. */
    public static Path writeTo(Path target) {
        try {
            Map<String, byte[]> twelveMonth = new LinkedHashMap<>();
            twelveMonth.put("MyData/Userdata.json", utf8("{\"username\": \"alice\", \"email\": \"alice@example.com\", \"country\": \"SE\"}"));
            twelveMonth.put("MyData/StreamingHistory_music_0.json", utf8(TWELVE_MONTH_MUSIC));
            twelveMonth.put("MyData/StreamingHistory_podcast_0.json", utf8(TWELVE_MONTH_PODCAST));
            twelveMonth.put("MyData/Playlist1.json", utf8("{\"playlists\": []}"));
            twelveMonth.put("../../outside/StreamingHistory_music_1.json", utf8("[]"));
            zip(target.resolve("alice/my_spotify_data.zip"), twelveMonth);
            write(target.resolve("alice/extended/endsong_0.json"), utf8(EXTENDED_OLDEST));
            write(target.resolve("bob/Streaming_History_Audio_2023_0.json"), utf8(EXTENDED_NEWEST));
            write(target.resolve("bad/Streaming_History_Audio_2022_truncated.json"), utf8(EXTENDED_NEWEST.substring(0, 700)));
            write(target.resolve("bad/StreamingHistory_music_7.json"),
                    "[{\"endTime\": \"2021-01-01 00:05\", \"artistName\": \"Björk\", \"trackName\": \"Jóga\", \"msPlayed\": 1}]".getBytes(StandardCharsets.ISO_8859_1));
            write(target.resolve("bad/StreamingHistory_music_8.json"), utf8("{\"endTime\": \"2021-01-01 00:05\"}"));
            return target.toAbsolutePath().normalize();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a zip with fixed entry times, so the same entries give the same bytes. */
    public static void zip(Path file, Map<String, byte[]> entries) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                ZipEntry zipEntry = new ZipEntry(entry.getKey());
                zipEntry.setLastModifiedTime(TIME);
                zip.putNextEntry(zipEntry);
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
    }

    /**
     * Writes a zip whose entries are all named {@code name} (which ZipOutputStream refuses to
     * write): they are written under names of the same length, which are then replaced in the
     * zip's bytes, in the local headers and the central directory alike.
     */
    public static void zipOfOneName(Path file, String name, List<byte[]> contents) throws IOException {
        if (contents.size() > 10) {
            throw new IllegalArgumentException("at most 10 entries");
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < contents.size(); i++) {
            entries.put(name.substring(0, name.length() - 1) + i, contents.get(i));
        }
        zip(file, entries);
        byte[] bytes = Files.readAllBytes(file);
        for (String placeholder : entries.keySet()) {
            replaceAll(bytes, placeholder.getBytes(StandardCharsets.UTF_8), name.getBytes(StandardCharsets.UTF_8));
        }
        Files.write(file, bytes);
    }

    private static void replaceAll(byte[] bytes, byte[] from, byte[] to) {
        for (int i = 0; i + from.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, bytes, i, to.length);
            }
        }
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
