package soundstage.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class TestLostConnection {
    @Test
    void theServerEndingTheSessionIsALostConnectionAndItsWordsAreKept() {
        SQLException fatal = new SQLException("FATAL: terminating connection due to administrator command", "57P01");
        IllegalStateException failure = new IllegalStateException("Loading failed", new SQLException("cannot load the batch", fatal));

        assertThat(LostConnection.in(failure)).isTrue();
        assertThat(LostConnection.serverSaid(failure)).isEqualTo("FATAL: terminating connection due to administrator command");
        assertThat(LostConnection.describe(failure))
                .isEqualTo("the connection to the warehouse was lost (the server said: FATAL: terminating connection due to administrator command)");
    }

    /** A session ended for sitting idle would end the same way again: said with the setting to raise, not "run it again". */
    @Test
    void aSessionEndedForSittingIdleNamesTheTimeoutAndRepeats() {
        SQLException inTransaction = new SQLException("FATAL: terminating connection due to idle-in-transaction timeout", "25P03");
        SQLException idle = new SQLException("FATAL: terminating connection due to idle-session timeout", "57P05");
        assertThat(LostConnection.repeats(new IllegalStateException("export failed", inTransaction))).isTrue();
        assertThat(LostConnection.describe(inTransaction)).contains("idle_in_transaction_session_timeout").contains("an export holds its read transaction");
        assertThat(LostConnection.describe(idle)).contains("idle_session_timeout").contains("a run's sessions wait while other models run");
        assertThat(LostConnection.repeats(new SQLException("FATAL: terminating connection due to administrator command", "57P01"))).isFalse();
    }

    @Test
    void aBrokenConnectionFoundOnlyInAFailedRollbackCounts() {
        SQLException copy = new SQLException("cannot load the batch: Ending write to copy failed.", new IOException("Broken pipe"));
        copy.addSuppressed(new SQLException("An I/O error occurred while sending to the backend.", "08006"));

        assertThat(LostConnection.in(copy)).isTrue();
        assertThat(LostConnection.serverSaid(copy)).isNull();
        assertThat(LostConnection.describe(copy)).isEqualTo("the connection to the warehouse was lost");
    }

    /** The dashboard answered 500 while PostgreSQL was down: its read pool says so as a UserException, which in() does not look into. */
    @Test
    void aServerThatCannotBeReachedNowIsUnreachableEvenWhenAUserExceptionSaysSo() {
        UserException down = new UserException("Cannot reach PostgreSQL at localhost:5432: Connection to localhost:5432 refused.",
                new SQLException("Connection to localhost:5432 refused.", "08001"));
        assertThat(LostConnection.in(down)).isFalse();
        assertThat(LostConnection.inOrUnreachable(new IllegalStateException("reading failed", down))).isTrue();
        assertThat(LostConnection.inOrUnreachable(new UserException("password authentication failed", new SQLException("FATAL", "28P01")))).isFalse();
        assertThat(LostConnection.inOrUnreachable(new SQLException("terminating connection due to administrator command", "57P01"))).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        SQLException syntax = new SQLException("syntax error at or near \"SELEC\"", "42601");
        syntax.setNextException(new SQLException("no state"));

        assertThat(LostConnection.in(syntax)).isFalse();
        assertThat(LostConnection.in(new UserException("Fix the option"))).isFalse();
        assertThat(LostConnection.in(new UserException("Cannot reach PostgreSQL at postgresql://a@db:5432/music: Connection refused.",
                new SQLException("Connection refused", "08001")))).as("a connection never made, which the message explains").isFalse();
        assertThat(LostConnection.serverSaid(syntax)).isNull();
    }
}
