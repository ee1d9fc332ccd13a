package soundstage.warehouse.duckdb;

import java.nio.file.Path;
import soundstage.core.OpenOptions;
import soundstage.core.ReadPool;
import soundstage.core.Warehouse;
import soundstage.core.WarehouseFactory;

/** Handles warehouse addresses that are paths to {@code .duckdb} files. */
public final class DuckDbWarehouseFactory implements WarehouseFactory {
    @Override
    public boolean handles(String address) {
        // Not a server address that happens to end in .duckdb (postgresql://u@h/x.duckdb).
        return address.endsWith(".duckdb") && !address.contains("://") || address.startsWith("jdbc:duckdb:");
    }

    @Override
    public Warehouse open(String address, OpenOptions options) {
        return DuckDbWarehouse.open(Path.of(pathOf(address)), options);
    }

    /**
     * At most as many reads at once as the machine has cores: DuckDB runs every query in this
     * process on all of them, so more at once only share the cores and each finishes later. With
     * 8 dashboard clients on 2 cores, random date ranges answered 2 at a time had a p95 of
     * 69-86 ms (overview) and 90-95 ms (top songs) against 102 and 108 ms 8 at a time and 93 and
     * 103 ms 4 at a time (bench/serve.sh, 10M events). The rest wait their turn, first come first
     * served.
     */
    @Override
    public ReadPool openReadPool(String address, OpenOptions options, int size) {
        return DuckDbReadPool.open(Path.of(pathOf(address)), options, Math.max(1, Math.min(size, Runtime.getRuntime().availableProcessors())));
    }

    private static String pathOf(String address) {
        return address.startsWith("jdbc:duckdb:") ? address.substring("jdbc:duckdb:".length()) : address;
    }

    @Override
    public String dialect() {
        return "duckdb";
    }
}
