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
}
