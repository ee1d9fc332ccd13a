package soundstage.warehouse.duckdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import soundstage.core.LockHolder;
import soundstage.core.OpenOptions;
import soundstage.core.WriterLock;

/**
 * The writer lock of a DuckDB warehouse: an operating-system lock on the file {@code <warehouse>.lock}
 * beside it, which holds a description of the holder ({@link LockHolder#toText()}). The system
 * releases the lock when the holder's process ends, however it ends, so a dead holder never keeps
 * the warehouse: the next writer takes the lock and says whose it was (the description a clean
 * release erases is still there).
 *
 * <p>The lock file is never deleted: a writer waiting on a file another removed would lock a
 * file nobody else sees. Within one JVM, the lock file is not opened again while this JVM holds
 * it, because closing any descriptor of a file releases the process's locks on it (POSIX).
 */
final class DuckDbWriterLock implements AutoCloseable {
    /** The locks this JVM holds, by lock file, with their holder. */
    private static final Map<Path, LockHolder> HELD = new ConcurrentHashMap<>();

    private final Path path;
    private final FileChannel channel;

    private DuckDbWriterLock(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** The lock file of the warehouse {@code file}. */
    static Path pathOf(Path file) {
        return file.toAbsolutePath().normalize().resolveSibling(file.getFileName() + ".lock");
    }

    /**
     * Takes the lock of the warehouse {@code file}, waiting as {@code options} say; tells
     * {@code options.notices()} when it takes over the lock of a holder that ended without
     * releasing it.
     *
     * @throws soundstage.core.UserException naming the holder when another process keeps it
     */
    static DuckDbWriterLock take(Path file, OpenOptions options) throws Exception {
        Path path = pathOf(file);
        if (HELD.containsKey(path)) {
            WriterLock.take(() -> Optional.ofNullable(HELD.get(path)), file.toString(), options.withMaxWait(java.time.Duration.ZERO));
        }
        FileChannel channel = FileChannel.open(path, CREATE, READ, WRITE);
        try {
            WriterLock.take(() -> {
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException thisJvm) {
                    lock = null;
                }
                if (lock != null) {
                    return Optional.empty();
                }
                LockHolder inThisJvm = HELD.get(path);
                return Optional.of(inThisJvm != null ? inThisJvm : read(channel).orElse(unknown()));
            }, file.toString(), options);
            Optional<LockHolder> previous = read(channel);
            previous.ifPresent(dead -> options.notices().accept("taking over the writer lock of warehouse '" + file + "' from "
                    + dead.describe() + ", which ended without releasing it"));
            LockHolder me = LockHolder.thisProcess(options.command());
            byte[] text = me.toText().getBytes(UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(text), 0);
            channel.force(false);
            HELD.put(path, me);
            WriterLock.taken();
            return new DuckDbWriterLock(path, channel);
        } catch (Exception e) {
            if (!HELD.containsKey(path)) {
                channel.close();
            }
            throw e;
        }
    }

    /**
     * Who holds the lock of the warehouse {@code file}, as the holder wrote it; empty when nobody
     * wrote one (or the holder is a program other than Soundstage). Takes no lock.
     */
    static Optional<LockHolder> holder(Path file) {
        Path path = pathOf(file);
        LockHolder inThisJvm = HELD.get(path);
        if (inThisJvm != null) {
            return Optional.of(inThisJvm);
        }
        try {
            return LockHolder.parse(Files.readString(path, UTF_8));
        } catch (NoSuchFileException none) {
            return Optional.empty();
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * Whether a Soundstage writer holds the warehouse {@code file} now, as far as its lock file
     * tells without taking the lock: a holder wrote its description there (a clean release erases
     * it), and it is not a process of this machine that has ended (the system released its lock).
     * A holder on another machine is taken to be at work.
     */
    static boolean atWork(Path file) {
        return holder(file).filter(holder -> !holder.endedOnThisHost()).isPresent();
    }

    private static Optional<LockHolder> read(FileChannel channel) throws IOException {
        long size = Math.min(channel.size(), 64 * 1024);
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
            // read it all
        }
        return LockHolder.parse(new String(buffer.array(), 0, buffer.position(), UTF_8));
    }

    private static LockHolder unknown() {
        return new LockHolder("another Soundstage process", 0, "", null);
    }

    /** Erases the holder's description and releases the lock; safe twice. */
    @Override
    public void close() {
        if (!channel.isOpen()) {
            return;
        }
        HELD.remove(path);
        try (FileChannel closing = channel) {
            closing.truncate(0);
            closing.force(false);
        } catch (IOException e) {
            // Closing releases the lock whatever happened to the description.
        } finally {
            WriterLock.released();
        }
    }
}
