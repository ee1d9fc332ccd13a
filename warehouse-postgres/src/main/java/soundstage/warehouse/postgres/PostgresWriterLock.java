package soundstage.warehouse.postgres;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import soundstage.core.LockHolder;
import soundstage.core.OpenOptions;
import soundstage.core.UserException;
import soundstage.core.WriterLock;

/**
 * The writer lock of a PostgreSQL warehouse: a session advisory lock on the database, held by the
 * writer's connection until it closes. The holder is the session that has it in {@code pg_locks};
 * {@code pg_stat_activity} tells its {@code application_name}, which every Soundstage session sets
 * to {@code soundstage COMMAND (pid PID on HOST)} ({@link #applicationName}), and when it began.
 *
 * <p>A session can outlive its client: the server only notices a dead client when it next talks to
 * it, so a process killed in the middle of a long statement leaves its session holding the lock
 * until the statement ends. A holder on this host whose process no longer runs is such a session:
 * it is ended ({@code pg_terminate_backend}, which rolls its transaction back) and the lock taken
 * over, with one line saying so. A holder on another host is never presumed dead.
 */
final class PostgresWriterLock {
    /** The advisory lock key of every Soundstage writer: "SNDSTAGE" as a number. */
    static final long KEY = 0x534E445354414745L;
    /** PostgreSQL keeps the first 63 bytes of an application_name. */
    private static final int NAME_BYTES = 63;
    private static final Pattern NAME = Pattern.compile("soundstage (\\S+) \\(pid (\\d+) on (.+)\\)");
    /** How long an ended session may take to let go of the lock. */
    private static final Duration TAKEOVER = Duration.ofSeconds(30);

    private PostgresWriterLock() {
    }

    /** The application_name of a session of {@code holder}, cut to what PostgreSQL keeps. */
    static String applicationName(LockHolder holder) {
        String name = holder.command() + " (pid " + holder.pid() + " on " + holder.host() + ")";
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= NAME_BYTES ? name : new String(bytes, 0, NAME_BYTES, StandardCharsets.UTF_8);
    }

    /**
     * Takes the lock on {@code connection}, waiting as {@code options} say. {@code lost} is the
     * backend process of this process's own session that was lost (0 for none): the server may not
     * have noticed yet that its client is gone, and its lock is taken over at once.
     *
     * @throws UserException naming the holder when another session keeps it
     */
    static void take(Connection connection, String address, OpenOptions options, int lost) throws Exception {
        WriterLock.take(() -> tryTake(connection, address, options.notices(), lost), address, options);
    }

    private static Optional<LockHolder> tryTake(Connection connection, String address, Consumer<String> notices, int lost) throws SQLException, InterruptedException {
        if (tryLock(connection)) {
            return Optional.empty();
        }
        Optional<Session> session = holder(connection);
        if (session.isEmpty()) {
            return tryLock(connection) ? Optional.empty() : Optional.of(new LockHolder("another session", 0, "", null));
        }
        LockHolder holder = session.get().holder();
        if (!holder.endedOnThisHost() && session.get().backend() != lost) {
            return Optional.of(holder);
        }
        try (PreparedStatement terminate = connection.prepareStatement("SELECT pg_terminate_backend(?)")) {
            terminate.setInt(1, session.get().backend());
            terminate.executeQuery().close();
        } catch (SQLException notAllowed) {
            return Optional.of(holder);   // another role's session: leave it to its owner
        }
        long deadline = System.nanoTime() + TAKEOVER.toNanos();
        while (System.nanoTime() < deadline) {
            if (tryLock(connection)) {
                notices.accept("took over the writer lock of warehouse '" + address + "' from " + holder.describe()
                        + ", which no longer runs; its session (backend " + session.get().backend() + ") was ended and its transaction rolled back");
                return Optional.empty();
            }
            Thread.sleep(50);
        }
        return Optional.of(holder);
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet locked = statement.executeQuery("SELECT pg_try_advisory_lock(" + KEY + ")")) {
            locked.next();
            return locked.getBoolean(1);
        }
    }

    /**
     * Whether a writer holds the lock of the database {@code connection} is on: a session holds
     * it, and it is not that of a Soundstage process of this machine that has ended (a writer
     * killed inside a statement leaves its session holding the lock until the next writer ends it).
     */
    static boolean held(Connection connection) throws SQLException {
        return holder(connection).filter(session -> !session.holder().endedOnThisHost()).isPresent();
    }

    /** A session holding the lock: its server process and who it says it is. */
    private record Session(int backend, LockHolder holder) {
    }

    private static Optional<Session> holder(Connection connection) throws SQLException {
        // A bigint advisory key shows in pg_locks as its high half (classid) and low half (objid), objsubid 1.
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT l.pid, a.application_name, a.backend_start, a.client_addr, a.usename "
                     + "FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid "
                     + "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
                     + "AND l.classid = " + (KEY >>> 32) + " AND l.objid = " + (KEY & 0xFFFFFFFFL) + " "
                     + "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
            if (!row.next()) {
                return Optional.empty();
            }
            int backend = row.getInt(1);
            String name = row.getString(2) == null ? "" : row.getString(2);
            java.sql.Timestamp started = row.getTimestamp(3);
            Instant since = started == null ? null : started.toInstant().truncatedTo(ChronoUnit.SECONDS);
            Matcher ours = NAME.matcher(name);
            if (ours.matches()) {
                return Optional.of(new Session(backend, new LockHolder("soundstage " + ours.group(1), Long.parseLong(ours.group(2)), ours.group(3), since)));
            }
            String client = row.getString(4);
            String user = row.getString(5);
            String who = "the session of PostgreSQL backend " + backend + (name.isEmpty() ? "" : " ('" + name + "'")
                    + (user == null ? "" : (name.isEmpty() ? " (" : ", ") + "user " + user) + (name.isEmpty() && user == null ? "" : ")");
            return Optional.of(new Session(backend, new LockHolder(who, 0, client == null ? "" : client, since)));
        }
    }
}
