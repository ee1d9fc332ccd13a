package soundstage.core;

import java.util.ServiceLoader;

/**
 * Opens warehouses of one dialect. Each dialect module provides one, found by {@link ServiceLoader}
 * ({@code META-INF/services/soundstage.core.WarehouseFactory}), so the CLI never names a dialect.
 */
public interface WarehouseFactory {
    /** Whether this factory understands {@code address} (a file path, a JDBC URL, ...). */
    boolean handles(String address);

    /** Opens (creating or migrating if needed) the warehouse at {@code address}. */
    Warehouse open(String address);

    /** The dialect of the warehouses it opens, as {@link Warehouse#dialect()} names it. */
    String dialect();

    /**
     * The dialect of the warehouse at {@code address}, without opening it.
     *
     * @throws UserException when no factory handles it
     */
    static String dialectOf(String address) {
        return factoryFor(address).dialect();
    }

    /**
     * Opens {@code address} with the first factory on the class path that handles it.
     *
     * @throws UserException when no factory does
     */
    static Warehouse openAny(String address) {
        return factoryFor(address).open(address);
    }

    private static WarehouseFactory factoryFor(String address) {
        for (WarehouseFactory factory : ServiceLoader.load(WarehouseFactory.class)) {
            if (factory.handles(address)) {
                return factory;
            }
        }
        throw new UserException("Cannot tell what kind of warehouse '" + address
                + "' is. Give a path ending in .duckdb (for example ./soundstage.duckdb) or a PostgreSQL address (postgresql://USER@HOST:PORT/DATABASE).");
    }
}
