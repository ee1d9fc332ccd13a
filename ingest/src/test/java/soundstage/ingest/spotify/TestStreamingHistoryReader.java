package soundstage.ingest.spotify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestStreamingHistoryReader {
    private final List<StreamRow> rows = new ArrayList<>();
    private final List<String> bad = new ArrayList<>();

    private StreamingHistoryReader.Outcome read(byte[] bytes, boolean dropPersonalData) throws IOException {
        return new StreamingHistoryReader(dropPersonalData).read(new EntryStream(new ByteArrayInputStream(bytes), bytes.length), 7, "alice", null,
                new StreamingHistoryReader.Receiver() {
                    @Override
                    public void row(StreamRow row) {
                        rows.add(row);
                    }

                    @Override
                    public void bad(long recordNo, long lineNo, String reason, String raw) {
                        bad.add(recordNo + "@" + lineNo + ": " + reason + " <" + raw + ">");
                    }
                });
    }

    @Test
    void readsTheUsualAndTheGeneralTimeShapes() {
        assertThat(StreamingHistoryReader.instantMicros("2020-03-12T01:20:18Z")).isEqualTo(Instant.parse("2020-03-12T01:20:18Z").toEpochMilli() * 1000);
        assertThat(StreamingHistoryReader.instantMicros("2020-03-12T01:20:18.250Z")).isEqualTo(Instant.parse("2020-03-12T01:20:18.250Z").toEpochMilli() * 1000);
        assertThat(StreamingHistoryReader.instantMicros("2020-03-12T02:20:18+01:00")).isEqualTo(Instant.parse("2020-03-12T01:20:18Z").toEpochMilli() * 1000);
        assertThat(StreamingHistoryReader.minuteMicros("2019-03-02 13:50")).isEqualTo(Instant.parse("2019-03-02T13:50:00Z").toEpochMilli() * 1000);
        assertThatThrownBy(() -> StreamingHistoryReader.instantMicros("2020-13-12T01:20:18Z")).isInstanceOf(java.time.DateTimeException.class);
    }

    @Test
    void hashesEveryByteIncludingAByteOrderMarkAndKeepsRawTextExactlyAsRead() throws Exception {
        String json = "[\n  {\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 5, \"x\": \"é\"},\n  {\"ts\": \"2020-03-12T01:21:18Z\", \"ms_played\": 6}\n]";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[body.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(body, 0, bytes, 3, body.length);

        StreamingHistoryReader.Outcome outcome = read(bytes, false);

        assertThat(outcome.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        assertThat(outcome.bytes()).isEqualTo(bytes.length);
        assertThat(outcome.records()).isEqualTo(2);
        assertThat(outcome.unknownKeys()).containsExactly("x");
        assertThat(rows).extracting(StreamRow::lineNo).containsExactly(2L, 3L);
        assertThat(rows.get(0).raw()).isEqualTo("{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 5, \"x\": \"é\"}");
        assertThat(rows.get(1).raw()).isNull();
        assertThat(rows.get(0).listener()).isEqualTo("alice");
        assertThat(rows.get(0).history()).isEqualTo("extended");
    }

    @Test
    void aRecordBiggerThanTheReadBufferKeepsItsWholeText() throws Exception {
        String big = "y".repeat(100_000);
        String json = "[{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 5, \"big\": \"" + big + "\"}]";
        read(json.getBytes(StandardCharsets.UTF_8), false);
        assertThat(rows.get(0).raw()).isEqualTo(json.substring(1, json.length() - 1));
    }

    @Test
    void droppingPersonalDataClearsTheColumnsAndTheKeptText() throws Exception {
        String json = "[{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 5, \"ip_addr\": \"192.0.2.1\", \"user_agent_decrypted\": \"ua\", \"x\": {\"ip_addr\": 1}},"
                + "{\"ts\": 5, \"ip_addr_decrypted\": \"192.0.2.1\"}]";
        read(json.getBytes(StandardCharsets.UTF_8), true);
        assertThat(rows.get(0).value(SpotifyColumn.IP_ADDR)).isNull();
        assertThat(rows.get(0).value(SpotifyColumn.USER_AGENT)).isNull();
        assertThat(rows.get(0).raw()).isEqualTo("{\"ts\":\"2020-03-12T01:20:18Z\",\"ms_played\":5,\"x\":{\"ip_addr\":1}}");
        assertThat(bad).containsExactly("2@1: ts is not a time like 2020-03-12T01:20:18Z: 5 <{\"ts\":5}>");
    }

    @Test
    void aZipEntryThatExpandsBeyondWhatItDeclaresIsStopped() {
        byte[] bytes = "[{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 5}]".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new StreamingHistoryReader(false).read(new EntryStream(new ByteArrayInputStream(bytes), 10), 1, "a", null, null))
                .isInstanceOf(EntryStream.LimitExceeded.class).hasMessage("expands beyond 10 bytes");
    }

    @Test
    void recognisesEveryVariantsFileNames() {
        for (String name : List.of("StreamingHistory0.json", "StreamingHistory12.json", "StreamingHistory_music_0.json", "StreamingHistory_podcast_3.json",
                "StreamingHistory_audiobook_0.json", "endsong_0.json", "endsong.json", "endvideo.json", "Streaming_History_Audio_2023_5.json",
                "Streaming_History_Audio_2019-2020_0.json", "Streaming_History_Video_2019-2023.json")) {
            assertThat(SpotifyKeys.isStreamingHistory(name)).as(name).isTrue();
        }
        for (String name : List.of("Userdata.json", "Playlist1.json", "SearchQueries.json", "StreamingHistory.txt")) {
            assertThat(SpotifyKeys.isStreamingHistory(name)).as(name).isFalse();
        }
        assertThat(SpotifyKeys.fileContent("StreamingHistory_podcast_0.json")).isEqualTo("podcast");
        assertThat(SpotifyKeys.fileContent("Streaming_History_Video_2019-2023.json")).isEqualTo("video");
        assertThat(SpotifyKeys.fileContent("StreamingHistory0.json")).isNull();
    }


    /** Reads {@code records} (JSON objects, one a line, from line 2) and returns the rows' ms_played and the bad records' lines. */
    private void readRecords(String... records) throws IOException {
        read(("[\n" + String.join(",\n", records) + "\n]").getBytes(StandardCharsets.UTF_8), false);
    }

    private List<String> reasons() {
        return bad.stream().map(line -> line.substring(0, line.indexOf(" <"))).toList();
    }

    @Test
    void numbersBeyondWhatTheWarehouseCanComputeWithAreQuarantined() throws Exception {
        readRecords(
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 10000000000000000}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 604800001}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 604800000, \"offline_timestamp\": 253402300799999}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1, \"offline_timestamp\": 9223372036854775807}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1, \"offline_timestamp\": -62135596800001}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1, \"offline_timestamp\": 1583975000}",
                "{\"ts\": \"+300000-01-01T00:00:00Z\", \"ms_played\": 1}",
                "{\"endTime\": \"+300000-01-01 10:00\", \"msPlayed\": 1}",
                "{\"ts\": \"0000-12-31T23:59:59Z\", \"ms_played\": 1}",
                "{\"ts\": \"0001-01-01T00:00:00Z\", \"ms_played\": 0}",
                "{\"ts\": \"9999-12-31T23:59:59Z\", \"ms_played\": 1}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1, \"offline_timestamp\": -1}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1, \"offline_timestamp\": 0}",
                "{\"ts\": \"0001-01-01T00:00:01Z\", \"ms_played\": 1000}",
                "{\"ts\": \"0001-01-01T00:00:01Z\", \"ms_played\": 1001}",
                "{\"endTime\": \"0001-01-01 00:00\", \"msPlayed\": 1}");
        assertThat(reasons()).containsExactly(
                "1@2: ms_played is 10000000000000000, more than a week (604800000 ms), longer than any play lasts",
                "2@3: ms_played is 604800001, more than a week (604800000 ms), longer than any play lasts",
                "4@5: offline_timestamp is 9223372036854775807, outside the years 1 to 9999 in epoch milliseconds (or seconds)",
                "5@6: offline_timestamp is negative: -62135596800001 (0 means unknown; a time is epoch milliseconds or seconds)",
                "7@8: ts is outside the years 1 to 9999: +300000-01-01T00:00:00Z",
                "8@9: endTime is outside the years 1 to 9999: +300000-01-01 10:00",
                "9@10: ts is outside the years 1 to 9999: 0000-12-31T23:59:59Z",
                "12@13: offline_timestamp is negative: -1 (0 means unknown; a time is epoch milliseconds or seconds)",
                "15@16: the play starts before the year 1: its end (ts) is less than ms_played (1001) after 0001-01-01T00:00:00Z",
                "16@17: the play starts before the year 1: its end (ts) is less than ms_played (1) after 0001-01-01T00:00:00Z");
        assertThat(rows).extracting(StreamRow::recordNo).containsExactly(3L, 6L, 10L, 11L, 13L, 14L);
        assertThat(rows.get(2).value(SpotifyColumn.TS)).isEqualTo(StreamingHistoryReader.FIRST_SECOND * 1_000_000);
        assertThat(rows.get(3).value(SpotifyColumn.TS)).isEqualTo(StreamingHistoryReader.LAST_SECOND * 1_000_000);
    }

    @Test
    void aDayTheMonthDoesNotHaveIsRefusedNotMovedToItsLastDay() throws Exception {
        readRecords(
                "{\"endTime\": \"2019-04-31 10:00\", \"msPlayed\": 1}",
                "{\"ts\": \"2019-04-31T10:00:00Z\", \"ms_played\": 1}",
                "{\"endTime\": \"2019-02-29 10:00\", \"msPlayed\": 1}",
                "{\"endTime\": \"2020-02-29 10:00\", \"msPlayed\": 1}");
        assertThat(reasons()).containsExactly(
                "1@2: endTime is not a time like 2019-03-02 13:50: 2019-04-31 10:00",
                "2@3: ts is not a time like 2020-03-12T01:20:18Z: 2019-04-31T10:00:00Z",
                "3@4: endTime is not a time like 2019-03-02 13:50: 2019-02-29 10:00");
        assertThat(rows).extracting(row -> row.value(SpotifyColumn.TS)).containsExactly(Instant.parse("2020-02-29T10:00:00Z").toEpochMilli() * 1000);
    }

    @Test
    void aTimeFinerThanAMicrosecondIsRefusedNotCut() throws Exception {
        readRecords("{\"ts\": \"2020-03-12T01:20:18.1234567Z\", \"ms_played\": 1}", "{\"ts\": \"2020-03-12T01:20:18.123456Z\", \"ms_played\": 1}");
        assertThat(reasons()).containsExactly("1@2: ts is finer than a microsecond, the warehouse's precision: 2020-03-12T01:20:18.1234567Z");
        assertThat(rows).extracting(row -> row.value(SpotifyColumn.TS)).containsExactly(Instant.parse("2020-03-12T01:20:18Z").toEpochMilli() * 1000 + 123_456);
    }

    @Test
    void textThatCannotBeStoredAsWrittenIsQuarantined() throws Exception {
        readRecords(
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1, \"master_metadata_track_name\": \"a\\ud800b\"}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1, \"trackName\": \"\\udc00\"}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1, \"username\": \"bob\\ud83d\"}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1, \"platform\": \"a\\u0000b\"}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1, \"master_metadata_track_name\": \"\\ud83c\\udfb5 \u00e9\"}");
        assertThat(reasons()).containsExactly(
                "1@2: master_metadata_track_name holds a lone UTF-16 surrogate (\\ud800 at character 2), half a character that cannot be stored as text",
                "2@3: trackName holds a lone UTF-16 surrogate (\\udc00 at character 1), half a character that cannot be stored as text",
                "3@4: username holds a lone UTF-16 surrogate (\\ud83d at character 4), half a character that cannot be stored as text",
                "4@5: platform holds the character U+0000, which the warehouse's text cannot hold");
        assertThat(rows).extracting(row -> row.value(SpotifyColumn.TRACK_NAME)).containsExactly("\ud83c\udfb5 \u00e9");
    }

    @Test
    void onlyDecimalNumbersAreNumbers() throws Exception {
        readRecords(
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1, \"latitude\": \"0x1p3\"}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1, \"latitude\": \"NaN\"}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1, \"longitude\": \"-Infinity\"}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1, \"longitude\": \"1.5d\"}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1, \"longitude\": 1e400}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": \"\u0661\u0662\"}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": \"0x10\"}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1000000000000000000000000000000}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": \"-99999999999999999999\"}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": \" 12 \", \"latitude\": \"59.33\", \"longitude\": \"-.5e1\"}");
        assertThat(reasons()).containsExactly(
                "1@2: latitude is not a number: 0x1p3",
                "2@3: latitude is not a number: NaN",
                "3@4: longitude is not a number: -Infinity",
                "4@5: longitude is not a number: 1.5d",
                "5@6: longitude is not a finite number: 1e400",
                "6@7: ms_played is not an integer: \u0661\u0662",
                "7@8: ms_played is not an integer: 0x10",
                "8@9: ms_played is outside the integers -9223372036854775808 to 9223372036854775807: 1000000000000000000000000000000",
                "9@10: ms_played is outside the integers -9223372036854775808 to 9223372036854775807: -99999999999999999999");
        assertThat(rows).extracting(row -> row.value(SpotifyColumn.MS_PLAYED), row -> row.value(SpotifyColumn.LATITUDE), row -> row.value(SpotifyColumn.LONGITUDE))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(12L, 59.33, -5.0));
    }

    /** A whole number written with a point or an exponent (a re-export by pandas) is an integer, as Sparkify's loaders take it; a fraction is not. */
    @Test
    void anIntegerMayBeWrittenAsAWholeDecimalNumber() throws Exception {
        readRecords(
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1000.0}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": \"2000.00\"}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 3e3, \"msPlayed\": 3000}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 0.0}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1000.5}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": \"1e-3\"}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1e30}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": \"1e9999\"}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": \"1" + "0".repeat(200_000) + "\"}");
        assertThat(reasons()).containsExactly(
                "5@6: ms_played is not an integer: 1000.5",
                "6@7: ms_played is not an integer: 1e-3",
                "7@8: ms_played is outside the integers -9223372036854775808 to 9223372036854775807: 1e30",
                "8@9: ms_played is not an integer: 1e9999",
                "9@10: ms_played is not an integer: 1" + "0".repeat(200_000));   // at once: a long digit string took minutes
        assertThat(rows).extracting(row -> row.value(SpotifyColumn.MS_PLAYED)).containsExactly(1000L, 2000L, 3000L, 0L);
    }

    @Test
    void twoKeysOfOneColumnMustAgree() throws Exception {
        readRecords(
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1, \"msPlayed\": 2}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1, \"trackName\": \"A\", \"master_metadata_track_name\": \"B\"}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 3, \"msPlayed\": \"3\", \"ip_addr\": \"192.0.2.1\", \"ip_addr_decrypted\": \"192.0.2.1\"}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 4, \"ip_addr\": null, \"ip_addr_decrypted\": \"192.0.2.1\"}");
        assertThat(reasons()).containsExactly(
                "1@2: ms_played and msPlayed both give ms_played, with different values",
                "2@3: trackName and master_metadata_track_name both give track_name, with different values");
        assertThat(rows).extracting(row -> row.value(SpotifyColumn.MS_PLAYED), row -> row.value(SpotifyColumn.IP_ADDR))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3L, "192.0.2.1"), org.assertj.core.groups.Tuple.tuple(4L, "192.0.2.1"));
    }

    @Test
    void aListenerNameLongerThanANameCanBeIsQuarantined() throws Exception {
        String limit = "u".repeat(soundstage.core.IngestOptions.MAX_LISTENER_CHARACTERS);
        readRecords(
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1, \"username\": \"" + limit + "\"}",
                "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 2, \"username\": \"" + limit + "u\"}");
        assertThat(reasons()).containsExactly("2@3: the listener's name (its username, from the record, Userdata.json or --listener) has 257 characters, "
                + "more than the 256 a name may have");
        assertThat(rows).extracting(StreamRow::recordNo).containsExactly(1L);
    }

    @Test
    void personalKeysThatDisagreeCostNoPlayWhenPersonalDataIsDropped() throws Exception {
        String record = "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 5, \"ip_addr\": \"192.0.2.1\", \"ip_addr_decrypted\": \"192.0.2.2\"}";
        readRecords(record);
        assertThat(reasons()).containsExactly("1@2: ip_addr and ip_addr_decrypted both give ip_addr, with different values");
        bad.clear();
        read(("[\n" + record + "\n]").getBytes(StandardCharsets.UTF_8), true);
        assertThat(bad).isEmpty();
        assertThat(rows).extracting(row -> row.value(SpotifyColumn.MS_PLAYED), row -> row.value(SpotifyColumn.IP_ADDR))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(5L, null));
    }

    @Test
    void aRecordTooLongToLoadIsQuarantinedWithTheStartOfItsTextAndTheOthersLoad() throws Exception {
        String big = "y".repeat(StreamingHistoryReader.MAX_RECORD_BYTES);
        String first = "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1, \"trackName\": \"" + big + "\"}";
        String second = "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 2, \"other\": \"" + big + "\"}";
        readRecords(first, second, "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 3, \"trackName\": \"" + big.substring(100) + "\"}");
        assertThat(reasons()).containsExactly(
                "1@2: record 1 is " + first.length() + " bytes long (its longest value, trackName, has 4194304 characters), more than the 4194304 "
                        + "a record may have; the quarantine keeps only its first 65536 characters",
                "2@3: record 2 is " + second.length() + " bytes long, more than the 4194304 a record may have; the quarantine keeps only its first 65536 characters");
        assertThat(bad.get(0)).endsWith("<" + first.substring(0, 65536) + ">").contains("<{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1, \"trackName\": \"yyy");
        assertThat(rows).extracting(StreamRow::recordNo).containsExactly(3L);
    }

    @Test
    void aValueLongerThanTheParserHoldsRefusesItsFileWithAReasonButAnUnknownKeysIsSkipped() throws Exception {
        String huge = "y".repeat(20_000_001);
        String unknown = "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1, \"x\": \"" + huge + "\"}";
        StreamingHistoryReader.Outcome outcome = read(("[\n" + unknown + ",\n"
                + "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1, \"trackName\": \"" + huge + "\"}\n]").getBytes(StandardCharsets.UTF_8), false);
        assertThat(outcome.failure()).isEqualTo("at line 3, String value length (20000001) exceeds the maximum allowed (20000000); the file was not loaded");
        assertThat(reasons()).singleElement().asString().startsWith("1@2: record 1 is " + unknown.length() + " bytes long, more than the 4194304");
        // Dropping personal data, its text cannot be scrubbed (the copy would hold the value): none is kept.
        bad.clear();
        read(("[\n" + unknown + "\n]").getBytes(StandardCharsets.UTF_8), true);
        assertThat(bad).singleElement().asString().endsWith(" characters <null>");
    }

    @Test
    void aRefusedFileNamesTheParserLimitItHit() throws Exception {
        String good = "{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1}";
        StreamingHistoryReader.Outcome digits = read(("[\n" + good + ",\n{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1, \"x\": "
                + "1".repeat(1_001) + "}\n]").getBytes(StandardCharsets.UTF_8), false);
        assertThat(digits.failure()).startsWith("at line 3, Number value length").contains("exceeds the maximum allowed (1000)")
                .endsWith("; the file was not loaded").doesNotContain("StreamReadConstraints");
        StreamingHistoryReader.Outcome deep = read(("[\n" + good + ",\n{\"ts\": \"2020-03-12T01:20:18Z\", \"ms_played\": 1, \"x\": "
                + "[".repeat(1_001) + "]".repeat(1_001) + "}\n]").getBytes(StandardCharsets.UTF_8), false);
        assertThat(deep.failure()).startsWith("at line 3, Document nesting depth").contains("exceeds the maximum allowed (1000)")
                .endsWith("; the file was not loaded");
    }

    @Test
    void zipEntryNamesThatClimbOutAreCaught() {
        assertThat(SpotifyInputs.escapes("MyData/StreamingHistory0.json")).isFalse();
        assertThat(SpotifyInputs.escapes("MyData/../StreamingHistory0.json")).isFalse();
        assertThat(SpotifyInputs.escapes("../StreamingHistory0.json")).isTrue();
        assertThat(SpotifyInputs.escapes("MyData/../../x.json")).isTrue();
        assertThat(SpotifyInputs.escapes("/etc/passwd")).isTrue();
        assertThat(SpotifyInputs.escapes("C:\\Windows\\x.json")).isTrue();
        assertThat(SpotifyInputs.escapes("..\\x.json")).isTrue();
    }
}
