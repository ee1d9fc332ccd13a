package soundstage.generate;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Where the files of one export go: a zip file, as downloaded from Spotify, or the folder
 * unzipping it gives. Files are written one after the other: each {@link #newFile} stream must be
 * closed before the next file is started.
 */
interface ExportArchive extends Closeable {

    /**
     * Starts the file at {@code path} inside the export ({@code "MyData/Userdata.json"}); closing
     * the stream finishes the file.
     */
    OutputStream newFile(String path) throws IOException;

    /** Files started so far. */
    int files();

    /**
     * A zip file. Entries are deflated (at the fastest level) and carry {@code fileTime} as their
     * local date and time, without the time zone or extra time fields, so that the bytes do not
     * depend on the machine or the day of writing (given the same zlib).
     */
    static ExportArchive zip(Path file, LocalDateTime fileTime) throws IOException {
        return new Zip(file, fileTime);
    }

    /** A folder, created if missing; paths inside the export become paths under it. */
    static ExportArchive folder(Path folder) throws IOException {
        Files.createDirectories(folder);
        return new Folder(folder);
    }

    final class Zip implements ExportArchive {
        /** Exports are large: 64 KiB blocks keep system calls few. */
        private static final int WRITE_BUFFER_BYTES = 1 << 16;

        private final ZipOutputStream zip;
        private final LocalDateTime fileTime;
        private int files;

        private Zip(Path file, LocalDateTime fileTime) throws IOException {
            this.zip = new ZipOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(file), WRITE_BUFFER_BYTES),
                    StandardCharsets.UTF_8);
            // The fastest level: deflating is most of the time of writing a zip, and it still
            // shrinks the JSON about eight times.
            zip.setLevel(Deflater.BEST_SPEED);
            this.fileTime = fileTime;
        }

        @Override
        public OutputStream newFile(String path) throws IOException {
            ZipEntry entry = new ZipEntry(path);
            entry.setTimeLocal(fileTime);
            zip.putNextEntry(entry);
            files++;
            return new FilterOutputStream(zip) {
                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    out.write(bytes, offset, length);
                }

                @Override
                public void close() throws IOException {
                    zip.closeEntry();
                }
            };
        }

        @Override
        public int files() {
            return files;
        }

        @Override
        public void close() throws IOException {
            zip.close();
        }
    }

    final class Folder implements ExportArchive {
        private static final int WRITE_BUFFER_BYTES = 1 << 16;

        private final Path folder;
        private int files;

        private Folder(Path folder) {
            this.folder = folder;
        }

        @Override
        public OutputStream newFile(String path) throws IOException {
            Path file = folder.resolve(path);
            Files.createDirectories(file.getParent());
            files++;
            return new BufferedOutputStream(Files.newOutputStream(file), WRITE_BUFFER_BYTES);
        }

        @Override
        public int files() {
            return files;
        }

        @Override
        public void close() {}
    }
}
