package soundstage.warehouse.postgres;

import java.nio.file.Path;
import soundstage.testing.BaseWarehouseTest;
import soundstage.testing.TestPostgres;

/** The shared warehouse tests on a real PostgreSQL server. */
class TestPostgresWarehouse extends BaseWarehouseTest {
    @Override
    protected String newWarehouse(Path dir) throws Exception {
        return TestPostgres.newDatabase();
    }
}
