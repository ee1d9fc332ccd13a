package soundstage.orchestrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which failures a task tries again: those that may pass, not those that would come back. */
class TestTransience {
    @Test
    void aLostConnectionIsTriedAgainButNotASessionEndedForSittingIdleLongerThanATimeout() {
        SQLException terminated = new SQLException("FATAL: terminating connection due to administrator command", "57P01");
        assertThat(Transience.isTransient(new IllegalStateException("model failed", terminated))).isTrue();
        for (String idle : new String[] {"25P03", "57P05"}) {
            SQLException ended = new SQLException("FATAL: terminating connection due to idle timeout", idle);
            assertThat(Transience.isTransient(new IllegalStateException("model failed", ended))).as(idle).isFalse();
        }
        assertThat(Transience.isTransient(new SQLException("syntax error", "42601"))).isFalse();
    }
}
