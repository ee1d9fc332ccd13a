package soundstage.warehouse.postgres;

import java.nio.file.Path;
import soundstage.testing.BaseStarSchemaTest;
import soundstage.testing.TestPostgres;

/** The shared star schema tests on a real PostgreSQL server. */
class TestPostgresStarSchema extends BaseStarSchemaTest {
    @Override
    protected String newWarehouse(Path dir) throws Exception {
        return TestPostgres.newDatabase();
    }
}
