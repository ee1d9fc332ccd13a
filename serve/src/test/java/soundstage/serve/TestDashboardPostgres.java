package soundstage.serve;

import java.nio.file.Path;
import soundstage.testing.TestPostgres;

class TestDashboardPostgres extends BaseDashboardTest {
    @Override
    protected String newWarehouse(Path dir) throws Exception {
        return TestPostgres.newDatabase();
    }
}
