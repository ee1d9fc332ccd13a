package soundstage.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class TestErrorMessage {
    @Test
    void firstLineOfAPlainMessage() {
        assertThat(ErrorMessage.of(new IllegalStateException("disk full\nat some place"))).isEqualTo("disk full");
    }

    @Test
    void duckDbPreambleIsSkippedForTheRealError() {
        SQLException e = new SQLException("Invalid Input Error: Attempting to execute an unsuccessful or closed pending query result\n"
                + "Error: Catalog Error: Table with name nope does not exist!\nDid you mean \"main.note\"?");
        assertThat(ErrorMessage.of(e)).isEqualTo("Catalog Error: Table with name nope does not exist!");
    }

    @Test
    void aClauseHasNoFinalPunctuation() {
        assertThat(ErrorMessage.clause(new java.io.IOException("The file \"x\" is not a valid DuckDB database file!."))).isEqualTo("The file \"x\" is not a valid DuckDB database file");
    }

    @Test
    void emptyMessagesFollowTheCause() {
        assertThat(ErrorMessage.of(new RuntimeException(null, new java.io.IOException("no space left")))).isEqualTo("no space left");
    }

    @Test
    void noMessageAtAllNamesTheType() {
        assertThat(ErrorMessage.of(new NullPointerException())).isEqualTo("NullPointerException");
    }

    /** As pgjdbc words a server's error: the detail names what the first line speaks of; the hint is for someone writing SQL. */
    @Test
    void postgresqlsDetailIsKeptAndItsHintIsNot() {
        SQLException e = new SQLException("ERROR: cannot drop table dashboard.top_songs because other objects depend on it\n"
                + "  Detail: view bi.top depends on table dashboard.top_songs\n  Hint: Use DROP ... CASCADE to drop the dependent objects too.", "2BP01");
        assertThat(ErrorMessage.of(e)).isEqualTo("ERROR: cannot drop table dashboard.top_songs because other objects depend on it "
                + "(view bi.top depends on table dashboard.top_songs)");
        assertThat(ErrorMessage.of(new SQLException("ERROR: duplicate key value violates unique constraint \"k\"\n  Detail: Key (id)=(7) already exists.")))
                .isEqualTo("ERROR: duplicate key value violates unique constraint \"k\" (Key (id)=(7) already exists)");
    }
}
