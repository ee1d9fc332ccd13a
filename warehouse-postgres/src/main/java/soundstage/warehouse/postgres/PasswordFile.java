package soundstage.warehouse.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The password file pgjdbc reads when neither the address nor {@code PGPASSWORD} gives a
 * password: the system property {@code org.postgresql.pgpassfile}, else {@code PGPASSFILE}, else
 * {@code ~/.pgpass}.
 */
final class PasswordFile {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    /** The files already warned about: once per file and process, not once per session. */
    private static final Set<Path> WARNED = ConcurrentHashMap.newKeySet();

    private PasswordFile() {
    }

    /** The file, as the driver finds it. */
    static Path path() {
        String property = given(System.getProperty("org.postgresql.pgpassfile"));
        String variable = given(System.getenv("PGPASSFILE"));
        return property != null ? Path.of(property) : variable != null ? Path.of(variable) : Path.of(System.getProperty("user.home"), ".pgpass");
    }

    /** The file for a message: as given, with where it was given. */
    static String shown() {
        String property = given(System.getProperty("org.postgresql.pgpassfile"));
        String variable = given(System.getenv("PGPASSFILE"));
        return property != null ? property : variable != null ? variable + " (PGPASSFILE)" : "~/.pgpass";
    }

    private static String given(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * psql and libpq ignore a password file that the group or others may access; pgjdbc reads it
     * all the same. Says so, once per file, with the fix: the password works, and the file should
     * be private.
     */
    static void checkMode(Consumer<String> notices) {
        Path file = path();
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.stream().anyMatch(OTHERS::contains) && WARNED.add(file.toAbsolutePath())) {
                notices.accept("the password file " + file + " may be read by other users (" + PosixFilePermissions.toString(mode)
                        + "; psql ignores such a file, Soundstage's driver reads it): make it private with chmod 600 " + file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // No such file, or no POSIX permissions here: nothing to say.
        }
    }
}
