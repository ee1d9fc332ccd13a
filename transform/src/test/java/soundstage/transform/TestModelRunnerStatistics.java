package soundstage.transform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Temporary tables of a model's SQL are analyzed on PostgreSQL, where autovacuum never does it. */
class TestModelRunnerStatistics {
    private static final String SQL = """
            -- the new rows
            DROP TABLE IF EXISTS fresh;
            CREATE TEMP TABLE fresh AS
            SELECT 1 AS x;
            create temporary table Suspects as select x from fresh;
            INSERT INTO staging.t SELECT x FROM fresh; -- a comment; not a statement
            DROP TABLE fresh
            """;

    @Test
    void eachTemporaryTableIsAnalyzedWhenMadeOnPostgres() {
        assertThat(ModelRunner.withStatistics(SQL, true)).isEqualTo("""
                -- the new rows
                DROP TABLE IF EXISTS fresh;
                CREATE TEMP TABLE fresh AS
                SELECT 1 AS x;
                ANALYZE fresh;
                create temporary table Suspects as select x from fresh;
                ANALYZE Suspects;
                INSERT INTO staging.t SELECT x FROM fresh;
                -- a comment; not a statement
                DROP TABLE fresh;
                """);
    }

    @Test
    void duckDbsSqlIsLeftAsItIs() {
        assertThat(ModelRunner.withStatistics(SQL, false)).isSameAs(SQL);
    }
}
