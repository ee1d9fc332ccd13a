package soundstage.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Iterator;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server the tests use: {@value #VARIABLE} holds an address
 * ({@code postgresql://USER:PASSWORD@HOST:PORT/DATABASE}) of a user who may
 * create databases (./run-tests starts the local server and sets it). Each test gets a new
 * database; the databases of earlier tests are dropped as new ones are made (those still open
 * stay, and go with the next test run). Without the variable the tests are skipped, except in CI,
 * where they must run.
 */
public final class TestPostgres {
    public static final String VARIABLE = "SOUNDSTAGE_TEST_POSTGRES";
    public static final String HOW = "PostgreSQL tests skipped: run ./run-tests (it starts the local server) or set "
            + VARIABLE + "=postgresql://USER:PASSWORD@localhost:5432/postgres for a user with CREATEDB.";
    private static final AtomicInteger COUNT = new AtomicInteger();
    /**
     * How test databases sort text: the server's default, or with
     * {@code -Dsoundstage.test.postgres.icu=en} ICU's English order ("a" before "B", as most
     * databases outside this machine sort), which tells apart results that depend on the order of text.
     */
    private static final String COLLATION = System.getProperty("soundstage.test.postgres.icu", "").isEmpty() ? ""
            : " TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE '" + System.getProperty("soundstage.test.postgres.icu").replaceAll("[^A-Za-z_-]", "")
                    + "' LOCALE 'C.UTF-8'";
    private static final List<String> CREATED = new ArrayList<>();
    private static boolean told;
    private static boolean cleaned;

    private TestPostgres() {
    }

    /** The admin address, or skips the calling test (fails it in CI) when there is none. */
    public static synchronized String admin() {
        String address = System.getenv(VARIABLE);
        if (address == null || address.isBlank()) {
            if ("true".equals(System.getenv("CI"))) {
                fail(VARIABLE + " is not set in CI, where the PostgreSQL tests must run; .ci/run calls ./run-tests, which sets it.");
            }
            if (!told) {
                told = true;
                System.err.println(HOW);
            }
            Assumptions.abort(HOW);
        }
        return address;
    }

    /** A new, empty database; returns its address with the admin's credentials. */
    public static String newDatabase() throws SQLException {
        return newDatabase(COLLATION);
    }

    /** A new, empty database made with {@code options} after its name (such as {@code ENCODING 'SQL_ASCII' ...}). */
    public static synchronized String newDatabase(String options) throws SQLException {
        String name = "soundstage_test_" + ProcessHandle.current().pid() + "_" + COUNT.incrementAndGet();
        try (Connection admin = connect(admin()); Statement statement = admin.createStatement()) {
            if (!cleaned) {
                cleaned = true;
                try (ResultSet old = admin.createStatement().executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'soundstage\\_test\\_%'")) {
                    while (old.next()) {
                        // Left by an earlier test process; one still running (another module, another checkout) keeps its own.
                        String[] parts = old.getString(1).split("_");
                        boolean alive = parts.length == 4 && parts[2].matches("\\d+") && ProcessHandle.of(Long.parseLong(parts[2])).isPresent();
                        if (!alive) {
                            CREATED.add(old.getString(1));
                        }
                    }
                }
            }
            // Only those without a session: PostgreSQL refuses to drop a database in use, but only
            // after waiting 5 s for its sessions to end (a test keeps its warehouses open to its
            // end, so a test making several lost 5 s on each earlier one, at every new database).
            Set<String> inUse = new HashSet<>();
            try (ResultSet open = statement.executeQuery("SELECT DISTINCT datname FROM pg_stat_activity WHERE datname IS NOT NULL")) {
                while (open.next()) {
                    inUse.add(open.getString(1));
                }
            }
            for (Iterator<String> earlier = CREATED.iterator(); earlier.hasNext(); ) {
                String database = earlier.next();
                if (inUse.contains(database)) {
                    continue;
                }
                try {
                    statement.execute("DROP DATABASE IF EXISTS " + database);
                    earlier.remove();
                } catch (SQLException opened) {
                    // Opened since the query above: dropped later.
                }
            }
            statement.execute("CREATE DATABASE " + name + options);
        }
        CREATED.add(name);
        return withDatabase(admin(), name);
    }

    /** {@code address} with its database replaced by {@code database}. */
    public static String withDatabase(String address, String database) {
        URI uri = URI.create(address.replaceFirst("^jdbc:", ""));
        return address.substring(0, address.indexOf(uri.getRawPath())) + "/" + database
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    public static Connection connect(String address) throws SQLException {
        URI uri = URI.create(address.replaceFirst("^jdbc:", ""));
        String[] user = uri.getUserInfo() == null ? new String[] {System.getProperty("user.name")} : uri.getUserInfo().split(":", 2);
        Properties properties = new Properties();
        properties.setProperty("user", user[0]);
        if (user.length > 1) {
            properties.setProperty("password", user[1]);
        }
        return DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort()) + uri.getRawPath(), properties);
    }

    /**
     * Watches the sessions on {@code address}'s database from an admin session and terminates
     * the first one that runs a statement {@code LIKE queryPattern} (an administrator's
     * pg_terminate_backend, as a server restart would end it); completes with that statement's
     * text, or "none seen" after a minute.
     */
    public static CompletableFuture<String> terminateWhenRunning(String address, String queryPattern) throws SQLException {
        String database = URI.create(address.replaceFirst("^jdbc:", "")).getPath().substring(1);
        Connection admin = connect(admin());
        return CompletableFuture.supplyAsync(() -> {
            try (admin; PreparedStatement running = admin.prepareStatement("SELECT pid, query FROM pg_stat_activity "
                    + "WHERE datname = ? AND pid <> pg_backend_pid() AND state = 'active' AND query LIKE ?");
                 PreparedStatement terminate = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
                running.setString(1, database);
                running.setString(2, queryPattern);
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (System.nanoTime() < deadline) {
                    try (ResultSet row = running.executeQuery()) {
                        if (row.next()) {
                            terminate.setInt(1, row.getInt(1));
                            terminate.executeQuery().close();
                            return row.getString(2);
                        }
                    }
                    Thread.sleep(2);
                }
                return "none seen";
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
