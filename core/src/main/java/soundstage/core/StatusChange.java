package soundstage.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * A file's status change time ({@code ctime}): every write, copy into place, move and change of
 * mode sets it, and unlike the modification time no user can set it back ({@code cp -p},
 * {@code rsync -t} and {@code touch -r} keep the modification time). How Soundstage tells a file
 * changed since it last looked, whatever its modification time says.
 */
public final class StatusChange {
    private StatusChange() {
    }

    /** {@code path}'s status change time; empty where the file system has none (no "unix" attribute view). */
    public static Optional<FileTime> of(Path path) throws IOException {
        try {
            return Optional.of((FileTime) Files.getAttribute(path, "unix:ctime"));
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
