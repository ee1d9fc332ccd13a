package soundstage.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import soundstage.core.OpenOptions;
import soundstage.core.ReadPool;
import soundstage.core.UserException;
import soundstage.core.Warehouse;
import soundstage.core.WarehouseFactory;

/**
 * The warehouse a command works on: the global {@code --warehouse} option, else the environment
 * variable {@code SOUNDSTAGE_WAREHOUSE}, else the configuration file's {@code warehouse}, else
 * {@value #DEFAULT}; and how to open it: the command that opens it (named to a refused writer),
 * the global {@code --wait}, and where notices go.
 *
 * @param given the value of {@code --warehouse}, or null
 * @param configured the configuration file's {@code warehouse}, or null
 * @param configFile the configuration file, or null (named in messages about a warehouse it gave)
 * @param maxWait the value of {@code --wait}: how long a writer waits for another to finish
 * @param command the command line's command, e.g. {@code soundstage run}
 * @param err where notices (waiting, a lock taken over, a snapshot read) are printed
 */
record WarehouseOption(String given, String configured, Path configFile, Duration maxWait, String command, PrintWriter err) {
    static final String DEFAULT = "soundstage.duckdb";

    /** The address to open. */
    String address() {
        if (given != null && given.isBlank()) {
            // -w "$WAREHOUSE" with the variable unset: the default would be some other warehouse.
            throw new UserException("--warehouse is empty. Give a .duckdb file or a PostgreSQL address; check that the variable it came from is set.");
        }
        if (given != null) {
            return given;
        }
        String fromEnvironment = fromEnvironment();
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        return configured != null ? configured : DEFAULT;
    }

    /** $SOUNDSTAGE_WAREHOUSE, or null when it is not set or blank. */
    static String fromEnvironment() {
        String value = System.getenv("SOUNDSTAGE_WAREHOUSE");
        return value == null || value.isBlank() ? null : value;
    }

    /** Whether {@link #address} is the configuration file's (no --warehouse, no $SOUNDSTAGE_WAREHOUSE). */
    boolean fromConfiguration() {
        return given == null && fromEnvironment() == null && configured != null;
    }

    /**
     * {@code address} without a password (given as {@code user:password@} or as a
     * {@code password=} parameter), for what others read: a generated file, a printed command.
     * Where it is used the password comes from {@code PGPASSWORD}, {@code .pgpass} or the
     * configuration file, as always.
     */
    static String withoutPassword(String address) {
        String noUserPassword = address.replaceFirst("^((?:jdbc:)?postgres(?:ql)?://[^/@:?]*):[^@/?]*@", "$1@");
        return noUserPassword.replaceAll("([?&])password=[^&]*(&|$)", "$1").replaceAll("[?&]$", "");
    }

    /**
     * Whether --warehouse was given on this command line (not only set by the environment or the
     * configuration file, which name the team's warehouse rather than one for this command).
     */
    boolean givenOnCommandLine() {
        return given != null;
    }

    /** The same warehouse, opened by a writer that waits up to {@code wait} for another (unless --wait says longer). */
    WarehouseOption waitingAtLeast(Duration wait) {
        return new WarehouseOption(given, configured, configFile, maxWait.compareTo(wait) >= 0 ? maxWait : wait, command, err);
    }

    /** How to open a warehouse to write. */
    OpenOptions options() {
        return OpenOptions.DEFAULTS.withCommand(command).withMaxWait(maxWait).withNotices(notice -> TerminalProgress.println(err, "soundstage: " + notice));
    }

    /** Where {@link #address} came from, as a person would fix it: --warehouse (also for the default), $SOUNDSTAGE_WAREHOUSE or the configuration file's setting. */
    String source() {
        return given != null ? "--warehouse"
                : fromEnvironment() != null ? "$SOUNDSTAGE_WAREHOUSE"
                : configured != null ? "the warehouse setting of " + (configFile == null ? "the configuration file" : configFile)
                : "--warehouse";
    }

    /** Opens the warehouse to write, taking the writer lock. */
    Warehouse open() {
        return opened(() -> WarehouseFactory.openAny(address(), options()));
    }

    /** Opens the warehouse to write, refusing one that does not exist (a command with nothing to add to a new warehouse). */
    Warehouse openExisting() {
        return opened(() -> WarehouseFactory.openAny(address(), options().withMustExist(true)));
    }

    /** Opens the warehouse to read only: works while another process writes it; refuses one that does not exist. */
    Warehouse openReadOnly() {
        return opened(() -> WarehouseFactory.openAny(address(), options().withReadOnly(true)));
    }

    /** Opens read-only connections for a long-running reader (see {@link ReadPool}). */
    ReadPool openReadPool(int size) {
        return opened(() -> WarehouseFactory.openReadPoolAny(address(), options(), size));
    }

    /**
     * What {@code open} gives; a refusal that tells the user to fix {@code --warehouse} (as the
     * warehouses word it) names where the address came from instead, when that was
     * $SOUNDSTAGE_WAREHOUSE or the configuration file: there is no --warehouse to fix then.
     */
    private <T> T opened(Supplier<T> open) {
        try {
            return open.get();
        } catch (UserException e) {
            String source = source();
            if (source.equals("--warehouse") || e.getMessage() == null || !e.getMessage().contains("--warehouse")) {
                throw e;
            }
            throw new UserException(e.getMessage()
                    .replace("or give --warehouse", "or check " + source)
                    .replace("choose another --warehouse", "change " + source)
                    .replace("Give --warehouse a new file", "Point " + source + " at a new file")
                    .replace("--warehouse", source), e.getCause());
        }
    }
}
