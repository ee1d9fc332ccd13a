package soundstage.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TestMemorySettings {
    @AfterEach
    void clear() {
        System.clearProperty("soundstage.duckdb.memory");
        System.clearProperty("soundstage.postgres.work_mem");
        System.clearProperty("soundstage.test.bytes");
    }

    @Test
    void defaultsAndSizesAsGiven() {
        assertThat(MemorySettings.duckDbMemory()).isEqualTo("1GB");
        assertThat(MemorySettings.postgresWorkMem()).isEqualTo("64MB");
        System.setProperty("soundstage.duckdb.memory", " 4GiB ");
        System.setProperty("soundstage.postgres.work_mem", "1.5GB");
        assertThat(MemorySettings.duckDbMemory()).isEqualTo("4GiB");
        assertThat(MemorySettings.postgresWorkMem()).isEqualTo("1.5GB");
        System.setProperty("soundstage.postgres.work_mem", "65536");
        assertThat(MemorySettings.postgresWorkMem()).isEqualTo("65536");
    }

    /** DuckDB took -1GB for no limit (80 % of the machine's memory), silently. */
    @Test
    void aNegativeDuckDbLimitIsRefusedNamingTheProperty() {
        System.setProperty("soundstage.duckdb.memory", "-1GB");
        assertThatThrownBy(MemorySettings::duckDbMemory).isInstanceOf(UserException.class)
                .hasMessage("-Dsoundstage.duckdb.memory=-1GB is negative, which DuckDB takes for no limit at all: give a size such as 4GB (in SOUNDSTAGE_JAVA_OPTS).");
    }

    /** PostgreSQL's error named work_mem but not the property to change; a quote broke the SET statement. */
    @Test
    void aWorkMemPostgreSqlWouldNotTakeIsRefusedNamingTheProperty() {
        for (String wrong : new String[] {"lots", "64mb", "64MB'; DROP TABLE x; --", "-1MB"}) {
            System.setProperty("soundstage.postgres.work_mem", wrong);
            assertThatThrownBy(MemorySettings::postgresWorkMem).as(wrong).isInstanceOf(UserException.class)
                    .hasMessage("-Dsoundstage.postgres.work_mem=" + wrong + " is not a size PostgreSQL takes for work_mem: give one such as 64MB or 1GB"
                            + " (units B, kB, MB, GB, TB, as written; in SOUNDSTAGE_JAVA_OPTS).");
        }
    }

    /** -Dsoundstage.duckdb.small_file=abc (or -5) was ignored without a word: the default stood. */
    @Test
    void aNumberOfBytesIsDigitsOrRefusedNamingTheProperty() {
        assertThat(MemorySettings.bytes("soundstage.test.bytes", 65536)).isEqualTo(65536);
        System.setProperty("soundstage.test.bytes", " 1048576 ");
        assertThat(MemorySettings.bytes("soundstage.test.bytes", 65536)).isEqualTo(1048576);
        System.setProperty("soundstage.test.bytes", Long.toString(Long.MAX_VALUE));   // "never", as tests use it
        assertThat(MemorySettings.bytes("soundstage.test.bytes", 65536)).isEqualTo(Long.MAX_VALUE);
        for (String wrong : new String[] {"abc", "-5", "64KB", "", "9223372036854775808"}) {
            System.setProperty("soundstage.test.bytes", wrong);
            assertThatThrownBy(() -> MemorySettings.bytes("soundstage.test.bytes", 65536)).as(wrong).isInstanceOf(UserException.class)
                    .hasMessage("-Dsoundstage.test.bytes=" + wrong + " is not a number of bytes (0 or more, digits only, such as 65536; in SOUNDSTAGE_JAVA_OPTS).");
        }
    }
}
