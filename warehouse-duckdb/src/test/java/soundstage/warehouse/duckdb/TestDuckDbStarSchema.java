package soundstage.warehouse.duckdb;

import java.nio.file.Path;
import soundstage.testing.BaseStarSchemaTest;

/** The shared star schema tests on an embedded DuckDB file. */
class TestDuckDbStarSchema extends BaseStarSchemaTest {
    @Override
    protected String newWarehouse(Path dir) {
        return dir.resolve("w.duckdb").toString();
    }
}
