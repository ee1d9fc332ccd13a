package soundstage.warehouse.duckdb;

import java.nio.file.Path;
import soundstage.testing.BaseSpotifyTest;

/** The shared Spotify tests on an embedded DuckDB file. */
class TestDuckDbSpotify extends BaseSpotifyTest {
    @Override
    protected String newWarehouse(Path dir) {
        return dir.resolve("w.duckdb").toString();
    }
}
