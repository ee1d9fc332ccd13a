package soundstage.cli;

import java.sql.Connection;
import java.sql.SQLException;
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
                // And one of its models on a session of its own, inside a statement, holding a table against writes.
                Connection model = warehouse.openWorker();
                model.setAutoCommit(false);
                Thread modelRuns = new Thread(() -> {
                    try (Statement statement = model.createStatement()) {
                        statement.execute("LOCK TABLE staging.sparkify_events IN EXCLUSIVE MODE");
                        statement.execute("SELECT pg_sleep(600)");
                    } catch (SQLException e) {
                        // Ended with the process.
                    }
                });
                modelRuns.setDaemon(true);
                modelRuns.start();
                try (Statement statement = warehouse.connection().createStatement()) {
                    statement.execute("SELECT pg_sleep(600)");
                }
            }
            Thread.sleep(600_000);
        }
    }
}
