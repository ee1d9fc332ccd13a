package soundstage.warehouse.postgres;

import java.nio.file.Path;
import soundstage.core.Warehouse;
import soundstage.testing.BaseWarehouseConformanceTest;
import soundstage.testing.TestPostgres;

/** The conformance suite on a real PostgreSQL server: the same tables, quarantine and checks as DuckDB. */
class TestPostgresConformance extends BaseWarehouseConformanceTest {
    @Override
    protected Warehouse openEmptyWarehouse(Path dir) throws Exception {
        return PostgresWarehouse.open(TestPostgres.newDatabase());
    }
}
