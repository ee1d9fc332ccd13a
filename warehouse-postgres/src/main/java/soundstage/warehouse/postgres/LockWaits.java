package soundstage.warehouse.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Says when a writer's session waits for a lock another session holds. A BI tool's session left
 * "idle in transaction" after reading a table holds it until it ends; a model that rebuilds that
 * table ({@code DROP TABLE}) then waits for it without a timeout, and every later reader of the
 * table waits behind the model. Before this, a run stood still with nothing said.
 *
 * <p>Every {@link #PERIOD} a daemon thread asks the server which of this process's sessions (the
 * sessions named {@code applicationName}) wait for a lock and on whom ({@code pg_blocking_pids}).
 * A wait seen twice in a row, so at least one period long, is said once per waiting and
 * blocking session (not when the blocker is one of this process's own: its models take turns), naming the blocker (backend, user, application, what it does, when it is
 * visible to this user) and what to do. Advisory locks are left out: the writer lock says who holds
 * it itself ({@link PostgresWriterLock}). The thread's own session is opened at its first look,
 * so a command shorter than one period opens none; a look that fails (the server restarting) is
 * tried again at the next.
 */
final class LockWaits implements AutoCloseable {
    /** How often to look; a wait is said once it was seen at two looks in a row. */
    static final Duration PERIOD = Duration.ofSeconds(5);

    /** Opens the thread's session. */
    @FunctionalInterface
    interface Session {
        Connection open() throws SQLException;
    }

    private static final String WAITS = """
            SELECT w.pid, b.pid, b.usename, b.application_name, b.state, extract(epoch FROM now() - b.xact_start)::bigint,
                   (SELECT string_agg(DISTINCT coalesce((SELECT n.nspname || '.' || c.relname FROM pg_class c
                                                         JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = l.relation),
                                                        'a ' || l.locktype), ', ')
                    FROM pg_locks l WHERE l.pid = w.pid AND NOT l.granted)
            FROM pg_stat_activity w
            CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS blocking(pid)
            LEFT JOIN pg_stat_activity b ON b.pid = blocking.pid
            WHERE w.application_name = ? AND w.datname = current_database() AND w.wait_event_type = 'Lock' AND w.wait_event <> 'advisory'
              AND b.application_name IS DISTINCT FROM w.application_name
            ORDER BY w.pid, b.pid""";

    private final Session session;
    private final String applicationName;
    private final String command;
    private final Consumer<String> notices;
    private final ScheduledExecutorService looks;
    private volatile Connection connection;
    /** The waits (waiting and blocking backend) seen at the last look, and those already said. */
    private Set<String> seen = Set.of();
    private final Set<String> said = new HashSet<>();

    private LockWaits(Session session, String applicationName, String command, Consumer<String> notices, Duration period) {
        this.session = session;
        this.applicationName = applicationName;
        this.command = command;
        this.notices = notices;
        this.looks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "soundstage-lock-waits");
            thread.setDaemon(true);
            return thread;
        });
        looks.scheduleWithFixedDelay(this::look, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Watches the sessions named {@code applicationName} (every session of this process) until
     * closed, telling {@code notices} of each long wait; {@code command} names the waiter ("run").
     */
    static LockWaits watch(Session session, String applicationName, String command, Consumer<String> notices) {
        return watch(session, applicationName, command, notices, PERIOD);
    }

    /** As {@link #watch(Session, String, String, Consumer)}, looking every {@code period}. */
    static LockWaits watch(Session session, String applicationName, String command, Consumer<String> notices, Duration period) {
        return new LockWaits(session, applicationName, command, notices, period);
    }

    private synchronized void look() {
        try {
            if (connection == null) {
                connection = session.open();
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET statement_timeout = '10s'");
                }
                if (looks.isShutdown()) {   // closed while it opened
                    closeSession();
                    return;
                }
            }
            Set<String> now = new HashSet<>();
            try (PreparedStatement statement = connection.prepareStatement(WAITS)) {
                statement.setString(1, applicationName);
                try (ResultSet wait = statement.executeQuery()) {
                    while (wait.next()) {
                        String key = wait.getInt(1) + " " + wait.getInt(2);
                        now.add(key);
                        if (seen.contains(key) && said.add(key)) {
                            notices.accept(notice(wait));
                        }
                    }
                }
            }
            seen = now;
        } catch (SQLException | RuntimeException e) {
            closeSession();   // opened again at the next look
        }
    }

    private String notice(ResultSet wait) throws SQLException {
        int blocker = wait.getInt(2);
        String user = wait.getString(3);
        String application = wait.getString(4);
        String state = wait.getString(5);
        long seconds = wait.getLong(6);
        boolean inTransaction = !wait.wasNull();   // null when this user may not see the session's details
        String what = wait.getString(7);
        StringBuilder who = new StringBuilder("session ").append(blocker).append(" (").append(user == null ? "another user" : "user " + user);
        if (application != null && !application.isEmpty()) {
            who.append(", application '").append(application).append('\'');
        }
        if (inTransaction) {
            String doing = "idle in transaction".equals(state) ? "idle in" : "active".equals(state) ? "running a statement in" : "in";
            who.append(", ").append(doing).append(" a transaction begun ").append(ago(seconds)).append(" ago");
        } else if (state != null) {
            who.append(", ").append(state);
        }
        who.append(')');
        return "waiting for a lock on " + (what == null ? "a table" : what) + " that " + who + " holds; " + command
                + " goes on when that session commits or rolls back (SELECT pg_terminate_backend(" + blocker + ") ends it and rolls its transaction back)";
    }

    private static String ago(long seconds) {
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 2 * 3600) {
            return seconds / 60 + " min";
        }
        return seconds / 3600 + " h";
    }

    private void closeSession() {
        Connection open = connection;
        connection = null;
        if (open != null) {
            try {
                open.close();
            } catch (SQLException e) {
                // A lost session: nothing to release.
            }
        }
    }

    @Override
    public void close() {
        looks.shutdownNow();
        try {
            looks.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeSession();   // a look still waiting on the server fails at once
    }
}
