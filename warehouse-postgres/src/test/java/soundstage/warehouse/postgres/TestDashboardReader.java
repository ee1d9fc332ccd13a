package soundstage.warehouse.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import soundstage.core.FileKind;
import soundstage.core.Progress;
import soundstage.testing.SparkifyFixtures;
import soundstage.testing.TestPostgres;
import soundstage.transform.Pipeline;

/**
 * The read-only role of the README's "For BI tools" section, as written there: it reads the
 * dashboard tables, also after a run has rebuilt them, and can neither write nor read other layers.
 */
class TestDashboardReader {
    @TempDir
    Path dir;

    @Test
    void theReadmesReadOnlyRoleReadsTheDashboardAfterEveryRunAndNothingElse() throws Exception {
        String address = TestPostgres.newDatabase();
        String database = address.substring(address.lastIndexOf('/') + 1);
        Path data = SparkifyFixtures.copyTo(dir.resolve("data"));
        String owner = PostgresAddress.parse(address, System.getenv()).user();
        try (PostgresWarehouse warehouse = PostgresWarehouse.open(address)) {
            warehouse.ingest(FileKind.SPARKIFY_SONGS, jsonFiles(data.resolve("song_data")).toList(), Progress.NONE);
            warehouse.ingest(FileKind.SPARKIFY_EVENTS, jsonFiles(data.resolve("log_data/2018/11")).filter(p -> !p.toString().contains("crlf")).toList(), Progress.NONE);
            new Pipeline(warehouse).run();
            try (Statement statement = warehouse.connection().createStatement()) {
                statement.execute("DROP ROLE IF EXISTS soundstage_test_bi");
                // As in the README, with the role names of this test:
                statement.execute("CREATE ROLE soundstage_test_bi LOGIN PASSWORD 'bi'");
                statement.execute("GRANT CONNECT ON DATABASE " + database + " TO soundstage_test_bi");
                statement.execute("GRANT USAGE ON SCHEMA dashboard TO soundstage_test_bi");
                statement.execute("GRANT SELECT ON ALL TABLES IN SCHEMA dashboard TO soundstage_test_bi");
                statement.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + owner + " IN SCHEMA dashboard GRANT SELECT ON TABLES TO soundstage_test_bi");
            }
            String reader = address.replaceFirst("://[^@]*@", "://soundstage_test_bi:bi@");
            assertThat(plays(reader)).isEqualTo(4);

            // A new file and a run rebuild the dashboard tables; the role still reads them.
            warehouse.ingest(FileKind.SPARKIFY_EVENTS, List.of(data.resolve("log_data/2018/11/2018-11-01-events-crlf.json")), Progress.NONE);
            Files.writeString(dir.resolve("more.json"), "{\"page\":\"NextSong\",\"ts\":1541110000000,\"userId\":\"26\",\"song\":\"Jóga\",\"artist\":\"Björk\",\"length\":305.7024,\"level\":\"free\"}\n");
            warehouse.ingest(FileKind.SPARKIFY_EVENTS, List.of(dir.resolve("more.json")), Progress.NONE);
            new Pipeline(warehouse).run();
            assertThat(plays(reader)).isEqualTo(5);

            try (Connection connection = TestPostgres.connect(reader); Statement statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.execute("DELETE FROM dashboard.top_songs")).isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
                assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM analytics.songplays")).isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
                assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM meta.files")).isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            }
            try (Statement statement = warehouse.connection().createStatement()) {
                statement.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + owner + " IN SCHEMA dashboard REVOKE SELECT ON TABLES FROM soundstage_test_bi");
                statement.execute("REVOKE ALL ON ALL TABLES IN SCHEMA dashboard FROM soundstage_test_bi");
                statement.execute("REVOKE ALL ON SCHEMA dashboard FROM soundstage_test_bi");
                statement.execute("REVOKE ALL ON DATABASE " + database + " FROM soundstage_test_bi");
                statement.execute("DROP ROLE soundstage_test_bi");
            }
        }
    }

    /** All plays in dashboard.top_songs, read as the reader. */
    private static long plays(String reader) throws SQLException {
        try (Connection connection = TestPostgres.connect(reader); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT sum(plays) FROM dashboard.top_songs")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static java.util.stream.Stream<Path> jsonFiles(Path folder) {
        try {
            return Files.walk(folder).filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
