package soundstage.warehouse.postgres;

import java.nio.file.Path;
import soundstage.testing.BaseIncrementalTest;
import soundstage.testing.TestPostgres;

/** The shared incremental-run tests on a real PostgreSQL server. */
class TestPostgresIncremental extends BaseIncrementalTest {
    @Override
    protected String newWarehouse(Path dir) throws Exception {
        return TestPostgres.newDatabase();
    }
}
