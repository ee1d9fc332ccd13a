package soundstage.warehouse.duckdb;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import soundstage.testing.BaseWarehouseTest;

/**
 * The shared warehouse tests again with every UTF-8 file read and split by DuckDB's read_text
 * (load/land-text.sql). By default files under 64 KiB are split in Java, which would leave that
 * path to the few large files of the tests: both must give the same rows, line numbers and
 * quarantine.
 */
class TestDuckDbWarehouseReadText extends BaseWarehouseTest {
    @BeforeAll
    static void everyFileReadByDuckDb() {
        System.setProperty("soundstage.duckdb.small_file", "0");
    }

    @AfterAll
    static void backToTheDefault() {
        System.clearProperty("soundstage.duckdb.small_file");
    }

    @Override
    protected String newWarehouse(Path dir) {
        return dir.resolve("w.duckdb").toString();
    }
}
