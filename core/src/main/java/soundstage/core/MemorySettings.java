package soundstage.core;

/**
 * The memory settings a user gives as system properties (in {@code SOUNDSTAGE_JAVA_OPTS}), read
 * in one place so that a wrong one is refused, naming the property, before a database sees it.
 */
public final class MemorySettings {
    private MemorySettings() {
    }

    /**
     * DuckDB's memory limit, {@code -Dsoundstage.duckdb.memory} (1GB): beyond it DuckDB spills to
     * disk, which keeps memory flat as inputs grow. A negative size was taken as no limit at all.
     */
    public static String duckDbMemory() {
        String value = System.getProperty("soundstage.duckdb.memory", "1GB").strip();
        if (value.startsWith("-")) {
            throw new UserException("-Dsoundstage.duckdb.memory=" + value + " is negative, which DuckDB takes for no limit at all: give a size such as 4GB"
                    + " (in SOUNDSTAGE_JAVA_OPTS).");
        }
        return value;
    }

    /**
     * PostgreSQL's {@code work_mem} for Soundstage's sessions, {@code -Dsoundstage.postgres.work_mem}
     * (64MB): a number with an optional unit (B, kB, MB, GB, TB), as PostgreSQL reads it.
     */
    public static String postgresWorkMem() {
        String value = System.getProperty("soundstage.postgres.work_mem", "64MB").strip();
        if (!value.matches("[0-9]+(\\.[0-9]+)? *(B|kB|MB|GB|TB)?")) {
            throw new UserException("-Dsoundstage.postgres.work_mem=" + value + " is not a size PostgreSQL takes for work_mem: give one such as 64MB or 1GB"
                    + " (units B, kB, MB, GB, TB, as written; in SOUNDSTAGE_JAVA_OPTS).");
        }
        return value;
    }

    /**
     * A size in bytes given as system property {@code name} (0 or more; {@code fallback} when not
     * set): a value that is not one was ignored without a word ({@code Long.getLong}).
     */
    public static long bytes(String name, long fallback) {
        String value = System.getProperty(name);
        if (value == null) {
            return fallback;
        }
        try {
            if (value.strip().matches("[0-9]+")) {
                return Long.parseLong(value.strip());
            }
        } catch (NumberFormatException beyondALong) {
            // said below
        }
        throw new UserException("-D" + name + "=" + value + " is not a number of bytes (0 or more, digits only, such as " + fallback
                + "; in SOUNDSTAGE_JAVA_OPTS).");
    }
}
