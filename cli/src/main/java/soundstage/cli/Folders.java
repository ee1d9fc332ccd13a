package soundstage.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import soundstage.core.StatusChange;

/** Folders the commands write whole (the demo's, generated data): made empty before they are written again. */
final class Folders {
    private Folders() {
    }

    /**
     * The files in {@code folder} changed after {@code marker} was last written, when its last
     * line is {@code complete} (the command wrote it after its last file); none when it is not (a
     * command stopped part-way: nothing to tell its files from others by). Changed is by status
     * change time, which copying or moving a file in sets (its modification time may be kept);
     * by modification time where the file system has none.
     */
    static java.util.List<Path> addedSince(Path folder, Path marker, String complete) throws IOException {
        if (!Files.readAllLines(marker).contains(complete)) {
            return java.util.List.of();
        }
        long written = changed(marker);
        try (Stream<Path> walk = Files.walk(folder)) {
            java.util.List<Path> added = new java.util.ArrayList<>();
            for (Path path : walk.filter(Files::isRegularFile).sorted().toList()) {
                if (changed(path) > written) {
                    added.add(path);
                }
            }
            return added;
        }
    }

    private static long changed(Path path) throws IOException {
        java.util.Optional<java.nio.file.attribute.FileTime> changed = StatusChange.of(path);
        return (changed.isPresent() ? changed.get() : Files.getLastModifiedTime(path)).toMillis();
    }

    /** Deletes everything inside {@code folder}, which stays. */
    static void empty(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(folder)) {
                    Files.delete(path);
                }
            }
        }
    }
}
