package soundstage.serve;

import java.nio.file.Path;

class TestDashboardDuckDb extends BaseDashboardTest {
    @Override
    protected String newWarehouse(Path dir) {
        return dir.resolve("served.duckdb").toString();
    }
}
