package soundstage.warehouse.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that opened a DuckDB warehouse keeps no copy of DuckDB's native library in the
 * temporary folder: killed, it would leave that copy (60 MB) there for good.
 */
class TestNativeLibraryCopy {
    @Test
    void afterAWarehouseOpensTheLoadedLibraryHasNoFileInTheTemporaryFolder(@TempDir Path dir) throws Exception {
        Path maps = Path.of("/proc/self/maps");
        assumeTrue(Files.isReadable(maps), "needs Linux's /proc/self/maps");
        try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(dir.resolve("w.duckdb"))) {
            List<String> library = Files.readAllLines(maps).stream().filter(line -> line.contains("libduckdb_java")).toList();
            assertThat(library).as("the library is loaded").isNotEmpty();
            Path temporary = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
            assertThat(library).as("mapped from a file still in %s", temporary)
                    .noneMatch(line -> !line.endsWith(" (deleted)") && Path.of(line.substring(line.indexOf('/'))).startsWith(temporary));
        }
    }
}
