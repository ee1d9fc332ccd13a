package soundstage.export;

import java.nio.file.Path;
import soundstage.core.Warehouse;
import soundstage.warehouse.duckdb.DuckDbWarehouse;

/** The lake of a DuckDB warehouse: DuckDB copies each partition straight from the table. */
class TestLakeExportOnDuckDb extends BaseLakeExportTest {
    @Override
    protected Warehouse openEmptyWarehouse(Path dir) {
        return DuckDbWarehouse.open(dir.resolve("w.duckdb"));
    }
}
