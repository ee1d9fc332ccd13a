package soundstage.warehouse.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import soundstage.testing.BaseWarehouseTest;
import soundstage.testing.TestPostgres;

/** The shared warehouse tests on a real PostgreSQL server. */
class TestPostgresWarehouse extends BaseWarehouseTest {
    @Override
    protected String newWarehouse(Path dir) throws Exception {
        return TestPostgres.newDatabase();
    }

    @Test
    void theRepairRunsInsideAParallelQuery() throws SQLException {
        // Every function is declared PARALLEL SAFE, so PostgreSQL may run it in a parallel
        // worker, where a PL/pgSQL exception block cannot start its subtransaction.
        try (Statement statement = warehouse.connection().createStatement()) {
            statement.execute("SET force_parallel_mode = on");
            try {
                assertThat(rows("SELECT meta.repair_mojibake(s) FROM (VALUES ('CafÃ©'), ('CafÃ©Ã')) AS v(s)"))
                        .containsExactlyInAnyOrder(List.of("Café"), List.of("CafÃ©Ã"));
            } finally {
                statement.execute("RESET force_parallel_mode");
            }
        }
    }
}
