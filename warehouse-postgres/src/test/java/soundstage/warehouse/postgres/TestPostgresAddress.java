package soundstage.warehouse.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import soundstage.core.UserException;

class TestPostgresAddress {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            postgresql://ana@db.example:6543/spotify          | jdbc:postgresql://db.example:6543/spotify | ana | postgresql://ana@db.example:6543/spotify
            postgres://ana@db.example/spotify                 | jdbc:postgresql://db.example:5432/spotify | ana | postgresql://ana@db.example:5432/spotify
            jdbc:postgresql://db.example:6543/spotify?user=ana | jdbc:postgresql://db.example:6543/spotify | ana | postgresql://ana@db.example:6543/spotify
            jdbc:postgresql://db.example/spotify?user=ana&sslmode=require | jdbc:postgresql://db.example:5432/spotify?sslmode=require | ana | postgresql://ana@db.example:5432/spotify
            postgresql:///spotify?host=db.example&user=ana           | jdbc:postgresql://db.example:5432/spotify | ana | postgresql://ana@db.example:5432/spotify
            postgresql://ana@/spotify?host=db.example&port=6543      | jdbc:postgresql://db.example:6543/spotify | ana | postgresql://ana@db.example:6543/spotify
            postgresql://ana@localhost/spotify?host=db.example       | jdbc:postgresql://db.example:5432/spotify | ana | postgresql://ana@db.example:5432/spotify
            postgresql://ana@/spotify?host=::1                       | jdbc:postgresql://[::1]:5432/spotify      | ana | postgresql://ana@[::1]:5432/spotify
            postgresql://ana@[fe80::1%eth0]:5432/spotify             | jdbc:postgresql://[fe80::1%eth0]:5432/spotify | ana | postgresql://ana@[fe80::1%eth0]:5432/spotify
            jdbc:postgresql://db.example/spotify?user=ana&host=other | jdbc:postgresql://db.example:5432/spotify?host=other | ana | postgresql://ana@db.example:5432/spotify
            """)
    void bothFormsGiveOneJdbcUrl(String address, String jdbcUrl, String user, String display) {
        PostgresAddress parsed = PostgresAddress.parse(address, Map.of());
        assertThat(parsed.jdbcUrl()).isEqualTo(jdbcUrl);
        assertThat(parsed.user()).isEqualTo(user);
        assertThat(parsed.display()).isEqualTo(display);
    }

    @Test
    void thePasswordComesFromTheAddressElsePgpasswordAndIsNeverShown() {
        PostgresAddress inAddress = PostgresAddress.parse("postgresql://ana:s3cret@db/spotify", Map.of("PGPASSWORD", "other"));
        assertThat(inAddress.properties().getProperty("password")).isEqualTo("s3cret");
        assertThat(inAddress.toString()).doesNotContain("s3cret");
        assertThat(inAddress.display() + inAddress.jdbcUrl()).doesNotContain("s3cret");

        PostgresAddress fromEnvironment = PostgresAddress.parse("postgresql://ana@db/spotify", Map.of("PGPASSWORD", "p4ss"));
        assertThat(fromEnvironment.properties().getProperty("password")).isEqualTo("p4ss");

        PostgresAddress none = PostgresAddress.parse("postgresql://ana@db/spotify", Map.of());
        assertThat(none.properties().getProperty("password")).isNull();   // the driver then reads ~/.pgpass

        // An empty password in the address is none, as libpq takes it (${PGPASSWORD:-} in a configuration file makes one).
        for (String empty : new String[] {"postgresql://ana:@db/spotify", "postgresql://ana@db/spotify?password="}) {
            assertThat(PostgresAddress.parse(empty, Map.of("PGPASSWORD", "p4ss")).properties().getProperty("password")).as(empty).isEqualTo("p4ss");
            assertThat(PostgresAddress.parse(empty, Map.of()).properties().getProperty("password")).as(empty).isNull();
        }
    }

    @Test
    void theUserDefaultsToPguserThenTheLoginName() {
        assertThat(PostgresAddress.parse("postgresql://db/spotify", Map.of("PGUSER", "bob")).user()).isEqualTo("bob");
        assertThat(PostgresAddress.parse("postgresql://db/spotify", Map.of()).user()).isEqualTo(System.getProperty("user.name"));
        // Empty is not set, as for libpq ("does not let user  in", "the password is an empty string").
        assertThat(PostgresAddress.parse("postgresql://db/spotify", Map.of("PGUSER", "")).user()).isEqualTo(System.getProperty("user.name"));
        assertThat(PostgresAddress.parse("postgresql://db/spotify", Map.of("PGPASSWORD", "")).properties().getProperty("password")).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            postgresql://ana:secret@/spotify  | it names no host
            postgresql://ana:secret@db        | it names no database
            postgresql://ana:secret@db/       | it names no database
            postgresql://ana:secret@db:port/x | what follows the '@' is not a valid HOST:PORT
            postgresql://ana:secret@db:99999/x | its port is not a port (1 to 65535)
            """)
    void aMalformedAddressIsOneLineWithoutThePassword(String address, String why) {
        assertThatThrownBy(() -> PostgresAddress.parse(address, Map.of()))
                .isInstanceOf(UserException.class)
                .hasMessageStartingWith("Cannot read the PostgreSQL address: ")
                .hasMessageContaining(why)
                .hasMessageEndingWith("Write it as postgresql://USER@HOST:PORT/DATABASE or jdbc:postgresql://HOST:PORT/DATABASE (the password comes from PGPASSWORD or ~/.pgpass);"
                        + " in a user or password in the address, write / ? # @ % and space as %2F %3F %23 %40 %25 %20.")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret").doesNotContain("\n"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            jdbc:postgresql://db a/x     | it holds a space, character 21 (remove it; write a space in a user or password as %20). Write it as
            postgresql://db:port/x       | 'db:port' is not a valid HOST:PORT. Write it as
            postgresql://db:99999/x      | port 99999 is not a port (1 to 65535). Write it as
            """)
    void withoutAUserTheMessageShowsWhatIsWrong(String address, String why) {
        assertThatThrownBy(() -> PostgresAddress.parse(address, Map.of()))
                .isInstanceOf(UserException.class)
                .hasMessageContaining(why)
                .hasMessageEndingWith("(the password comes from PGPASSWORD or ~/.pgpass).");
    }

    /** libpq's Unix-socket forms got "it names no host", or a driver that silently went to localhost's TCP port instead. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            postgresql:///spotify?host=/var/run/postgresql                  | it names a Unix-socket directory (/var/run/postgresql), and Soundstage reaches PostgreSQL over TCP only
            jdbc:postgresql://localhost/spotify?host=/var/run/postgresql    | it names a Unix-socket directory (/var/run/postgresql), and Soundstage reaches PostgreSQL over TCP only
            postgresql://%2Fvar%2Frun%2Fpostgresql/spotify                  | it names a Unix-socket directory (/var/run/postgresql), and Soundstage reaches PostgreSQL over TCP only
            postgresql:///spotify                                           | it names no host (where libpq would take a Unix socket, Soundstage needs a host
            postgresql://db/spotify?port=x                                  | port x is not a port (1 to 65535)
            postgresql:///spotify?host=db2?x                                | host=db2?x is not a host name or address
            """)
    void aUnixSocketIsRefusedSayingToNameTheHost(String address, String why) {
        assertThatThrownBy(() -> PostgresAddress.parse(address, Map.of()))
                .isInstanceOf(UserException.class)
                .hasMessageStartingWith("Cannot read the PostgreSQL address: " + why)
                .hasMessageEndingWith("(the password comes from PGPASSWORD or ~/.pgpass).");
        assertThatThrownBy(() -> PostgresAddress.parse(address.replace("://", "://ana:secret@").replace("jdbc:postgresql://ana:secret@", "jdbc:postgresql://"),
                Map.of())).as("with a password: no part of the address shown").satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
    }

    /**
     * A password holding '#', '/', '?', '@' or '%' unencoded ends the URI's user part early, so the
     * rest of the password was read as host or path, and a message showed it ("'ana:sekr' is not a
     * valid HOST:PORT"). No part of an address with a user is shown now, and the message says how
     * to encode those characters.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            postgresql://ana:sekr#3t@db/spotify
            postgresql://ana:sekr/3t@db/spotify
            postgresql://ana:sekr?3t@db/spotify
            postgresql://ana:sekr@3t@db/spotify
            postgresql://ana:sekr%3t@db/spotify
            postgresql://ana:sekr 3t@db/spotify
            postgresql://ana:1234/3t@db/spotify
            postgresql://ana:1234?3t@db/spotify
            jdbc:postgresql://ana:sekr#3t@db/spotify
            """)
    void noPartOfAPasswordThatNeedsEncodingIsShown(String address) {
        assertThatThrownBy(() -> PostgresAddress.parse(address, Map.of()))
                .isInstanceOf(UserException.class)
                .hasMessageStartingWith("Cannot read the PostgreSQL address: ")
                .hasMessageEndingWith("write / ? # @ % and space as %2F %3F %23 %40 %25 %20.")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sekr").doesNotContain("3t").doesNotContain("1234").doesNotContain("ana"));
    }

    /** A password with '@' and '/' unencoded was read as valid: part of it became the host and database, and was shown. */
    @Test
    void anAddressWithTwoAtSignsIsRefusedWithoutShowingAnyPart() {
        assertThatThrownBy(() -> PostgresAddress.parse("postgresql://ana:Tr0ub4dor@secret-host/secretdb#x@localhost:5432/postgres", Map.of()))
                .isInstanceOf(UserException.class)
                .hasMessageStartingWith("Cannot read the PostgreSQL address: it holds more than one '@'. ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Tr0ub4dor").doesNotContain("secret").doesNotContain("localhost"));
    }

    @Test
    void aPercentEncodedPasswordHoldsThoseCharacters() {
        PostgresAddress parsed = PostgresAddress.parse("postgresql://ana:s%23e%2Fk%3Fr%40e%25t%20x@db/spotify", Map.of());
        assertThat(parsed.properties().getProperty("password")).isEqualTo("s#e/k?r@e%t x");
        assertThat(parsed.display()).isEqualTo("postgresql://ana@db:5432/spotify");
    }
}
