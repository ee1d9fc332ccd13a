package soundstage.cli;

import java.sql.Statement;
import soundstage.core.OpenOptions;
import soundstage.core.Warehouse;
import soundstage.core.WarehouseFactory;

/**
 * A writer that holds a warehouse until it is killed, for the lock tests: opens the warehouse
 * given as the only argument as {@code soundstage run}, prints {@code holding}, then waits (on
 * PostgreSQL inside a long statement, as a run killed in the middle of a model leaves its session).
 */
final class HoldWarehouse {
    private HoldWarehouse() {
    }

    public static void main(String[] args) throws Exception {
        try (Warehouse warehouse = WarehouseFactory.openAny(args[0], OpenOptions.DEFAULTS.withCommand("soundstage run"))) {
            System.out.println("holding");
            System.out.flush();
            if (warehouse.dialect().equals("postgresql")) {
                try (Statement statement = warehouse.connection().createStatement()) {
                    statement.execute("SELECT pg_sleep(600)");
                }
            }
            Thread.sleep(600_000);
        }
    }
}
