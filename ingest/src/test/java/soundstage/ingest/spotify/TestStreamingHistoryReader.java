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
                .isInstanceOf(EntryStream.LimitExceeded.class).hasMessage("it expands beyond 10 bytes");
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
