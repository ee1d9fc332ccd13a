package soundstage.core;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Connects through a JDBC driver that runs a native library in this process (DuckDB's). The
 * driver unpacks its library (about 60 MB) into {@code java.io.tmpdir} and loads it from there,
 * so a temporary folder mounted {@code noexec} (hardened servers), full or read-only made every
 * command end with Java's stack trace: said in one line instead, with what to do.
 */
public final class EmbeddedDriver {
    private EmbeddedDriver() {
    }

    /**
     * {@link DriverManager#getConnection(String, Properties)}.
     *
     * @throws UserException when the driver's native library cannot be unpacked or loaded
     */
    public static Connection connect(String url, Properties properties) throws SQLException {
        try {
            return DriverManager.getConnection(url, properties);
        } catch (LinkageError e) {   // UnsatisfiedLinkError, ExceptionInInitializerError, then NoClassDefFoundError
            throw new UserException("DuckDB's native library could not be loaded from the temporary folder " + System.getProperty("java.io.tmpdir")
                    + " (" + reason(e) + "). It needs a folder this user may write, with 100 MB free, on a file system that allows running programs"
                    + " (not mounted noexec): set TMPDIR to one (./soundstage passes it on as java.io.tmpdir).", e);
        }
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int colon = message.lastIndexOf(": ");   // "/tmp/libduckdb_java123.so: /tmp/libduckdb_java123.so: failed to map segment from shared object"
        return (colon >= 0 ? message.substring(colon + 2) : message).strip();
    }
}
