package soundstage.export;

import java.nio.file.Path;
import soundstage.core.Warehouse;
import soundstage.testing.TestPostgres;
import soundstage.warehouse.postgres.PostgresWarehouse;

/** The lake of a PostgreSQL warehouse: each partition streams over JDBC into an in-memory DuckDB, which writes the file. */
class TestLakeExportOnPostgres extends BaseLakeExportTest {
    @Override
    protected Warehouse openEmptyWarehouse(Path dir) throws Exception {
        return PostgresWarehouse.open(TestPostgres.newDatabase());
    }
}
