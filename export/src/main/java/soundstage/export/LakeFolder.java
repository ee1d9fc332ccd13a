package soundstage.export;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import soundstage.core.DiskFull;
import soundstage.core.ErrorMessage;
import soundstage.core.LakeMeta;
import soundstage.core.UserException;

/**
 * The lake's folder, and every change an export makes in it. Nothing is ever half-written where
 * a reader looks: a file is written under a hidden temporary name in its own folder
 * ({@code .part.parquet.tmp-<random>}, which Spark and Hive skip, and DuckDB's
 * {@code **\/*.parquet} glob, not its bare {@code **}), flushed to disk, then renamed over the old
 * one in one atomic step. A crash leaves at most such temporary files, and opening the folder
 * again deletes them. Every path is checked to stay inside the folder.
 *
 * <p>Open, the folder is locked ({@value #LOCK}), so two exports never write it at once.
 */
final class LakeFolder implements Lake {
    static final String META = LakeMeta.FOLDER;
    static final String MANIFEST = LakeMeta.MANIFEST;
    static final String LOCK = META + "/lock";
    /** Where DuckDB may spill while it builds a file; emptied on open and close. */
    static final String SCRATCH = META + "/scratch";
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.tmp-[0-9a-f]+");

    private final Path root;
    private final String shown;
    private final FileChannel lockChannel;
    private final int leftovers;

    private LakeFolder(Path root, String shown, FileChannel lockChannel, int leftovers) {
        this.root = root;
        this.shown = shown;
        this.lockChannel = lockChannel;
        this.leftovers = leftovers;
    }

    /**
     * Checks, without changing anything, that {@code dir} can hold a lake: it is missing, an
     * empty folder, or a lake an export wrote before.
     *
     * @throws UserException otherwise
     */
    static void check(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserException("Cannot export to '" + dir + "': it is a file, not a folder. Choose a folder with --to.");
        }
        if (Files.isDirectory(dir) && !Files.isDirectory(dir.resolve(META))) {
            boolean empty;
            try (Stream<Path> children = Files.list(dir)) {
                empty = children.findAny().isEmpty();
            }
            if (!empty) {
                throw new UserException("Folder '" + dir + "' is not empty and holds no lake of an earlier export (it has no " + META
                        + " folder), so export will not write into it. Choose a new or empty folder with --to.");
            }
        }
    }

    /**
     * Opens (creating if needed) the lake in {@code dir}, locks it and deletes what a crashed
     * export left behind.
     *
     * @throws UserException when {@code dir} cannot hold a lake (see {@link #check}), cannot be
     *     written, or another export is writing it
     */
    static LakeFolder open(Path dir) throws IOException {
        check(dir);
        Path root = dir.toAbsolutePath().normalize();
        FileChannel channel;
        try {
            Files.createDirectories(root.resolve(META));
            if (!Files.isWritable(root) || !Files.isWritable(root.resolve(META))) {
                throw new AccessDeniedException(root.toString());
            }
            channel = FileChannel.open(root.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UserException("Cannot write to folder '" + dir + "' (" + reason(e) + "). "
                    + DiskFull.fix(e, "Choose another folder with --to, or make it writable."), e);
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                throw new UserException("Folder '" + dir + "' is being written by another export. Wait for it to finish and try again.");
            }
            int leftovers = deleteLeftovers(root);
            Files.createDirectories(root.resolve(SCRATCH));
            return new LakeFolder(root, dir.toString(), channel, leftovers);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static String reason(IOException e) {
        return ErrorMessage.ofFile(e);
    }

    /** Deletes the temporary files of crashed exports and the scratch folder; returns how many temporary files there were. */
    private static int deleteLeftovers(Path root) throws IOException {
        deleteTree(root.resolve(SCRATCH));
        List<Path> temporary;
        try (Stream<Path> files = Files.walk(root)) {
            temporary = files.filter(p -> TEMPORARY.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p)).toList();
        }
        for (Path file : temporary) {
            deleteWithEmptyFolders(root, file);
        }
        return temporary.size();
    }

    /** Deletes {@code folder} and all it holds, if it is there. */
    static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Temporary files of crashed exports that opening deleted. */
    int leftovers() {
        return leftovers;
    }

    /** A folder DuckDB may spill into, inside the lake. */
    @Override
    public Path scratch() {
        return root.resolve(SCRATCH);
    }

    /** The lake's folder as the user named it, for messages. */
    String shown() {
        return shown;
    }

    /**
     * A new temporary name, hidden, in the folder of {@code file} (a path relative to the
     * root); the folder is created if needed. Give it to {@link #publish} once written.
     */
    @Override
    public Path temporary(String file) throws IOException {
        Path target = resolve(file);
        Files.createDirectories(target.getParent());
        return target.resolveSibling("." + target.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    /** Flushes {@code temporary} to disk and renames it to {@code file} atomically, replacing the old file; returns its size. */
    @Override
    public long publish(Path temporary, String file) throws IOException {
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Path target = resolve(file);
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return Files.size(target);
    }

    /** The size of {@code file}, or empty when it is missing. */
    @Override
    public OptionalLong size(String file) throws IOException {
        try {
            return OptionalLong.of(Files.size(resolve(file)));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
    }

    /** Deletes {@code file} if it is there, then its folders up to the root as long as they are empty. */
    @Override
    public void delete(String file) throws IOException {
        deleteWithEmptyFolders(root, resolve(file));
    }

    @Override
    public List<String> files(String folder) throws IOException {
        Path start = resolve(folder);
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(start)) {
            return paths.filter(Files::isRegularFile).map(path -> root.relativize(path).toString().replace(File.separatorChar, '/')).sorted().toList();
        }
    }

    /** Deletes a {@link #temporary} file that will not be published (its writing failed), and the folders made for it. */
    @Override
    public void discard(Path temporary) throws IOException {
        if (!temporary.startsWith(root) || !TEMPORARY.matcher(temporary.getFileName().toString()).matches()) {
            throw new IllegalStateException("'" + temporary + "' is not a temporary file of the lake '" + root + "'");
        }
        deleteWithEmptyFolders(root, temporary);
    }

    private static void deleteWithEmptyFolders(Path root, Path file) throws IOException {
        Files.deleteIfExists(file);
        for (Path folder = file.getParent(); folder.startsWith(root) && !folder.equals(root); folder = folder.getParent()) {
            try {
                Files.deleteIfExists(folder);
            } catch (DirectoryNotEmptyException stillUsed) {
                break;
            }
        }
    }

    @Override
    public Manifest readManifest() throws IOException {
        Path file = resolve(MANIFEST);
        if (!Files.exists(file)) {
            return Manifest.empty();
        }
        if (!Files.isRegularFile(file)) {
            throw new UserException("Cannot read the lake's manifest '" + file + "': it is not a file. Move it away to export every file again.");
        }
        return Manifest.read(Files.readAllBytes(file), file.toString(), shown, "Delete it to export every file again.");
    }

    /** Replaces the manifest, atomically like every file. */
    @Override
    public void writeManifest(Manifest manifest) throws IOException {
        Path temporary = temporary(MANIFEST);
        Files.write(temporary, manifest.toJson());
        publish(temporary, MANIFEST);
    }

    /** {@code file} (relative to the root) as a path; refuses any path that would leave the lake. */
    private Path resolve(String file) {
        Path path = root.resolve(file).normalize();
        boolean inside = path.startsWith(root) && !path.equals(root);
        if (inside && Files.exists(path.getParent())) {
            // A folder in the lake may be a symbolic link to one outside it: what it names is outside too.
            try {
                inside = path.getParent().toRealPath().startsWith(root.toRealPath());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (!inside) {
            // Only a manifest edited by hand (or a folder linked out of the lake) names such a file.
            throw new UserException("The lake's manifest names '" + file + "', which is outside the lake '" + root + "' (or reached through a link "
                    + "out of it); the lake writes and deletes only inside its folder. Delete " + root.resolve(MANIFEST) + " to export every file again.");
        }
        return path;
    }

    /** Empties the scratch folder and releases the lock. */
    @Override
    public void close() {
        try (FileChannel channel = lockChannel) {
            deleteTree(root.resolve(SCRATCH));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
