package soundstage.warehouse.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import soundstage.core.FileKind;
import soundstage.core.IngestSummary;
import soundstage.core.Progress;
import soundstage.ingest.LineReader;

/**
 * Large files are streamed line by line in Java rather than read whole by DuckDB's read_text,
 * which held a 475 MB file and its lines in memory and failed with "Out of Memory"; the good lines
 * of a file with one huge line (300 MB, in the review that found it) were lost with it. Here the
 * threshold is lowered to 1 MiB, so a 17 MiB file takes that path.
 */
class TestLargeFiles {
    @TempDir
    Path dir;

    @AfterEach
    void backToTheDefault() {
        System.clearProperty("soundstage.duckdb.large_file");
    }

    @Test
    void aLargeFileIsStreamedAndALineTooLongIsQuarantinedWhileTheOthersLoad() throws Exception {
        Path file = dir.resolve("2018-11-01-events.json");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("{\"ts\":1541106106796,\"page\":\"Home\"}\n");
            out.write("{\"ts\":1541106106797,\"page\":\"Home\",\"artist\":\"");
            String chunk = "y".repeat(1 << 20);
            for (int i = 0; i < LineReader.MAX_LINE_BYTES / chunk.length() + 1; i++) {
                out.write(chunk);
            }
            out.write("\"}\n");
            out.write("{\"ts\":1541106106798,\"page\":\"Home\"}\n");
        }
        System.setProperty("soundstage.duckdb.large_file", Integer.toString(1 << 20));
        try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(dir.resolve("w.duckdb"))) {
            IngestSummary summary = warehouse.ingest(FileKind.SPARKIFY_EVENTS, List.of(file), Progress.NONE);
            assertThat(summary.loaded()).isEqualTo(1);
            assertThat(summary.rows()).isEqualTo(2);
            assertThat(summary.quarantined()).isEqualTo(1);
            assertThat(rows(warehouse, "SELECT ts FROM source.sparkify_events ORDER BY ts")).containsExactly("1541106106796", "1541106106798");
            assertThat(rows(warehouse, "SELECT line_no || ': ' || reason FROM meta.quarantine"))
                    .containsExactly("2: " + LineReader.tooLong());
        }
    }

    private static List<String> rows(DuckDbWarehouse warehouse, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = warehouse.connection().createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }
}
