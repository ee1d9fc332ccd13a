package soundstage.orchestrate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Waits for files to land in a folder: polls it (and its subfolders), and reports a change when
 * files are new or changed since the last {@link #settle} and have kept their size and
 * modification time for one whole poll interval, so a file still being written is not taken
 * half-way. Polling rather than inotify: it also sees files that arrive through network file
 * systems and bind mounts, and the settle check needs a second look anyway. Hidden files and
 * folders (a writer's temporary {@code .name.part}) are ignored. A folder that goes away (deleted,
 * renamed, unmounted) is said once, and again when it is back, rather than watched in silence.
 * Not thread-safe.
 */
public final class FolderWatch {
    private final Path folder;
    private final Duration poll;
    private final TaskRunner.Pause pause;
    private final Consumer<String> notices;
    private Map<Path, String> settled = new HashMap<>();
    private boolean gone;

    /** {@code notices} hears, in a line, that the folder is gone or back. */
    public FolderWatch(Path folder, Duration poll, TaskRunner.Pause pause, Consumer<String> notices) {
        this.folder = folder;
        this.poll = poll;
        this.pause = pause;
        this.notices = notices;
    }

    /** Takes the folder as it is now as the state changes are counted from; returns how many files it holds. */
    public int settle() {
        settled = look();
        return settled.size();
    }

    /**
     * Blocks until files are new or changed since {@link #settle} and stable for one interval.
     *
     * @return how many files changed
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    public int awaitChange() throws InterruptedException {
        Map<Path, String> previous = look();
        while (true) {
            pause.pause(poll);
            Map<Path, String> now = look();
            long changed = now.entrySet().stream().filter(e -> !Objects.equals(settled.get(e.getKey()), e.getValue())).count();
            if (changed > 0 && now.equals(previous)) {
                return (int) changed;
            }
            previous = now;
        }
    }

    /** Every regular, non-hidden file under the folder with its size and modification time. */
    private Map<Path, String> look() {
        Map<Path, String> files = new HashMap<>();
        boolean there = Files.isDirectory(folder);
        if (there == gone) {
            gone = !there;
            notices.accept(gone ? "warning: the watched folder " + folder + " is gone (deleted, renamed or unmounted); still watching for it to come back"
                    : "the watched folder " + folder + " is back");
        }
        if (!there) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.filter(path -> !hidden(folder.relativize(path)))
                    .forEach(path -> {
                        try {
                            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                            if (attributes.isRegularFile()) {
                                files.put(path, attributes.size() + "@" + attributes.lastModifiedTime().toMillis());
                            }
                        } catch (IOException e) {
                            // gone between the listing and the look: it is not there
                        }
                    });
        } catch (IOException | UncheckedIOException e) {
            // the folder changed under the walk; the next poll looks again
        }
        return files;
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
