package soundstage.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Connects through a JDBC driver that runs a native library in this process (DuckDB's). The
 * driver unpacks its library (about 60 MB) into {@code java.io.tmpdir} and loads it from there,
 * so a temporary folder mounted {@code noexec} (hardened servers), full or read-only made every
 * command end with Java's stack trace: said in one line instead, with what to do.
 *
 * <p>The driver deletes its copy only when Java exits normally, so every process killed ({@code
 * kill -9}, the kernel's out-of-memory killer, a lost machine) left 60 MB in the temporary folder
 * for good: 17 copies, 933 MB, after one run of the tests' kill loop. Once the library is loaded
 * its file is not needed any more (the system keeps a deleted file's pages while they are mapped),
 * so the first connection deletes it at once: a process killed after that leaves nothing. It also
 * deletes the copies older than {@link #LEFTOVER_AGE} that such processes left (a copy in use
 * is not: its pages stay while mapped, as above; and a copy is loaded within a second of being
 * written).
 */
public final class EmbeddedDriver {
    /** A copy the driver unpacks ({@code Files.createTempFile("libduckdb_java", ".so")}): the prefix, digits, the suffix. */
    private static final Pattern UNPACKED = Pattern.compile("libduckdb_java\\d+\\.so");
    private static final AtomicBoolean UNPACKED_DELETED = new AtomicBoolean();
    /** How old an unpacked copy in the temporary folder must be to count as left behind. */
    static final Duration LEFTOVER_AGE = Duration.ofHours(1);

    private EmbeddedDriver() {
    }

    /**
     * {@link DriverManager#getConnection(String, Properties)}.
     *
     * @throws UserException when the driver's native library cannot be unpacked or loaded
     */
    public static Connection connect(String url, Properties properties) throws SQLException {
        Connection connection;
        try {
            connection = DriverManager.getConnection(url, properties);
        } catch (LinkageError e) {   // UnsatisfiedLinkError, ExceptionInInitializerError, then NoClassDefFoundError
            throw new UserException("DuckDB's native library could not be loaded from the temporary folder " + System.getProperty("java.io.tmpdir")
                    + " (" + reason(e) + "). It needs a folder this user may write, with 100 MB free, on a file system that allows running programs"
                    + " (not mounted noexec): set TMPDIR to one (./soundstage passes it on as java.io.tmpdir).", e);
        }
        if (UNPACKED_DELETED.compareAndSet(false, true)) {
            Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
            deleteUnpacked(Path.of("/proc/self/maps"), temporary);
            deleteLeftovers(temporary, Instant.now().minus(LEFTOVER_AGE));
        }
        return connection;
    }

    /**
     * Deletes the driver's unpacked copies of its library in {@code temporary} that this process
     * has loaded, as {@code maps} (Linux's list of the process's mapped files) names them. Nothing
     * else: not a library the driver loaded from elsewhere (a system folder, beside the jar), not
     * another process's copy. Where there is no such list (macOS), the copy stays, as before.
     */
    static void deleteUnpacked(Path maps, Path temporary) {
        List<String> lines;
        try {
            lines = Files.readAllLines(maps);
        } catch (IOException | UncheckedIOException e) {
            return;
        }
        Path folder = realPath(temporary);   // the list names files by their real paths
        for (String line : lines) {
            int slash = line.indexOf('/');
            if (slash < 0 || line.endsWith(" (deleted)")) {
                continue;
            }
            Path file = Path.of(line.substring(slash)).normalize();
            if (file.getFileName() != null && UNPACKED.matcher(file.getFileName().toString()).matches() && folder.equals(file.getParent())) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // left for Java's exit to delete, as the driver asked
                }
            }
        }
    }

    /** Deletes the driver's unpacked copies in {@code temporary} last written before {@code cutoff}. */
    static void deleteLeftovers(Path temporary, Instant cutoff) {
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(temporary, "libduckdb_java*.so")) {
            for (Path copy : copies) {
                try {
                    if (UNPACKED.matcher(copy.getFileName().toString()).matches() && Files.isRegularFile(copy)
                            && Files.getLastModifiedTime(copy).toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(copy);
                    }
                } catch (IOException e) {
                    // another user's, or gone already: left
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            // no temporary folder to tidy: nothing to do
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
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
