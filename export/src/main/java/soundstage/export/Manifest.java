package soundstage.export;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import soundstage.core.ErrorMessage;
import soundstage.core.UserException;

/**
 * {@code _soundstage/manifest.json}: every file of the lake, by table, with the fingerprint of
 * the rows it was written from. An export compares a partition's fingerprint now with the one
 * here and rewrites the file only when they differ (or the table's columns changed, or the file
 * is missing or has another size); files listed here that are no longer wanted are deleted.
 * Readers may use it as the lake's table of contents.
 *
 * @param version the manifest's own format, {@value #VERSION}; a newer one is refused
 * @param format the format of the latest export, for people ({@code parquet} or {@code json});
 *     the files' names carry the format, so changing it replaces every file
 * @param tables by qualified table name, e.g. {@code analytics.songplays}
 */
record Manifest(int version, String format, SortedMap<String, TableFiles> tables) {
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            // A manifest of a newer Soundstage may have more fields; its version says so, and is checked.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    Manifest {
        tables = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(tables, "tables is null")));
    }

    /**
     * The files of one table.
     *
     * @param columns the table's columns as {@code name type} when its files were written
     * @param partitionedBy the column the files are split by, or null for one file
     * @param files by path relative to the lake's root, e.g. {@code analytics/songplays/year=2018/month=11/part.parquet}
     */
    record TableFiles(List<String> columns, String partitionedBy, SortedMap<String, FileEntry> files) {
        TableFiles {
            columns = List.copyOf(requireNonNull(columns, "columns is null"));
            files = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(files, "files is null")));
        }
    }

    /**
     * One file.
     *
     * @param rows rows it holds
     * @param hash the {@link Fingerprint#hash()} of its rows when it was written
     * @param bytes its size
     */
    record FileEntry(long rows, String hash, long bytes) {
        FileEntry {
            requireNonNull(hash, "hash is null");
        }
    }

    /** The manifest of a lake no export has written yet. */
    static Manifest empty() {
        return new Manifest(VERSION, null, new TreeMap<>());
    }

    /**
     * The manifest in {@code json}, read from {@code file} of the lake {@code lake} (all three for
     * messages; {@code fix} says how to export every file again when it cannot be read).
     *
     * @throws UserException when it cannot be read, or a newer Soundstage wrote it
     */
    static Manifest read(byte[] json, String file, String lake, String fix) {
        Manifest manifest;
        try {
            manifest = parse(json);
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            throw new UserException("Cannot read the lake's manifest '" + file + "': it is not JSON (at line " + e.getLocation().getLineNr()
                    + "). " + fix, e);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {   // JSON, of another shape: no class or token names for the user
            throw new UserException("Cannot read the lake's manifest '" + file + "': it is JSON, but not a Soundstage lake manifest. "
                    + fix, e);
        } catch (IOException e) {
            throw new UserException("Cannot read the lake's manifest '" + file + "': " + ErrorMessage.clause(e)
                    + ". " + fix, e);
        }
        if (manifest.version() > VERSION) {
            throw new UserException("The lake in '" + lake + "' was written by a newer Soundstage (manifest version " + manifest.version()
                    + "; this one knows " + VERSION + "). Upgrade Soundstage, or export to another place.");
        }
        return manifest;
    }

    static Manifest parse(byte[] json) throws IOException {
        return JSON.readValue(json, Manifest.class);
    }

    byte[] toJson() throws IOException {
        return JSON.writeValueAsBytes(this);
    }
}
