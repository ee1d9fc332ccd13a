package soundstage.ingest.spotify;

import java.io.IOException;
import java.io.InputStream;

/**
 * One streaming-history file to load: a plain file or a zip entry.
 *
 * @param path where it is, for the registry and messages ({@code export.zip!/MyData/StreamingHistory0.json} for an entry)
 * @param name the file name alone
 * @param size bytes it holds (as the zip declares it, for an entry)
 * @param limit the most bytes reading it may yield (its declared size, for an entry)
 * @param listener the listener the export names (its Userdata.json) or the user gave; null when none
 * @param content what its name says it holds (music, podcast, audiobook, video), or null
 * @param opener opens its bytes; may be called more than once and from any thread
 */
record ExportEntry(String path, String name, long size, long limit, String listener, String content, Opener opener) {
    /** Opens the bytes of an entry. */
    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }
}
