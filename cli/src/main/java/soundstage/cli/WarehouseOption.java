package soundstage.cli;

import soundstage.core.Warehouse;
import soundstage.core.WarehouseFactory;

/**
 * The warehouse a command works on: the global {@code --warehouse} option, else the environment
 * variable {@code SOUNDSTAGE_WAREHOUSE}, else the configuration file's {@code warehouse}, else
 * {@value #DEFAULT}.
 *
 * @param given the value of {@code --warehouse}, or null
 * @param configured the configuration file's {@code warehouse}, or null
 */
record WarehouseOption(String given, String configured) {
    static final String DEFAULT = "soundstage.duckdb";

    /** The address to open. */
    String address() {
        if (given != null && !given.isBlank()) {
            return given;
        }
        String fromEnvironment = System.getenv("SOUNDSTAGE_WAREHOUSE");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        return configured != null ? configured : DEFAULT;
    }

    /** Whether the user chose a warehouse (by option, environment or configuration file) rather than the default. */
    boolean chosen() {
        return (given != null && !given.isBlank()) || System.getenv("SOUNDSTAGE_WAREHOUSE") != null || configured != null;
    }

    Warehouse open() {
        return WarehouseFactory.openAny(address());
    }
}
