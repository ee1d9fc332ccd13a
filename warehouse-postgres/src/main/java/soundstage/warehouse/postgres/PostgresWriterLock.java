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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import soundstage.core.LockHolder;
import soundstage.core.OpenOptions;
import soundstage.core.UserException;
import soundstage.core.WriterLock;

/**
 * The writer lock of a PostgreSQL warehouse: a session advisory lock on the database, held by the
 * writer's connection until it closes. The holder is the session that has it in {@code pg_locks};
 * {@code pg_stat_activity} tells its {@code application_name}, which every Soundstage session sets
 * to {@code soundstage COMMAND (pid PID #MARK on HOST)} ({@link #applicationName}; MARK is the
 * {@link soundstage.core.ProcessMark} of its machine and PID namespace), and when it began.
 *
 * <p>A session can outlive its client: the server only notices a dead client when it next talks to
 * it, so a process killed in the middle of a long statement leaves its session holding the lock
 * until the statement ends. A holder of this machine and PID namespace whose process no longer runs is such a session:
 * it is ended ({@code pg_terminate_backend}, which rolls its transaction back) and the lock taken
 * over, with one line saying so. A holder on another host is never presumed dead.
 *
 * <p>A writer's models may run on further sessions of its process ({@code openWorker}), which do
 * not hold the lock. So that none of them writes while another process holds the warehouse, every
 * writing session of a writer holds a second advisory lock, the work lock, in shared mode: the
 * writer's own session and each worker session, before it writes anything. A writer that takes
 * the warehouse takes the work lock exclusively for a moment first, which it gets only when no
 * session of another writer still holds it: a worker whose writer's session was lost (and with
 * it the lock) keeps the next writer out until it ends, and the sessions of a writer that no
 * longer runs are ended as its lock holder's are. A writer that opens its own lost session again
 * only joins the work lock, which its worker sessions hold beside it.
 */
final class PostgresWriterLock {
    /** The advisory lock key of every Soundstage writer: "SNDSTAGE" as a number. */
    static final long KEY = 0x534E445354414745L;
    /** The key of the work lock, held in shared mode by every writing session of the writer's process: "SNDSWORK". */
    static final long WORK_KEY = 0x534E4453574F524BL;
    /** PostgreSQL keeps the first 63 bytes of an application_name. */
    private static final int NAME_BYTES = 63;
    /**
     * A Soundstage session's name. The mark comes before the host, so that a name cut to what
     * PostgreSQL keeps still has it (and part of the host, without the closing parenthesis).
     * Versions before the mark wrote {@code (pid PID on HOST)}: such a holder's machine is unknown.
     */
    private static final Pattern NAME = Pattern.compile("soundstage (\\S+) \\(pid (\\d+)(?: #([0-9a-f]{8}))? on (.+?)\\)?");
    /** How long an ended session may take to let go of the lock. */
    private static final Duration TAKEOVER = Duration.ofSeconds(30);

    private PostgresWriterLock() {
    }

    /** The application_name of a session of {@code holder}, cut to what PostgreSQL keeps. */
    static String applicationName(LockHolder holder) {
        String name = holder.command() + " (pid " + holder.pid() + (holder.machine().isEmpty() ? "" : " #" + holder.machine()) + " on " + holder.host() + ")";
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
        try {
            WriterLock.take(() -> tryTake(connection, address, options.notices(), lost), address, options);
        } catch (UserException refused) {
            throw withWayToEnd(connection, refused);
        }
    }

    /**
     * {@code refused}, saying how to end the holder's session when whether it still runs cannot be
     * told from here: its machine has this host's name but another mark, as after this machine
     * restarted, when its session may outlive it for hours (until the server's TCP keepalive finds
     * the connection dead) and waiting would not help.
     */
    private static UserException withWayToEnd(Connection connection, UserException refused) throws SQLException {
        Optional<Session> holding = holder(connection);
        if (holding.isEmpty()) {
            holding = sessions(connection, WORK_KEY).stream().findFirst();
        }
        if (holding.isEmpty() || !holding.get().holder().elsewhereOnThisHostName()) {
            return refused;
        }
        return new UserException(refused.getMessage() + " It ran on a machine of this host's name that this process cannot look into (another container,"
                + " or this machine before it restarted): if it no longer runs, end its session: SELECT pg_terminate_backend(" + holding.get().backend() + ");", refused);
    }

    private static Optional<LockHolder> tryTake(Connection connection, String address, Consumer<String> notices, int lost) throws SQLException, InterruptedException {
        Optional<LockHolder> refused = tryTakeWriterLock(connection, address, notices, lost);
        if (refused.isPresent()) {
            return refused;
        }
        Optional<LockHolder> working = lost != 0 ? joinWork(connection) : claimWork(connection, address, notices);
        if (working.isPresent()) {
            run(connection, "pg_advisory_unlock(" + KEY + ")");
        }
        return working;
    }

    /**
     * Holds the work lock in shared mode on the session of a model that runs beside others, or
     * throws when it cannot (another process is taking the warehouse this moment).
     */
    static void joinAsWorker(Connection worker) throws SQLException {
        if (joinWork(worker).isPresent()) {
            throw new SQLException("another process is taking the warehouse's writer lock", "55P03");
        }
    }

    private static Optional<LockHolder> joinWork(Connection connection) throws SQLException {
        return call(connection, "pg_try_advisory_lock_shared(" + WORK_KEY + ")") ? Optional.empty() : Optional.of(new LockHolder("another session", 0, "", null));
    }

    /**
     * The work lock for a writer that just took the writer lock: in shared mode, once no session
     * of another process holds it. Sessions of a writer on this host that no longer runs are
     * ended (its models, still inside their statements); a session of a writer that runs, or of
     * another host, is its holder.
     */
    private static Optional<LockHolder> claimWork(Connection connection, String address, Consumer<String> notices) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TAKEOVER.toNanos();
        boolean ended = false;
        while (true) {
            if (tryLock(connection, WORK_KEY)) {
                run(connection, "pg_advisory_lock_shared(" + WORK_KEY + ")");
                run(connection, "pg_advisory_unlock(" + WORK_KEY + ")");
                return Optional.empty();
            }
            List<Session> sessions = sessions(connection, WORK_KEY);
            Optional<Session> alive = sessions.stream().filter(session -> !session.holder().endedOnThisHost()).findFirst();
            if (alive.isPresent()) {
                return Optional.of(alive.get().holder());
            }
            if (!ended && !sessions.isEmpty()) {
                for (Session session : sessions) {
                    if (!terminate(connection, session.backend())) {
                        return Optional.of(session.holder());
                    }
                }
                ended = true;
                notices.accept("ended the sessions of " + sessions.get(0).holder().describe() + " that still worked on warehouse '" + address
                        + "' (backends " + sessions.stream().map(session -> String.valueOf(session.backend())).collect(Collectors.joining(", "))
                        + "), which no longer runs; their transactions were rolled back");
            }
            if (System.nanoTime() > deadline) {
                return Optional.of(sessions.isEmpty() ? new LockHolder("another session", 0, "", null) : sessions.get(0).holder());
            }
            Thread.sleep(50);
        }
    }

    private static Optional<LockHolder> tryTakeWriterLock(Connection connection, String address, Consumer<String> notices, int lost) throws SQLException, InterruptedException {
        if (tryLock(connection, KEY)) {
            return Optional.empty();
        }
        Optional<Session> session = holder(connection);
        if (session.isEmpty()) {
            return tryLock(connection, KEY) ? Optional.empty() : Optional.of(new LockHolder("another session", 0, "", null));
        }
        LockHolder holder = session.get().holder();
        if (!holder.endedOnThisHost() && session.get().backend() != lost) {
            return Optional.of(holder);
        }
        if (!terminate(connection, session.get().backend())) {
            return Optional.of(holder);
        }
        long deadline = System.nanoTime() + TAKEOVER.toNanos();
        while (System.nanoTime() < deadline) {
            if (tryLock(connection, KEY)) {
                notices.accept("took over the writer lock of warehouse '" + address + "' from " + holder.describe()
                        + ", which no longer runs; its session (backend " + session.get().backend() + ") was ended and its transaction rolled back");
                return Optional.empty();
            }
            Thread.sleep(50);
        }
        return Optional.of(holder);
    }

    private static boolean tryLock(Connection connection, long key) throws SQLException {
        return call(connection, "pg_try_advisory_lock(" + key + ")");
    }

    /** Calls a lock function that says whether it got the lock: {@code SELECT call}. */
    private static boolean call(Connection connection, String call) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("SELECT " + call)) {
            result.next();
            return result.getBoolean(1);
        }
    }

    /** Calls a lock function for what it does: {@code SELECT call}. */
    private static void run(Connection connection, String call) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT " + call).close();
        }
    }

    /** Ends the session of {@code backend}; false when this user may not (another role's session: left to its owner). */
    private static boolean terminate(Connection connection, int backend) throws SQLException {
        try (PreparedStatement terminate = connection.prepareStatement("SELECT pg_terminate_backend(?)")) {
            terminate.setInt(1, backend);
            terminate.executeQuery().close();
            return true;
        } catch (SQLException notAllowed) {
            return false;
        }
    }

    /**
     * Whether a writer holds the lock of the database {@code connection} is on: a session holds
     * it, and it is not that of a Soundstage process of this machine that has ended (a writer
     * killed inside a statement leaves its session holding the lock until the next writer ends it).
     */
    static boolean held(Connection connection) throws SQLException {
        return holder(connection).filter(session -> !session.holder().endedOnThisHost()).isPresent()
                || sessions(connection, WORK_KEY).stream().anyMatch(session -> !session.holder().endedOnThisHost());
    }

    /** A session holding the lock: its server process and who it says it is. */
    private record Session(int backend, LockHolder holder) {
    }

    private static Optional<Session> holder(Connection connection) throws SQLException {
        return sessions(connection, KEY).stream().findFirst();
    }

    /** The other sessions that hold advisory lock {@code key} on this database, in any mode. */
    private static List<Session> sessions(Connection connection, long key) throws SQLException {
        // A bigint advisory key shows in pg_locks as its high half (classid) and low half (objid), objsubid 1.
        List<Session> sessions = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT l.pid, a.application_name, a.backend_start, a.client_addr, a.usename "
                     + "FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid "
                     + "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.pid <> pg_backend_pid() "
                     + "AND l.classid = " + (key >>> 32) + " AND l.objid = " + (key & 0xFFFFFFFFL) + " "
                     + "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY l.pid")) {
            while (row.next()) {
                sessions.add(session(row));
            }
        }
        return sessions;
    }

    private static Session session(ResultSet row) throws SQLException {
        int backend = row.getInt(1);
        String name = row.getString(2) == null ? "" : row.getString(2);
        java.sql.Timestamp started = row.getTimestamp(3);
        Instant since = started == null ? null : started.toInstant().truncatedTo(ChronoUnit.SECONDS);
        Matcher ours = NAME.matcher(name);
        if (ours.matches()) {
            return new Session(backend, new LockHolder("soundstage " + ours.group(1), Long.parseLong(ours.group(2)), ours.group(4), since,
                    ours.group(3) == null ? "" : ours.group(3)));
        }
        String client = row.getString(4);
        String user = row.getString(5);
        String who = "the session of PostgreSQL backend " + backend + (name.isEmpty() ? "" : " ('" + name + "'")
                + (user == null ? "" : (name.isEmpty() ? " (" : ", ") + "user " + user) + (name.isEmpty() && user == null ? "" : ")");
        return new Session(backend, new LockHolder(who, 0, client == null ? "" : client, since));
    }
}
