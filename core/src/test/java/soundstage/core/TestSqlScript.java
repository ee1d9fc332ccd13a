package soundstage.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestSqlScript {
    @Test
    void splitsOnSemicolonsOutsideQuotesAndComments() {
        assertThat(SqlScript.statements("SELECT 'a;b'; -- c;d\nSELECT \"x;y\" FROM t;\n\n-- only a comment;\n"))
                .containsExactly("SELECT 'a;b'", "-- c;d\nSELECT \"x;y\" FROM t");
    }

    @Test
    void lastStatementNeedsNoSemicolon() {
        assertThat(SqlScript.statements("SELECT 1;SELECT 2")).containsExactly("SELECT 1", "SELECT 2");
    }

    @Test
    void escapedQuotesStayInside() {
        assertThat(SqlScript.statements("SELECT 'it''s; fine'; SELECT 2")).containsExactly("SELECT 'it''s; fine'", "SELECT 2");
    }

    @Test
    void blankScriptHasNoStatements() {
        assertThat(SqlScript.statements(" ;\n-- nothing\n")).isEmpty();
    }

    @Test
    void dollarQuotedBodiesStayWhole() {
        String function = "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n    RETURN 1; -- it's one\nEND\n$$";
        assertThat(SqlScript.statements(function + ";\nSELECT f();")).containsExactly(function, "SELECT f()");
    }

    /**
     * Block comments, tagged dollar quotes and E'' strings with escaped quotes keep their
     * semicolons; a script ending in a block comment has no statement after it ("SELECT 1;
     * /* end *&#47;" lost its result on PostgreSQL and failed on DuckDB).
     */
    @Test
    void blockCommentsTaggedDollarQuotesAndEscapedStringsKeepTheirSemicolons() {
        assertThat(SqlScript.statements("/* block ; comment */ SELECT 3 AS three")).containsExactly("/* block ; comment */ SELECT 3 AS three");
        assertThat(SqlScript.statements("SELECT 1 AS a; /* end */")).containsExactly("SELECT 1 AS a");
        assertThat(SqlScript.statements("SELECT $f$a;b$f$; SELECT 2")).containsExactly("SELECT $f$a;b$f$", "SELECT 2");
        assertThat(SqlScript.statements("SELECT E'x\\'; y' AS e; SELECT 'a\\'; SELECT 3")).containsExactly("SELECT E'x\\'; y' AS e", "SELECT 'a\\'", "SELECT 3");
        assertThat(SqlScript.statements("SELECT $1; SELECT $$a;$b$;$$")).containsExactly("SELECT $1", "SELECT $$a;$b$;$$");
    }
}
