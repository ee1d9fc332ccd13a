package soundstage.cli;

import picocli.CommandLine.Option;
import soundstage.core.Warehouse;
import soundstage.core.WarehouseFactory;

/** The {@code --warehouse} option every command that touches a warehouse shares. */
final class WarehouseOption {
    static final String DEFAULT = "soundstage.duckdb";

    @Option(names = {"-w", "--warehouse"}, paramLabel = "W",
            description = "Warehouse: a path to a .duckdb file. Default: $SOUNDSTAGE_WAREHOUSE, else ./" + DEFAULT + ".")
    String address;

    /** The address given, else the environment's, else the default. */
    String address() {
        if (address != null && !address.isBlank()) {
            return address;
        }
        String fromEnvironment = System.getenv("SOUNDSTAGE_WAREHOUSE");
        return fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment : DEFAULT;
    }

    boolean given() {
        return address != null || System.getenv("SOUNDSTAGE_WAREHOUSE") != null;
    }

    Warehouse open() {
        return WarehouseFactory.openAny(address());
    }
}
