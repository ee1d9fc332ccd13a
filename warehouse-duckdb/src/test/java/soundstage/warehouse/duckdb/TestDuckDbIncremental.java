package soundstage.warehouse.duckdb;

import java.nio.file.Path;
import soundstage.testing.BaseIncrementalTest;

/** The shared incremental-run tests on an embedded DuckDB file. */
class TestDuckDbIncremental extends BaseIncrementalTest {
    @Override
    protected String newWarehouse(Path dir) {
        return dir.resolve("w.duckdb").toString();
    }
}
