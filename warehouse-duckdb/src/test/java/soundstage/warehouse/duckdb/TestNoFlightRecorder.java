package soundstage.warehouse.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a DuckDB warehouse starts none of the flight recorder's machinery: DuckDB's driver, as
 * shipped, registers its memory event with the recorder when it loads, which every command paid
 * for (see org.duckdb.JfrMemoryMonitor in this module).
 */
class TestNoFlightRecorder {
    @Test
    void theDriverRegistersNoFlightRecorderEvent(@TempDir Path dir) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("w.duckdb"))) {
            assertThat(connection.isValid(1)).isTrue();
        }
        assertThat(FlightRecorder.getFlightRecorder().getEventTypes()).extracting(EventType::getName).isNotEmpty()
                .noneMatch(name -> name.startsWith("duckdb."));
    }
}
