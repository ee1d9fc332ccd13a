package soundstage.warehouse.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import soundstage.core.LockHolder;
import soundstage.core.OpenOptions;
import soundstage.core.ProcessMark;
import soundstage.core.UserException;
import soundstage.testing.TestPostgres;

/**
 * Bad configuration against a real server: each mistake is one line that names the problem and
 * the fix, never shows the password, and changes nothing.
 */
class TestPostgresConfiguration {
    @TempDir
    Path dir;

    private static String admin() {
        return TestPostgres.admin();
    }

    private static String user() {
        return PostgresAddress.parse(admin(), System.getenv()).user();
    }

    @Test
    void aWrongPasswordIsOneLine() {
        String address = withPassword(admin(), "not-the-password");
        assertThatThrownBy(() -> PostgresWarehouse.open(address, Map.of()))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("refused the password of user " + user())
                .hasMessageEndingWith("Check the password in the address (percent-encoded: / ? # @ % and space as %2F %3F %23 %40 %25 %20).")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-the-password").doesNotContain("\n"));
        // From the environment: that is where to look.
        assertThatThrownBy(() -> PostgresWarehouse.open(withPassword(admin(), null), Map.of("PGPASSWORD", "not-the-password")))
                .isInstanceOf(UserException.class)
                .hasMessageEndingWith("Check PGPASSWORD or the line for this server in ~/.pgpass.");
    }

    @Test
    void aMissingDatabaseIsOneLine() {
        String address = TestPostgres.withDatabase(admin(), "no_such_database_here");
        assertThatThrownBy(() -> PostgresWarehouse.open(address))
                .isInstanceOf(UserException.class)
                .hasMessageStartingWith("Database 'no_such_database_here' does not exist on postgresql://")
                .hasMessageEndingWith("Create it (createdb no_such_database_here) or name another database in --warehouse.");
    }

    @Test
    void aPortWhereNoServerListensIsOneLine() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String address = "postgresql://" + user() + "@127.0.0.1:" + port + "/anything";
        assertThatThrownBy(() -> PostgresWarehouse.open(address))
                .isInstanceOf(UserException.class)
                .hasMessageStartingWith("Cannot reach PostgreSQL at postgresql://" + user() + "@127.0.0.1:" + port + "/anything: ")
                .hasMessageEndingWith("Check that the server is running and that host and port are right.");
    }

    /** An address that asks for SSL of a server without it blamed the host and port. */
    @Test
    void sslAskedOfAServerWithoutItIsOneLineAboutSsl() throws Exception {
        String database = TestPostgres.newDatabase();
        try (Connection connection = TestPostgres.connect(database); Statement statement = connection.createStatement(); ResultSet ssl = statement.executeQuery("SHOW ssl")) {
            ssl.next();
            org.junit.jupiter.api.Assumptions.assumeTrue(ssl.getString(1).equals("off"), "the test server accepts SSL: nothing to refuse");
        }
        String address = database + (database.contains("?") ? "&" : "?") + "sslmode=require";
        assertThatThrownBy(() -> PostgresWarehouse.open(address))
                .isInstanceOf(UserException.class)
                .hasMessageEndingWith(" does not accept SSL connections, and the address asks for one (its sslmode). "
                        + "Connect without SSL (sslmode=prefer in --warehouse), or turn ssl on at the server.");
    }

    /** A user at its CONNECTION LIMIT (or a server at max_connections) said what happened, not what to do. */
    @Test
    void aConnectionLimitReachedIsOneLineSayingWhatToRaise() throws Exception {
        String database = TestPostgres.newDatabase();
        PostgresAddress admin = PostgresAddress.parse(database, System.getenv());
        String role = "soundstage_test_limited_" + ProcessHandle.current().pid();
        grant("DROP ROLE IF EXISTS " + role + "; CREATE ROLE " + role + " LOGIN CONNECTION LIMIT 0 PASSWORD 'limited'", database);
        try {
            String limited = addressAs(role, "limited", database);
            assertThatThrownBy(() -> PostgresWarehouse.open(limited, Map.of()))
                    .isInstanceOf(UserException.class)
                    .hasMessageMatching("PostgreSQL at postgresql://" + role + "@[^ ]+ refused the connection: too many connections for role \"" + role + "\"\\. "
                            + "End sessions no longer needed \\(pg_stat_activity lists them\\), or raise the limit: max_connections of the server, "
                            + "or the CONNECTION LIMIT of the user or the database \\(ALTER ROLE " + role + " CONNECTION LIMIT n\\)\\. A run uses three sessions\\.");
        } finally {
            dropRole(role, database);
        }
    }

    /** A port that takes the connection and never answers (another program's) used to hang the command with sslmode=disable. */
    @Test
    void aServerThatNeverAnswersIsOneLineAfterTheLoginTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());   // and never a byte back
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String address = "postgresql://ana@127.0.0.1:" + silent.getLocalPort() + "/anything?sslmode=disable";
            long started = System.nanoTime();
            assertThatThrownBy(() -> PostgresWarehouse.open(address))
                    .isInstanceOf(UserException.class)
                    .hasMessageStartingWith("Cannot reach PostgreSQL at postgresql://ana@127.0.0.1:" + silent.getLocalPort() + "/anything: ")
                    .hasMessageEndingWith("Check that the server is running and that host and port are right.");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(40));
        }
    }

    @Test
    void aBadParameterIsAboutTheParameterNotTheServer() {
        assertThatThrownBy(() -> PostgresWarehouse.open("postgresql://ana@127.0.0.1:1/spotify?sslmode=bogus"))
                .isInstanceOf(UserException.class)
                .hasMessage("Cannot use the PostgreSQL address postgresql://ana@127.0.0.1:1/spotify: Invalid sslmode value: bogus. Fix that parameter in --warehouse.");
    }

    /** The driver took it with a warning of two java.util.logging lines on stderr, and went on without it. */
    @Test
    void aTimeoutThatIsNotANumberIsOneLine() {
        assertThatThrownBy(() -> PostgresWarehouse.open("postgresql://ana@127.0.0.1:1/spotify?loginTimeout=abc"))
                .isInstanceOf(UserException.class)
                .hasMessageStartingWith("Cannot read the PostgreSQL address: its parameter loginTimeout=abc is not a number of seconds (0 or more). Write it as ");
    }

    /** An ApplicationName in the address replaced the session name the writer lock finds its holder by: a killed writer's lock was never taken over. */
    @Test
    void anApplicationNameInTheAddressIsRefused() {
        for (String key : List.of("ApplicationName", "application_name")) {
            assertThatThrownBy(() -> PostgresWarehouse.open("postgresql://ana@127.0.0.1:1/spotify?sslmode=disable&" + key + "=bi"))
                    .isInstanceOf(UserException.class)
                    .hasMessage("Cannot use the PostgreSQL address: its parameter " + key + " is Soundstage's own (each session is named after the command "
                            + "that opened it, which is how a writer that died is told from one at work). Remove it from the address.");
        }
    }

    /** A carriage return or space copied with the address gave "Illegal character in path", naming neither. */
    @Test
    void aCarriageReturnOrSpaceInTheAddressIsNamed() {
        assertThatThrownBy(() -> PostgresWarehouse.open("postgresql://ana@127.0.0.1:1/spotify\r"))
                .isInstanceOf(UserException.class)
                .hasMessageStartingWith("Cannot read the PostgreSQL address: it holds a carriage return (a line of a file with Windows line endings?) at its end "
                        + "(remove it; write a space in a user or password as %20). Write it as ");
        assertThatThrownBy(() -> PostgresWarehouse.open(" postgresql://ana@127.0.0.1:1/spotify"))
                .hasMessageStartingWith("Cannot read the PostgreSQL address: it holds a space at its start (remove it;");
        assertThatThrownBy(() -> PostgresWarehouse.open("postgresql://127.0.0.1:1/my db"))
                .hasMessageStartingWith("Cannot read the PostgreSQL address: it holds a space, character 28 (remove it;");
    }

    @Test
    void anUnknownHostIsOneLine() {
        assertThatThrownBy(() -> PostgresWarehouse.open("postgresql://ana@no-such-host.invalid/spotify"))
                .isInstanceOf(UserException.class)
                .hasMessage("Cannot reach PostgreSQL at postgresql://ana@no-such-host.invalid:5432/spotify: the host name is unknown. Check the host in --warehouse.");
    }

    @Test
    void noPasswordWhereOneIsNeededIsOneLine() {
        String address = withPassword(admin(), null);
        System.setProperty("org.postgresql.pgpassfile", dir.resolve("absent").toString());
        try {
            assertThatThrownBy(() -> PostgresWarehouse.open(address, Map.of()))
                    .isInstanceOf(UserException.class)
                    .hasMessageEndingWith("and none was given. Set PGPASSWORD or add a line for it to " + dir.resolve("absent") + " (mode 0600).");
        } finally {
            System.clearProperty("org.postgresql.pgpassfile");
        }
    }

    @Test
    void thePasswordMayComeFromAPgpassFile() throws Exception {
        String database = TestPostgres.newDatabase();
        Path pgpass = pgpassFor(database, "rw-------");
        System.setProperty("org.postgresql.pgpassfile", pgpass.toString());
        try (PostgresWarehouse warehouse = PostgresWarehouse.open(withPassword(database, null), Map.of())) {
            assertThat(warehouse.dialect()).isEqualTo("postgresql");
        } finally {
            System.clearProperty("org.postgresql.pgpassfile");
        }
    }

    /** psql ignores a password file others may read; the driver uses it. It is used, and said once, with the fix. */
    @Test
    void aPgpassFileOthersMayReadIsUsedAndSaidOnce() throws Exception {
        String database = TestPostgres.newDatabase();
        Path pgpass = pgpassFor(database, "rw-r--r--");
        System.setProperty("org.postgresql.pgpassfile", pgpass.toString());
        List<String> notices = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                try (PostgresWarehouse warehouse = PostgresWarehouse.open(PostgresAddress.parse(withPassword(database, null), Map.of()), OpenOptions.DEFAULTS.withNotices(notices::add))) {
                    assertThat(warehouse.dialect()).isEqualTo("postgresql");
                }
            }
        } finally {
            System.clearProperty("org.postgresql.pgpassfile");
        }
        assertThat(notices).containsExactly("the password file " + pgpass + " may be read by other users (rw-r--r--; psql ignores such a file,"
                + " Soundstage's driver reads it): make it private with chmod 600 " + pgpass);
    }

    /**
     * A SQL_ASCII database took every command and passed every check, with text as bytes (no name
     * repaired, lengths in bytes); a LATIN1 one failed part-way and kept a half-made warehouse.
     */
    @Test
    void aDatabaseNotInUtf8IsOneLineAndNothingIsCreated() throws Exception {
        for (String encoding : List.of("SQL_ASCII", "LATIN1")) {
            String database = TestPostgres.newDatabase(" ENCODING '" + encoding + "' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
            String name = database.substring(database.lastIndexOf('/') + 1).replaceFirst("\\?.*", "");
            assertThatThrownBy(() -> PostgresWarehouse.open(database, Map.of()))
                    .isInstanceOf(UserException.class)
                    .hasMessageEndingWith(" has encoding " + encoding + "; a warehouse needs UTF8 (names, their repair and their lengths are UTF-8 text). "
                            + "Create one with: createdb -E UTF8 -T template0 " + name + "_utf8");
            try (Connection admin = TestPostgres.connect(database); Statement statement = admin.createStatement();
                 ResultSet schemas = statement.executeQuery("SELECT count(*) FROM information_schema.schemata WHERE schema_name IN ('meta', 'source', 'staging', 'analytics', 'dashboard')")) {
                schemas.next();
                assertThat(schemas.getInt(1)).as(encoding).isZero();
            }
            if (encoding.equals("SQL_ASCII")) {
                // A warehouse made there before this refusal keeps working: its writers are warned, not locked out.
                try (Connection connection = TestPostgres.connect(database)) {
                    soundstage.core.SchemaMigrations.migrate(connection, "postgresql", database);
                }
                List<String> notices = new java.util.ArrayList<>();
                PostgresWarehouse.open(PostgresAddress.parse(database, System.getenv()), OpenOptions.DEFAULTS.withNotices(notices::add)).close();
                assertThat(notices).singleElement().asString().endsWith(" has encoding SQL_ASCII; a warehouse needs UTF8 (names, their repair and their "
                        + "lengths are UTF-8 text). Create one with: createdb -E UTF8 -T template0 " + name + "_utf8, then ingest its files into that one");
            }
        }
    }

    @Test
    void aUserWithoutPrivilegesGetsOneLineAndNothingIsCreated() throws Exception {
        String database = TestPostgres.newDatabase();
        try (Connection admin = TestPostgres.connect(database); Statement statement = admin.createStatement()) {
            statement.execute("DROP ROLE IF EXISTS soundstage_test_reader");
            statement.execute("CREATE ROLE soundstage_test_reader LOGIN PASSWORD 'reader'");
        }
        String reader = addressAs("soundstage_test_reader", "reader", database);
        try {
            assertThatThrownBy(() -> PostgresWarehouse.open(reader, Map.of()))
                    .isInstanceOf(UserException.class)
                    .hasMessageStartingWith("User soundstage_test_reader may not create the warehouse's schemas in database '")
                    .hasMessageContaining("GRANT CREATE ON DATABASE");
            try (Connection admin = TestPostgres.connect(database); Statement statement = admin.createStatement();
                 ResultSet schemas = statement.executeQuery("SELECT count(*) FROM information_schema.schemata WHERE schema_name IN ('meta', 'source', 'staging', 'analytics', 'dashboard')")) {
                schemas.next();
                assertThat(schemas.getInt(1)).isZero();
            }
        } finally {
            try (Connection admin = TestPostgres.connect(database); Statement statement = admin.createStatement()) {
                statement.execute("DROP ROLE soundstage_test_reader");
            }
        }
    }

    /**
     * A database administrator who gives a role the warehouse's schemas, made for it, and not the
     * CREATE privilege on the database: the role makes its warehouse there. (Each migration's
     * CREATE SCHEMA IF NOT EXISTS needed that privilege even for a schema that exists.) A schema
     * missing is still one line saying what to grant.
     */
    @Test
    void aRoleGivenTheWarehousesSchemasButNotTheDatabaseMakesItsWarehouseThere() throws Exception {
        String database = TestPostgres.newDatabase();
        String role = "soundstage_test_owner_" + ProcessHandle.current().pid();
        grant("DROP ROLE IF EXISTS " + role + "; CREATE ROLE " + role + " LOGIN PASSWORD 'owner'; GRANT " + role + " TO "
                + PostgresAddress.parse(database, System.getenv()).user() + "; REVOKE CREATE ON DATABASE " + PostgresAddress.parse(database, System.getenv()).database()
                + " FROM PUBLIC", database);
        String owner = addressAs(role, "owner", database);
        try {
            grant("CREATE SCHEMA meta AUTHORIZATION " + role + "; CREATE SCHEMA source AUTHORIZATION " + role + "; CREATE SCHEMA staging AUTHORIZATION " + role
                    + "; CREATE SCHEMA analytics AUTHORIZATION " + role + "; CREATE SCHEMA dashboard AUTHORIZATION " + role, database);
            assertThatThrownBy(() -> PostgresWarehouse.open(owner, Map.of()))
                    .as("central, which version 2 adds, was not made")
                    .isInstanceOf(UserException.class)
                    .hasMessageStartingWith("User " + role + " may not create the warehouse's schemas in database '")
                    .hasMessageContaining("GRANT CREATE ON DATABASE");

            grant("CREATE SCHEMA central AUTHORIZATION " + role, database);
            try (PostgresWarehouse warehouse = PostgresWarehouse.open(owner, Map.of()); Statement statement = warehouse.connection().createStatement();
                 ResultSet tables = statement.executeQuery("SELECT count(*), count(*) FILTER (WHERE tableowner = '" + role + "') FROM pg_tables "
                         + "WHERE schemaname IN ('meta', 'source', 'staging', 'central')")) {
                tables.next();
                assertThat(tables.getInt(1)).isPositive();
                assertThat(tables.getInt(2)).as("every table the role's").isEqualTo(tables.getInt(1));
            }
            PostgresWarehouse.open(owner, Map.of()).close();   // and again, at the latest version
        } finally {
            dropRole(role, database);
        }
    }

    /** Without TEMPORARY on the database, ingests worked and every run failed in its first model, no fix named: refused at once, with the GRANT. */
    @Test
    void aUserWhoMayNotMakeTemporaryTablesIsOneLine() throws Exception {
        String database = TestPostgres.newDatabase();
        String name = PostgresAddress.parse(database, System.getenv()).database();
        String role = "soundstage_test_notemp_" + ProcessHandle.current().pid();
        grant("DROP ROLE IF EXISTS " + role + "; CREATE ROLE " + role + " LOGIN PASSWORD 'owner'; GRANT CONNECT, CREATE ON DATABASE " + name + " TO " + role
                + "; REVOKE TEMPORARY ON DATABASE " + name + " FROM PUBLIC", database);
        String owner = addressAs(role, "owner", database);
        try {
            assertThatThrownBy(() -> PostgresWarehouse.open(owner, Map.of()))
                    .isInstanceOf(UserException.class)
                    .hasMessage("User " + role + " may not create temporary tables in database " + name + ", which every run's models use. "
                            + "Ask its owner to: GRANT TEMPORARY ON DATABASE " + name + " TO " + role + ";");
            grant("GRANT TEMPORARY ON DATABASE " + name + " TO " + role, database);
            PostgresWarehouse.open(owner, Map.of()).close();
        } finally {
            dropRole(role, database);
        }
        // A member of the owning role works as it (SET ROLE), so the models make their temporary tables as the owner:
        // checked for the member, a member with TEMPORARY of its own passed, and every run then failed.
        String memberDatabase = TestPostgres.newDatabase();
        String memberName = PostgresAddress.parse(memberDatabase, System.getenv()).database();
        String admin = PostgresAddress.parse(memberDatabase, System.getenv()).user();
        String ownerRole = "soundstage_test_tmpowner_" + ProcessHandle.current().pid();
        grant("DROP ROLE IF EXISTS " + ownerRole + "; CREATE ROLE " + ownerRole + "; GRANT " + ownerRole + " TO " + admin
                + "; REVOKE TEMPORARY ON DATABASE " + memberName + " FROM PUBLIC", memberDatabase);
        try {
            grant(String.join("; ", PostgresWarehouse.SCHEMAS.stream().map(schema -> "CREATE SCHEMA " + schema + " AUTHORIZATION " + ownerRole).toList()), memberDatabase);
            assertThatThrownBy(() -> PostgresWarehouse.open(memberDatabase, Map.of()))
                    .isInstanceOf(UserException.class)
                    .hasMessage("User " + ownerRole + " may not create temporary tables in database " + memberName + ", which every run's models use. "
                            + "Ask its owner to: GRANT TEMPORARY ON DATABASE " + memberName + " TO " + ownerRole + ";");
        } finally {
            dropRole(ownerRole, memberDatabase);
        }
    }

    /**
     * A table the writer may not read is not a table dropped by hand: PostgreSQL's
     * information_schema leaves it out, and a run was refused with "no table staging.sparkify_events
     * (dropped by hand?) ... restore the warehouse from a copy" for a warehouse that was whole.
     */
    @Test
    void aTableTheWriterMayNotReadIsNotTakenForOneDroppedByHand() throws Exception {
        String database = TestPostgres.newDatabase();
        String role = "soundstage_test_owner_" + ProcessHandle.current().pid();
        String other = "soundstage_test_other_" + ProcessHandle.current().pid();
        grant("DROP ROLE IF EXISTS " + role + "; CREATE ROLE " + role + " LOGIN PASSWORD 'owner'; GRANT CREATE ON DATABASE "
                + PostgresAddress.parse(database, System.getenv()).database() + " TO " + role, database);
        String owner = addressAs(role, "owner", database);
        try {
            PostgresWarehouse.open(owner, Map.of()).close();
            String admin = PostgresAddress.parse(database, System.getenv()).user();
            grant("DROP ROLE IF EXISTS " + other + "; CREATE ROLE " + other + "; GRANT " + other + ", " + role + " TO " + admin, database);
            grant("GRANT CREATE ON SCHEMA staging TO " + other + "; ALTER TABLE staging.sparkify_events OWNER TO " + other, database);
            soundstage.transform.ModelGraph graph = soundstage.transform.ModelGraph.load("postgresql");
            try (PostgresWarehouse warehouse = PostgresWarehouse.open(owner, Map.of())) {
                new soundstage.transform.ModelRunner(warehouse, graph).requireTablesTheSchemaMade(graph.models());   // no refusal
            }
            grant("DROP TABLE staging.sparkify_events", database);
            try (PostgresWarehouse warehouse = PostgresWarehouse.open(owner, Map.of())) {
                assertThatThrownBy(() -> new soundstage.transform.ModelRunner(warehouse, graph).requireTablesTheSchemaMade(graph.models()))
                        .isInstanceOf(UserException.class).hasMessageStartingWith("This warehouse has no table staging.sparkify_events (dropped by hand?)");
            }
        } finally {
            dropRole(other, database);
            dropRole(role, database);
        }
    }

    @Test
    void aDatabaseWhoseTablesShareTheWarehousesSchemasIsRefusedAndLeftAsItIs() throws Exception {
        String database = TestPostgres.newDatabase();
        grant("CREATE SCHEMA analytics; CREATE TABLE analytics.users (id integer, email text); INSERT INTO analytics.users VALUES (1, 'a@b.c')", database);

        assertThatThrownBy(() -> PostgresWarehouse.open(database, Map.of()))
                .isInstanceOf(UserException.class)
                .hasMessageStartingWith("Database postgresql://")
                .hasMessageEndingWith(" already holds a table in schemas a warehouse writes (analytics.users); its runs would replace tables of the same names."
                        + " Give Soundstage a database of its own (createdb soundstage), or move those tables out of the schemas meta, source, staging,"
                        + " central, analytics, dashboard.");
        try (Connection admin = TestPostgres.connect(database); Statement statement = admin.createStatement();
             ResultSet rows = statement.executeQuery("SELECT (SELECT count(*) FROM analytics.users), "
                     + "(SELECT count(*) FROM information_schema.schemata WHERE schema_name IN ('meta', 'source', 'staging', 'central', 'dashboard'))")) {
            rows.next();
            assertThat(rows.getInt(1)).as("the team's rows").isEqualTo(1);
            assertThat(rows.getInt(2)).as("schemas created").isZero();
        }
    }

    /** Another tool's meta.schema_version: migrating "from" its version failed half-way ("schema source does not exist"). */
    @Test
    void anotherToolsSchemaVersionTableIsRefusedAndLeftAsItIs() throws Exception {
        String database = TestPostgres.newDatabase();
        grant("CREATE SCHEMA meta; CREATE TABLE meta.schema_version (version integer, note text); INSERT INTO meta.schema_version VALUES (1, 'theirs')", database);
        assertThatThrownBy(() -> PostgresWarehouse.open(database, Map.of()))
                .isInstanceOf(UserException.class)
                .hasMessageStartingWith("Warehouse 'postgresql://")
                .hasMessageEndingWith("' has a table meta.schema_version (at version 1) but no meta.files: another tool's, not a Soundstage warehouse, "
                        + "which is left as it is. Give Soundstage a database (or file) of its own.");
        try (Connection admin = TestPostgres.connect(database); Statement statement = admin.createStatement();
             ResultSet rows = statement.executeQuery("SELECT (SELECT count(*) FROM meta.schema_version), "
                     + "(SELECT count(*) FROM information_schema.schemata WHERE schema_name IN ('source', 'staging', 'central', 'analytics', 'dashboard'))")) {
            rows.next();
            assertThat(rows.getInt(1)).as("their rows").isEqualTo(1);
            assertThat(rows.getInt(2)).as("schemas created").isZero();
        }
        // Of other shapes (Flyway's text version, none at all), it failed with the database's words ("column version does not exist").
        for (String shape : List.of("installed_rank integer, version varchar(50)", "id text, note text")) {
            String other = TestPostgres.newDatabase();
            grant("CREATE SCHEMA meta; CREATE TABLE meta.schema_version (" + shape + ")", other);
            assertThatThrownBy(() -> PostgresWarehouse.open(other, Map.of()))
                    .isInstanceOf(UserException.class)
                    .hasMessageEndingWith("' has a table meta.schema_version without Soundstage's integer column version: another tool's, not a Soundstage "
                            + "warehouse, which is left as it is. Give Soundstage a database (or file) of its own.");
        }
    }

    @Test
    void aReaderOfADatabaseWithoutAWarehouseIsRefusedAndNothingIsCreated() throws Exception {
        String database = TestPostgres.newDatabase();
        for (OpenOptions options : List.of(OpenOptions.DEFAULTS.withReadOnly(true), OpenOptions.DEFAULTS.withMustExist(true))) {
            assertThatThrownBy(() -> PostgresWarehouse.open(PostgresAddress.parse(database, System.getenv()), options))
                    .isInstanceOf(UserException.class)
                    .hasMessageStartingWith("There is no warehouse in postgresql://")
                    .hasMessageEndingWith(": the database holds no Soundstage schema. Ingest and run something into it first, or check the database in --warehouse.");
        }
        try (Connection admin = TestPostgres.connect(database); Statement statement = admin.createStatement();
             ResultSet schemas = statement.executeQuery("SELECT count(*) FROM information_schema.schemata WHERE schema_name IN ('meta', 'source', 'staging', 'analytics', 'dashboard')")) {
            schemas.next();
            assertThat(schemas.getInt(1)).isZero();
        }
        PostgresWarehouse.open(database, Map.of()).close();   // a writer makes it
        PostgresWarehouse.open(PostgresAddress.parse(database, System.getenv()), OpenOptions.DEFAULTS.withReadOnly(true)).close();
    }

    /**
     * A warehouse another role made: a writer was told to GRANT CREATE ON DATABASE, which it
     * had, and a reader the same ("may not create the warehouse's schemas"). Now each is told
     * who owns the schemas and what would let it in, and each grant named does.
     */
    @Test
    void aUserOfAWarehouseAnotherRoleOwnsIsToldWhoOwnsItAndWhatToGrant() throws Exception {
        String database = TestPostgres.newDatabase();
        PostgresAddress admin = PostgresAddress.parse(database, System.getenv());
        PostgresWarehouse.open(database, Map.of()).close();
        String role = "soundstage_test_other_" + ProcessHandle.current().pid();
        try (Connection connection = TestPostgres.connect(database); Statement statement = connection.createStatement()) {
            statement.execute("DROP ROLE IF EXISTS " + role);
            statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'other'");
            statement.execute("GRANT CONNECT, CREATE ON DATABASE " + admin.database() + " TO " + role);
        }
        String other = addressAs(role, "other", database);
        OpenOptions reading = OpenOptions.DEFAULTS.withReadOnly(true);
        String readAdvice = ". Its schemas belong to " + admin.user() + "; read as " + admin.user() + ", or have " + admin.user()
                + " grant reading: GRANT USAGE ON SCHEMA meta, source, staging, central, analytics, dashboard TO " + role
                + ", then GRANT SELECT ON ALL TABLES IN SCHEMA meta TO " + role + " (and each other schema it should read).";
        try {
            assertThatThrownBy(() -> PostgresWarehouse.open(other, Map.of()))
                    .isInstanceOf(UserException.class)
                    .hasMessageMatching("User " + role + " may not write warehouse postgresql://" + role + "@[^ ]+: ERROR: permission denied for schema meta\\. "
                            + "Its schemas and tables belong to " + admin.user() + "; write as " + admin.user() + ", or make " + role
                            + " a member of that role \\(GRANT " + admin.user() + " TO " + role + "\\) so it may do what the owner may\\.");
            assertThatThrownBy(() -> PostgresWarehouse.open(other, reading))
                    .isInstanceOf(UserException.class)
                    .hasMessageStartingWith("User " + role + " may not read warehouse postgresql://" + role + "@")
                    .hasMessageEndingWith(": no USAGE on schema meta" + readAdvice);
            grant("GRANT USAGE ON SCHEMA meta, source, staging, central, analytics, dashboard TO " + role, database);
            assertThatThrownBy(() -> PostgresWarehouse.open(other, reading))
                    .isInstanceOf(UserException.class)
                    .hasMessageEndingWith(": no SELECT on table meta.schema_version" + readAdvice);
            grant("GRANT SELECT ON ALL TABLES IN SCHEMA meta TO " + role, database);
            PostgresWarehouse.open(other, reading).close();
            // A reader opened by a writing command: refused at once, not at its first write (exit 1, as if a run had failed).
            assertThatThrownBy(() -> PostgresWarehouse.open(other, Map.of()))
                    .isInstanceOf(UserException.class)
                    .hasMessageMatching("User " + role + " may not write warehouse postgresql://" + role + "@[^ ]+: no INSERT on table meta\\.runs\\. "
                            + "Its schemas and tables belong to " + admin.user() + "; write as " + admin.user() + ", or make " + role
                            + " a member of that role \\(GRANT " + admin.user() + " TO " + role + "\\) so it may do what the owner may\\.");
            grant("GRANT " + admin.user() + " TO " + role, database);
            try (PostgresWarehouse member = PostgresWarehouse.open(other, Map.of()); Statement statement = member.connection().createStatement()) {
                // What it creates (a run drops and builds its tables) stays the owner's, with the owner's default privileges.
                statement.execute("CREATE TABLE dashboard.made_by_a_member AS SELECT 1 AS one");
                try (ResultSet owner = statement.executeQuery("SELECT tableowner FROM pg_tables WHERE tablename = 'made_by_a_member'")) {
                    owner.next();
                    assertThat(owner.getString(1)).isEqualTo(admin.user());
                }
            }
            // A user whose sessions are read-only failed at its first write ("cannot execute UPDATE in a read-only transaction", exit 1).
            grant("ALTER ROLE " + role + " SET default_transaction_read_only = on", database);
            assertThatThrownBy(() -> PostgresWarehouse.open(other, Map.of()))
                    .isInstanceOf(UserException.class)
                    .hasMessage("Sessions of user " + role + " here are read-only (default_transaction_read_only is on for the user, the database or the server): "
                            + "write as another user, or ALTER ROLE " + role + " SET default_transaction_read_only = off.");
            PostgresWarehouse.open(other, reading).close();
        } finally {
            grant("REVOKE " + admin.user() + " FROM " + role, database);
            dropRole(role, database);
        }
    }

    /**
     * A member of the owning role that does not inherit its privileges (NOINHERIT: it has them
     * only after SET ROLE) could write, as a writer acts as the owner, but not read: a reader acts
     * as the owner too.
     */
    @Test
    void aMemberOfTheOwnerThatDoesNotInheritItsPrivilegesReadsAsTheOwner() throws Exception {
        String database = TestPostgres.newDatabase();
        PostgresAddress admin = PostgresAddress.parse(database, System.getenv());
        PostgresWarehouse.open(database, Map.of()).close();
        String role = "soundstage_test_noinherit_" + ProcessHandle.current().pid();
        grant("DROP ROLE IF EXISTS " + role + "; CREATE ROLE " + role + " LOGIN NOINHERIT PASSWORD 'member'; GRANT CONNECT ON DATABASE " + admin.database()
                + " TO " + role + "; GRANT " + admin.user() + " TO " + role, database);
        String member = addressAs(role, "member", database);
        try {
            PostgresWarehouse.open(member, Map.of()).close();
            try (PostgresWarehouse reader = reader(member);
                 Statement statement = reader.connection().createStatement();
                 ResultSet runs = statement.executeQuery("SELECT count(*) FROM meta.files")) {
                assertThat(reader.readOnly()).isTrue();
                assertThat(runs.next()).isTrue();
                assertThatThrownBy(() -> statement.execute("DELETE FROM meta.files"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("read-only transaction");
            }
            // One that inherits (or a superuser) keeps its own identity, and its own privileges on the team's tables beside the warehouse.
            grant("ALTER ROLE " + role + " INHERIT", database);
            try (PostgresWarehouse reader = reader(member);
                 Statement statement = reader.connection().createStatement();
                 ResultSet who = statement.executeQuery("SELECT current_user")) {
                who.next();
                assertThat(who.getString(1)).isEqualTo(role);
            }
        } finally {
            grant("REVOKE " + admin.user() + " FROM " + role, database);
            dropRole(role, database);
        }
    }

    /** Another tool's schema of a warehouse's name ("staging"), another role's: named with its owner, not "GRANT CREATE", which the user had. */
    @Test
    void aSchemaOfTheWarehousesNameThatAnotherRoleOwnsIsNamedWithItsOwner() throws Exception {
        String database = TestPostgres.newDatabase();
        PostgresAddress admin = PostgresAddress.parse(database, System.getenv());
        String role = "soundstage_test_tool_" + ProcessHandle.current().pid();
        try (Connection connection = TestPostgres.connect(database); Statement statement = connection.createStatement()) {
            statement.execute("DROP ROLE IF EXISTS " + role);
            statement.execute("CREATE ROLE " + role);
            statement.execute("GRANT " + role + " TO " + admin.user());
            statement.execute("CREATE SCHEMA staging AUTHORIZATION " + role);
            statement.execute("REVOKE " + role + " FROM " + admin.user());
        }
        try {
            assertThatThrownBy(() -> PostgresWarehouse.open(database, Map.of()))
                    .isInstanceOf(UserException.class)
                    .hasMessage("User " + admin.user() + " may not create the warehouse in database '" + admin.database() + "': its schema staging exists and "
                            + "belongs to " + role + " (ERROR: permission denied for schema staging). Give Soundstage a database of its own (createdb soundstage), "
                            + "or have " + role + " drop that schema if it holds nothing of theirs, or give it to " + admin.user() + " (ALTER SCHEMA staging OWNER TO "
                            + admin.user() + ").");
        } finally {
            dropRole(role, database);
        }
    }

    /** Drops {@code role} with what it owns and its grants in {@code database}, as the test's user (who becomes a member to do so). */
    private static void dropRole(String role, String database) throws SQLException {
        PostgresAddress admin = PostgresAddress.parse(database, System.getenv());
        grant("GRANT " + role + " TO " + admin.user() + "; DROP OWNED BY " + role + "; DROP ROLE " + role, database);
    }

    private static void grant(String sql, String database) throws SQLException {
        try (Connection connection = TestPostgres.connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void aSecondWriterIsRefusedWithTheHolderWhileTheFirstHasTheWarehouseOpenAndAReaderIsNot() throws Exception {
        String database = TestPostgres.newDatabase();
        try (PostgresWarehouse first = PostgresWarehouse.open(database, OpenOptions.DEFAULTS.withCommand("soundstage run"))) {
            assertThatThrownBy(() -> PostgresWarehouse.open(database))
                    .isInstanceOf(UserException.class)
                    .hasMessageMatching("Warehouse 'postgresql://[^']+' is being written by soundstage run \\(pid " + ProcessHandle.current().pid()
                            + " on [^,]+, since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\)\\. Wait for it to finish and try again, or give --wait \\(e\\.g\\. --wait 10m\\) to wait for it\\.");
            try (PostgresWarehouse reader = PostgresWarehouse.open(database, OpenOptions.DEFAULTS.withReadOnly(true));
                 Statement statement = reader.connection().createStatement()) {
                assertThat(reader.readOnly()).isTrue();
                try (ResultSet files = statement.executeQuery("SELECT count(*) FROM meta.files")) {
                    assertThat(files.next()).isTrue();
                }
                assertThatThrownBy(() -> statement.execute("DELETE FROM meta.files"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("read-only transaction");
            }
        }
        PostgresWarehouse.open(database).close();
    }

    /**
     * A writer of another PID namespace with this host name (a container on the host's network):
     * its pid names no process here, yet it runs. Its session is never ended, nor that of a
     * version that did not say its namespace; one of this machine and namespace whose process is
     * gone is ended and its lock taken over.
     */
    @Test
    void aHolderOfAnotherPidNamespaceIsNeverPresumedDeadOneOfThisNamespaceIs() throws Exception {
        String database = TestPostgres.newDatabase();
        PostgresWarehouse.open(database).close();
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        String host = LockHolder.thisHost();
        String otherMachine = ProcessMark.machine().equals("0badcafe") ? "0badcaff" : "0badcafe";
        List<String> notHere = new ArrayList<>(List.of("soundstage run (pid " + ended.pid() + " #" + otherMachine + " on " + host + ")"));
        if (!ProcessMark.machine().isEmpty()) {
            notHere.add("soundstage run (pid " + ended.pid() + " on " + host + ")");
        }
        for (String name : notHere) {
            try (Connection holder = holding(database, name)) {
                int backend = backendOf(holder);
                // Another mark: how to end it, if it no longer runs, since waiting may not help (after a restart it
                // holds the lock until the server finds its connection dead); no mark (an older version): as before.
                String end = name.contains("#") ? " It ran on a machine of this host's name that this process cannot look into \\(another container,"
                        + " or this machine before it restarted\\): if it no longer runs, end its session: SELECT pg_terminate_backend\\(" + backend + "\\);" : "";
                assertThatThrownBy(() -> PostgresWarehouse.open(database)).as(name)
                        .isInstanceOf(UserException.class)
                        .hasMessageMatching("Warehouse 'postgresql://[^']+' is being written by soundstage run \\(pid " + ended.pid() + " on "
                                + java.util.regex.Pattern.quote(host) + ", since [^)]+\\)\\. Wait for it to finish and try again, or give --wait \\(e\\.g\\. --wait 10m\\) to wait for it\\." + end);
                assertThat(holder.isValid(5)).as("the session of '%s' was left alone", name).isTrue();
            }
        }
        String here = "soundstage run (pid " + ended.pid() + (ProcessMark.machine().isEmpty() ? "" : " #" + ProcessMark.machine()) + " on " + host + ")";
        try (Connection holder = holding(database, here)) {
            List<String> notices = new ArrayList<>();
            PostgresWarehouse.open(database, OpenOptions.DEFAULTS.withNotices(notices::add)).close();
            assertThat(notices).first().asString().startsWith("took over the writer lock of warehouse ");
            assertThat(holder.isValid(5)).as("the session of a process of this namespace that is gone was ended").isFalse();
        }
    }

    private static int backendOf(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); java.sql.ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
            row.next();
            return row.getInt(1);
        }
    }

    /** A session named {@code name} that holds the writer lock of {@code database}. */
    private static Connection holding(String database, String name) throws SQLException {
        Connection connection = TestPostgres.connect(database);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET application_name = '" + name.replace("'", "''") + "'");
            statement.executeQuery("SELECT pg_advisory_lock(" + PostgresWriterLock.KEY + ")").close();
        }
        return connection;
    }

    private static String hostAndPort() {
        String display = PostgresAddress.parse(admin(), System.getenv()).display();
        String rest = display.substring(display.indexOf('@') + 1);
        return rest.substring(0, rest.indexOf('/')) + "/x";
    }

    /** {@code address} (postgresql://user[:password]@host...) with the given password, or none. */
    /** A password file with the user and password of {@code database}'s address, of file mode {@code mode} ("rw-------"). */
    private Path pgpassFor(String database, String mode) throws IOException {
        PostgresAddress full = PostgresAddress.parse(database, System.getenv());
        Path pgpass = dir.resolve("pgpass");
        Files.writeString(pgpass, "*:*:*:" + full.user() + ":" + full.properties().getProperty("password") + "\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString(mode));
        return pgpass;
    }

    /** The address of {@code database} (a test database's address) for {@code role}, with its password. */
    private static String addressAs(String role, String password, String database) {
        return withPassword(TestPostgres.withDatabase("postgresql://" + role + "@" + hostAndPort(), PostgresAddress.parse(database, System.getenv()).database()), password);
    }

    /** A read-only warehouse opened at {@code address}, as status and sql open one. */
    private static PostgresWarehouse reader(String address) {
        return PostgresWarehouse.open(PostgresAddress.parse(address, System.getenv()), OpenOptions.DEFAULTS.withReadOnly(true));
    }

    private static String withPassword(String address, String password) {
        int scheme = address.indexOf("://") + 3;
        int at = address.indexOf('@');
        String user = address.substring(scheme, at).split(":", 2)[0];
        return address.substring(0, scheme) + user + (password == null ? "" : ":" + password) + address.substring(at);
    }
}
