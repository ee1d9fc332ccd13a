package soundstage.warehouse.postgres;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * A writer's connection that outlives its session. When the server ended the session (a
 * restart, an administrator's pg_terminate_backend) or the network dropped it, the statement that
 * was running fails as it would anyway, and the driver marks its connection closed; the next call
 * then opens a new session, set up as the first was (writer lock, session settings), instead of
 * failing with "This connection has been closed" for as long as the process runs. So a task that
 * failed that way is retried on a working session ({@code run}'s retries), the run's failure can
 * still be recorded, and a {@code schedule} that outlives a database restart keeps running.
 *
 * <p>It never continues a transaction on a new session: a new session begins only after a call
 * failed (the driver closes its connection when its session is lost), and that failure
 * reaches the caller, which rolls back. Statements made on the lost session stay broken.
 */
final class ReconnectingConnection implements InvocationHandler {
    /** Opens a new session, set up for writing; told the backend process of the lost session. */
    @FunctionalInterface
    interface Session {
        Connection open(int lostBackend) throws SQLException;
    }

    private final Session session;
    private final Consumer<String> notices;
    /** What the session is, for the notice: "the warehouse's session", "a model's session". */
    private final String what;
    private volatile Connection current;
    private int backend;
    private boolean closed;

    private ReconnectingConnection(Connection first, Session session, Consumer<String> notices, String what) throws SQLException {
        this.current = first;
        this.backend = backendOf(first);
        this.session = session;
        this.notices = notices;
        this.what = what;
    }

    /** The warehouse's session {@code first}, reopened by {@code session} whenever it was lost; {@code notices} hears each reconnection. */
    static Connection wrap(Connection first, Session session, Consumer<String> notices) throws SQLException {
        return wrap(first, session, notices, "the warehouse's session");
    }

    /** As {@link #wrap(Connection, Session, Consumer)}, for a session that {@code what} names in the notice, e.g. "a model's session". */
    static Connection wrap(Connection first, Session session, Consumer<String> notices, String what) throws SQLException {
        return (Connection) Proxy.newProxyInstance(ReconnectingConnection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new ReconnectingConnection(first, session, notices, what));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "close" -> {
                close();
                return null;
            }
            case "isClosed" -> {
                return isClosed();
            }
            case "equals" -> {
                return proxy == args[0];
            }
            case "hashCode" -> {
                return System.identityHashCode(proxy);
            }
            case "toString" -> {
                return "reconnecting " + current;
            }
            default -> {
                // Carries on below.
            }
        }
        try {
            return method.invoke(session(), args);   // outside the lock: a long statement holds nothing of ours
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The session to use: the current one, or a new one when the current one was lost. */
    private synchronized Connection session() throws SQLException {
        if (!closed && current.isClosed()) {
            int lost = backend;
            current = session.open(lost);
            backend = backendOf(current);
            notices.accept("lost " + what + " " + lost + " (what it had not committed was rolled back); reconnected as session " + backend);
        }
        return current;
    }

    private synchronized void close() throws SQLException {
        closed = true;
        current.close();
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private static int backendOf(Connection connection) throws SQLException {
        return connection.unwrap(org.postgresql.PGConnection.class).getBackendPID();
    }
}
