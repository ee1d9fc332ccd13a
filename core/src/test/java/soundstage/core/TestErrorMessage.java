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
}
