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
        return address.endsWith(".duckdb") || address.startsWith("jdbc:duckdb:");
    }

    @Override
    public Warehouse open(String address, OpenOptions options) {
        return DuckDbWarehouse.open(Path.of(pathOf(address)), options);
    }

    @Override
    public ReadPool openReadPool(String address, OpenOptions options, int size) {
        return DuckDbReadPool.open(Path.of(pathOf(address)), options, size);
    }

    private static String pathOf(String address) {
        return address.startsWith("jdbc:duckdb:") ? address.substring("jdbc:duckdb:".length()) : address;
    }

    @Override
    public String dialect() {
        return "duckdb";
    }
}
