package soundstage.core;

import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Opens warehouses of one dialect. Each dialect module provides one, found by {@link ServiceLoader}
 * ({@code META-INF/services/soundstage.core.WarehouseFactory}), so the CLI never names a dialect.
 */
public interface WarehouseFactory {
    /** Whether this factory understands {@code address} (a file path, a JDBC URL, ...). */
    boolean handles(String address);

    /**
     * Opens (creating or migrating if needed) the warehouse at {@code address} as {@code options}
     * say: a writer takes the writer lock, waiting for another writer as long as the options allow.
     *
     * @throws UserException when it cannot be opened, or another process holds the writer lock
     */
    Warehouse open(String address, OpenOptions options);

    /** Opens the warehouse at {@code address} to write, with {@link OpenOptions#DEFAULTS}. */
    default Warehouse open(String address) {
        return open(address, OpenOptions.DEFAULTS);
    }

    /** The dialect of the warehouses it opens, as {@link Warehouse#dialect()} names it. */
    String dialect();

    /**
     * Opens read-only connections to the warehouse at {@code address} for a long-running reader
     * (see {@link ReadPool}), at most {@code size} at once. The warehouse must exist; a warehouse
     * that needs a newer schema is migrated once first, as a writer.
     *
     * @throws UserException when it cannot be opened
     */
    default ReadPool openReadPool(String address, OpenOptions options, int size) {
        OpenOptions reading = options.withReadOnly(true);
        Warehouse first = open(address, reading);
        if (!first.readOnly()) {
            // It was created or migrated, as a writer: a pool kept for hours must not hold the writer lock.
            first.close();
            first = open(address, reading);
        }
        return new PooledReadPool(first, () -> open(address, reading), size);
    }

    /**
     * The dialect of the warehouse at {@code address}, without opening it.
     *
     * @throws UserException when no factory handles it
     */
    static String dialectOf(String address) {
        return factoryFor(address).dialect();
    }

    /**
     * Whether the warehouse at {@code address} is a file on this machine (DuckDB), not a database
     * server, without opening it.
     *
     * @throws UserException when no factory handles it
     */
    static boolean isFile(String address) {
        return factoryFor(address).dialect().equals("duckdb");
    }

    /**
     * Opens {@code address} with the first factory on the class path that handles it.
     *
     * @throws UserException when no factory does
     */
    static Warehouse openAny(String address) {
        return openAny(address, OpenOptions.DEFAULTS);
    }

    /**
     * As {@link #openAny(String)}, as {@code options} say (read-only, or a writer that waits).
     *
     * @throws UserException when no factory handles {@code address}, or it cannot be opened
     */
    static Warehouse openAny(String address, OpenOptions options) {
        return factoryFor(address).open(address, options);
    }

    /**
     * As {@link #openReadPool}, with the first factory on the class path that handles {@code address}.
     *
     * @throws UserException when no factory handles {@code address}, or it cannot be opened
     */
    static ReadPool openReadPoolAny(String address, OpenOptions options, int size) {
        return factoryFor(address).openReadPool(address, options, size);
    }

    private static WarehouseFactory factoryFor(String address) {
        for (WarehouseFactory factory : ServiceLoader.load(WarehouseFactory.class)) {
            if (factory.handles(address)) {
                return factory;
            }
        }
        throw new UserException("Cannot tell what kind of warehouse '" + withoutPassword(address)
                + "' is. Give a path ending in .duckdb (for example ./soundstage.duckdb) or a PostgreSQL address (postgresql://USER@HOST:PORT/DATABASE).");
    }

    /**
     * Whether {@code address} may be meant for a database server, so that a message hides what may
     * be its password: it has "://", or starts with "postgres" or "jdbc:", as a mistyped scheme
     * still does (so does a file named postgres_copy.duckdb: this is no test of what opens it).
     */
    private static boolean mayBeServerAddress(String address) {
        String lower = address.toLowerCase(Locale.ROOT);
        return address.contains("://") || lower.startsWith("postgres") || lower.startsWith("jdbc:");
    }

    /**
     * {@code address} as a message may show it: an address that looks meant for a database server
     * (see {@link #mayBeServerAddress}) has
     * what may be a user and password, up to its last '@', replaced with USER; one without a
     * scheme has a "user:password" before an '@' replaced so; a password= parameter is PASSWORD.
     */
    static String withoutPassword(String given) {
        // a password parameter (jdbc:...?user=u&password=p), whatever the rest
        String address = given.replaceAll("(?i)(password=)[^&]*", "$1PASSWORD");
        int at = address.lastIndexOf('@');
        if (at >= 0 && !mayBeServerAddress(address)) {
            // no scheme at all ("etl:secret@db:5432/music", also resolved against a folder): a
            // user and password before the '@' of a path's last part
            int part = address.lastIndexOf('/', at) + 1;
            return address.substring(part, at).contains(":") ? address.substring(0, part) + "USER" + address.substring(at) : address;
        }
        if (at < 0) {
            return address;
        }
        int scheme = address.indexOf("://");
        int start = scheme >= 0 && scheme < at ? scheme + 3 : Math.max(0, address.indexOf(':') + 1);
        return start > at ? "USER" + address.substring(at) : address.substring(0, start) + "USER" + address.substring(at);
    }
}
