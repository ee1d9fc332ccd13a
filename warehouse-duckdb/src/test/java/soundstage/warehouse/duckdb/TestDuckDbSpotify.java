package soundstage.warehouse.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import soundstage.core.FileKind;
import soundstage.core.IngestOptions;
import soundstage.core.Progress;
import soundstage.testing.BaseSpotifyTest;

/** The shared Spotify tests on an embedded DuckDB file. */
class TestDuckDbSpotify extends BaseSpotifyTest {
    @Override
    protected String newWarehouse(Path dir) {
        return dir.resolve("w.duckdb").toString();
    }

    /**
     * A Spotify ingest killed while it loaded a batch left the batch's CSV file, the plays as
     * read with IP addresses and user agents, in the warehouse's temporary directory for good
     * (DuckDB does not delete files it did not make). The next Spotify ingest deletes it.
     */
    @Test
    void aBatchFileLeftByAKilledIngestIsDeletedByTheNextOne() throws Exception {
        Path warehouseFile = dir.resolve("kept.duckdb");
        Path history = Files.writeString(dir.resolve("StreamingHistory0.json"),
                "[{\"endTime\": \"2020-01-01 10:00\", \"artistName\": \"ABBA\", \"trackName\": \"SOS\", \"msPlayed\": 1000}]");
        try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(warehouseFile)) {
            Path left = Files.writeString(Files.createDirectories(Path.of(warehouseFile + ".tmp")).resolve("spotify-batch-123.csv"),
                    "1,1,1,alice,,,\"192.0.2.1\"\n");
            Path other = Files.writeString(left.resolveSibling("duckdb_temp_storage-0.tmp"), "DuckDB's own");
            warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(history), IngestOptions.DEFAULTS.withListener("alice"), Progress.NONE);
            assertThat(left).doesNotExist();
            assertThat(other).exists();
        }
    }
}
