package soundstage.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestTransaction {
    /** A connection whose commit fails as a full disk does, and which then refuses to roll back or to commit again (as DuckDB's). */
    private static Connection afterAFailedWrite(List<String> calls) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
            calls.add(method.getName() + (args == null ? "" : "(" + args[0] + ")"));
            return switch (method.getName()) {
                case "commit" -> throw new SQLException("IO Error: Could not write file: No space left on device");
                case "rollback" -> throw new SQLException("TransactionContext Error: cannot rollback - no transaction is active");
                case "setAutoCommit" -> {
                    if ((Boolean) args[0]) {
                        throw new SQLException("TransactionContext Error: cannot commit - no transaction is active");
                    }
                    yield null;
                }
                default -> throw new UnsupportedOperationException(method.getName());
            };
        });
    }

    @Test
    void theFailureThatEndedTheWorkIsTheOneThrownAndAutoCommitIsTriedAgainEvenWhenRollbackFails() {
        List<String> calls = new ArrayList<>();
        assertThatThrownBy(() -> Transaction.run(afterAFailedWrite(calls), () -> "written"))
                .isInstanceOf(SQLException.class)
                .hasMessage("IO Error: Could not write file: No space left on device")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly(
                        "TransactionContext Error: cannot rollback - no transaction is active",
                        "TransactionContext Error: cannot commit - no transaction is active"));
        assertThat(calls).containsExactly("setAutoCommit(false)", "commit", "rollback", "setAutoCommit(true)");
    }
}
