package soundstage.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import soundstage.core.OpenOptions;
import soundstage.core.ReadPool;
import soundstage.core.SchemaMigrations;
import soundstage.core.UserException;
import soundstage.core.Warehouse;
import soundstage.core.WarehouseFactory;
import soundstage.testing.TestPostgres;

class TestDashboardPostgres extends BaseDashboardTest {
    @Override
    protected String newWarehouse(Path dir) throws Exception {
        return TestPostgres.newDatabase();
    }

    @Test
    void aRestartedServerCostsNoFailedRequest() throws Exception {
        assertThat(DashboardFixture.get(base, "/api/runs").statusCode()).isEqualTo(200);
        try (Connection admin = TestPostgres.connect(address); Statement statement = admin.createStatement();
             ResultSet ended = statement.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                     + "WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND usename = current_user")) {
            ended.next();
            assertThat(ended.getInt(1)).isPositive();
        }
        assertThat(DashboardFixture.get(base, "/api/runs").statusCode()).isEqualTo(200);
        assertThat(DashboardFixture.get(base, "/api/checks").statusCode()).isEqualTo(200);
    }

    /**
     * PostgreSQL reads a range of days through an index (a model's {@code -- index:} line), and
     * the rows of given files through one on file_id, not by reading the whole table.
     */
    @Test
    void theDayAndSpanTablesHaveAnIndexOnTheirDaysAndTablesWithFileIdsOneOnThem() throws Exception {
        try (Connection connection = TestPostgres.connect(address); Statement statement = connection.createStatement();
             ResultSet indexes = statement.executeQuery("SELECT schemaname || '.' || tablename, indexdef FROM pg_indexes "
                     + "WHERE schemaname IN ('staging', 'central', 'analytics', 'dashboard') ORDER BY 1, 2")) {
            java.util.List<String> found = new java.util.ArrayList<>();
            while (indexes.next()) {
                found.add(indexes.getString(1) + ": " + indexes.getString(2).replaceAll(".* USING ", ""));
            }
            assertThat(found).containsExactly(
                    "analytics.songplays: btree (file_id)", "dashboard.file_days: btree (file_id)",
                    "dashboard.listener_bits: btree (span_days, first_day)",
                    "dashboard.listener_days: btree (day)", "dashboard.listener_songs: btree (file_id)",
                    "dashboard.song_days: btree (day)", "dashboard.song_firsts: btree (file_id)", "dashboard.song_spans: btree (span_days, first_day)",
                    "dashboard.song_tops: btree (span_days, first_day)",
                    "staging.sparkify_events: btree (file_id)", "staging.sparkify_songs: btree (file_id)", "staging.spotify_streams: btree (file_id)");
        }
    }

    @Test
    void aPoolThatHadToMigrateItsWarehouseHoldsNoWriterLock() throws Exception {
        String fresh = TestPostgres.newDatabase();
        try (Connection older = TestPostgres.connect(fresh)) {   // a warehouse one schema version behind
            List<String> scripts = SchemaMigrations.scripts();
            SchemaMigrations.migrate(older, "postgresql", fresh, SchemaMigrations.class, scripts.subList(0, scripts.size() - 1));
        }
        try (ReadPool fresher = WarehouseFactory.openReadPoolAny(fresh, OpenOptions.DEFAULTS, 2);
             Warehouse writer = WarehouseFactory.openAny(fresh)) {   // refuses at once if the pool held the lock
            assertThat(writer.readOnly()).isFalse();
            long runs = fresher.read(connection -> {
                try (Statement statement = connection.createStatement(); ResultSet count = statement.executeQuery("SELECT count(*) FROM meta.runs")) {
                    count.next();
                    return count.getLong(1);
                }
            });
            assertThat(runs).isZero();
        }
    }

    @Test
    void aPoolOnADatabaseWithoutAWarehouseIsRefused() throws Exception {
        String empty = TestPostgres.newDatabase();
        assertThatThrownBy(() -> WarehouseFactory.openReadPoolAny(empty, OpenOptions.DEFAULTS, 2))
                .isInstanceOf(UserException.class).hasMessageStartingWith("There is no warehouse in postgresql://");
    }
}
