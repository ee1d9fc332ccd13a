package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestResultPrinter {
    /**
     * Output that cannot be written (a full disk, a pipe whose reader stopped: {@code | head -1})
     * stops the result: a PrintWriter keeps its IO errors to itself, so the query's rows were all
     * read and "written" (4 minutes for 20M rows behind head -1), and the command exited 0 with a
     * file cut mid-row.
     */
    @Test
    void aResultWhoseOutputCannotBeWrittenStopsSayingSo() throws Exception {
        long[] written = {0};
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                if (written[0] + length > 10_000) {
                    throw new IOException("No space left on device");
                }
                written[0] += length;
            }
        };
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT range AS r FROM range(1000000)")) {
            PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(full, StandardCharsets.UTF_8), true);
            assertThatThrownBy(() -> ResultPrinter.csv(rows, out)).isInstanceOf(ResultPrinter.OutputFailed.class)
                    .hasMessage("soundstage: the output could not be written (a full disk, or a pipe whose reader stopped reading): what was written is incomplete.");
            long left = 0;
            while (rows.next()) {
                left++;
            }
            assertThat(left).as("rows not read when it stopped").isGreaterThan(995_000);
        }
    }
}
