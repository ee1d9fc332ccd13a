package soundstage.warehouse.postgres;

import soundstage.core.OpenOptions;
import soundstage.core.Warehouse;
import soundstage.core.WarehouseFactory;

/** Handles {@code jdbc:postgresql://}, {@code postgresql://} and {@code postgres://} addresses. */
public final class PostgresWarehouseFactory implements WarehouseFactory {
    @Override
    public boolean handles(String address) {
        return PostgresAddress.looksLikePostgres(address);
    }

    @Override
    public Warehouse open(String address, OpenOptions options) {
        return PostgresWarehouse.open(address, options);
    }

    @Override
    public String dialect() {
        return "postgresql";
    }
}
