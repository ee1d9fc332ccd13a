package soundstage.warehouse.duckdb;

import java.nio.file.Files;
import java.nio.file.Path;
import soundstage.core.Warehouse;
import soundstage.testing.BaseWarehouseConformanceTest;

/** The conformance suite on an embedded DuckDB file. */
class TestDuckDbConformance extends BaseWarehouseConformanceTest {
    @Override
    protected Warehouse openEmptyWarehouse(Path dir) throws Exception {
        Files.createDirectories(dir);
        return DuckDbWarehouse.open(dir.resolve("w.duckdb"));
    }
}
