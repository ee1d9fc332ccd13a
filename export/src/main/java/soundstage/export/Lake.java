package soundstage.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Where an export keeps the lake's files, and every change it makes there: a local folder
 * ({@link LakeFolder}) or an S3 prefix ({@link S3Lake}). Files are named by their path relative
 * to the lake's root. DuckDB writes each file locally, under {@link #temporary}; {@link #publish}
 * makes it visible whole, in one step, so a reader never sees half a file. Open, a lake is locked
 * against other exports.
 */
interface Lake extends AutoCloseable {
    /** The manifest of the last export, or an empty one when there is none. */
    Manifest readManifest() throws IOException;

    /** Replaces the manifest, whole, like every file. */
    void writeManifest(Manifest manifest) throws IOException;

    /** A new local file for {@code file}'s next content; give it to {@link #publish} once written, or to {@link #discard}. */
    Path temporary(String file) throws IOException;

    /** Makes {@code temporary} the content of {@code file}, replacing the old one in one step; returns its size. */
    long publish(Path temporary, String file) throws IOException;

    /** Deletes a {@link #temporary} file that will not be published. */
    void discard(Path temporary) throws IOException;

    /** The size of {@code file}, or empty when it is missing. */
    OptionalLong size(String file) throws IOException;

    /** Deletes {@code file} if it is there. */
    void delete(String file) throws IOException;

    /** Every file under {@code folder} (relative to the root, as are the names given back), sorted; none when it is not there. */
    List<String> files(String folder) throws IOException;

    /** A local folder DuckDB may spill into while it builds a file. */
    Path scratch();

    /** Releases the lock and deletes local scratch files. */
    @Override
    void close() throws IOException;
}
