package soundstage.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import soundstage.core.Warehouse;
import soundstage.testing.TestPostgres;
import soundstage.warehouse.postgres.PostgresWarehouse;

/** The lake of a PostgreSQL warehouse: each partition streams over JDBC into an in-memory DuckDB, which writes the file. */
class TestLakeExportOnPostgres extends BaseLakeExportTest {
    private String address;

    @Override
    protected Warehouse openEmptyWarehouse(Path dir) throws Exception {
        address = TestPostgres.newDatabase();
        return PostgresWarehouse.open(address);
    }

    /**
     * A database set to print doubles with fewer digits ({@code extra_float_digits = 0}) rounded
     * them to 15 digits in the fingerprint and in the streamed rows: a change beyond the 15th digit
     * was not exported, and the lake held rounded values.
     */
    @Test
    void doublesKeepEveryDigitWhenTheDatabasePrintsFewer() throws Exception {
        try (Statement statement = warehouse.connection().createStatement(); ResultSet name = statement.executeQuery("SELECT quote_ident(current_database())")) {
            name.next();
            statement.execute("ALTER DATABASE " + name.getString(1) + " SET extra_float_digits = 0");
        }
        warehouse.close();
        warehouse = PostgresWarehouse.open(address);   // the database's settings apply to new sessions
        sql("UPDATE analytics.songplays SET length = 1 WHERE songplay_id = 1000000002");
        export(LakeFormat.PARQUET);
        sql("UPDATE analytics.songplays SET length = 1.0000000000000002 WHERE songplay_id = 1000000002");
        assertThat(export(LakeFormat.PARQUET).written()).isEqualTo(1);
        assertThat(dump(lake().resolve("analytics/songplays/year=2018/month=11/part.parquet"), LakeFormat.PARQUET))
                .anyMatch(row -> row.startsWith("1000000002 |") && row.endsWith("| paid | 1.0000000000000002"));
    }
}
