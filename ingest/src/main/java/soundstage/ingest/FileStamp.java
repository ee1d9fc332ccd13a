package soundstage.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/**
 * What tells whether a file changed between two looks at it: its identity (device and inode), size,
 * modification time and status change time. Every write, truncation and replacement (a rename
 * over the path gives another inode) sets the status change time, which no user can set back, so
 * equal stamps taken before a file is hashed and after it is loaded mean the bytes loaded are the
 * bytes hashed. Where the file system has no "unix" view, the basic attributes stand in.
 */
public record FileStamp(Map<String, Object> attributes) {
    private static final String UNIX = "unix:dev,ino,size,lastModifiedTime,ctime";

    /** {@code file}'s stamp now (one {@code stat}), or null when it cannot be looked at. */
    public static FileStamp of(Path file) {
        try {
            try {
                return new FileStamp(Map.copyOf(Files.readAttributes(file, UNIX)));
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                BasicFileAttributes basic = Files.readAttributes(file, BasicFileAttributes.class);
                Object key = basic.fileKey();
                return new FileStamp(Map.of("size", basic.size(), "lastModifiedTime", basic.lastModifiedTime(), "key", key == null ? "" : key));
            }
        } catch (IOException e) {
            return null;
        }
    }
}
