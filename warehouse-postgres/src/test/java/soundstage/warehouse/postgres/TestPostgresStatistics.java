package soundstage.warehouse.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import soundstage.core.FileKind;
import soundstage.core.IngestOptions;
import soundstage.core.Progress;
import soundstage.core.Warehouse;
import soundstage.core.WarehouseFactory;
import soundstage.ingest.InputPaths;
import soundstage.testing.SparkifyFixtures;
import soundstage.testing.SpotifyFixtures;
import soundstage.testing.TestPostgres;
import soundstage.transform.Pipeline;

/**
 * A merge leaves the planner statistics of what it changed, without waiting for autovacuum (a
 * minute or more): a table without file_id that a first run built empty, and the source column
 * of a table with one. Without them, the next run's Spotify merge took 2-17 s in nested loops.
 */
class TestPostgresStatistics {
    @TempDir
    Path dir;

    @Test
    void theFirstSpotifyPlaysAreInTheStatisticsOfTheTablesTheyChanged() throws Exception {
        Path sparkify = SparkifyFixtures.copyTo(dir.resolve("sparkify"));
        Path spotify = SpotifyFixtures.writeTo(dir.resolve("spotify"));
        try (Warehouse warehouse = WarehouseFactory.openAny(TestPostgres.newDatabase())) {
            warehouse.ingest(FileKind.SPARKIFY_EVENTS, InputPaths.resolve(List.of(sparkify.resolve("log_data").toString())), Progress.NONE);
            new Pipeline(warehouse).run();   // builds central.spotify_streams empty
            warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(spotify.resolve("alice")), IngestOptions.DEFAULTS, Progress.NONE);
            new Pipeline(warehouse).run();
            try (Statement statement = warehouse.connection().createStatement()) {
                try (ResultSet central = statement.executeQuery("SELECT reltuples FROM pg_class WHERE oid = 'central.spotify_streams'::regclass")) {
                    central.next();
                    assertThat(central.getDouble(1)).isPositive();
                }
                try (ResultSet source = statement.executeQuery(
                        "SELECT most_common_vals::text FROM pg_stats WHERE schemaname = 'analytics' AND tablename = 'songplays' AND attname = 'source'")) {
                    assertThat(source.next()).isTrue();
                    assertThat(source.getString(1)).contains("spotify");
                }
            }
        }
    }
}
