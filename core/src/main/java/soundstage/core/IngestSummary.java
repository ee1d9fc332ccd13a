package soundstage.core;

import static java.util.Objects.requireNonNull;

/**
 * What one {@code ingest} call did, file by file added up.
 *
 * @param kind the kind of the files
 * @param files files looked at
 * @param loaded files whose rows were loaded (new content)
 * @param duplicates files skipped because a file with the same content was loaded before
 * @param rows rows loaded into the source layer
 * @param quarantined rows (or whole files) put in {@code meta.quarantine} with a reason
 * @param bytes bytes read
 */
public record IngestSummary(FileKind kind, int files, int loaded, int duplicates, long rows, long quarantined, long bytes) {
    public IngestSummary {
        requireNonNull(kind, "kind is null");
    }

    public static IngestSummary empty(FileKind kind) {
        return new IngestSummary(kind, 0, 0, 0, 0, 0, 0);
    }

    public IngestSummary plus(IngestSummary other) {
        return new IngestSummary(kind, files + other.files, loaded + other.loaded, duplicates + other.duplicates,
                rows + other.rows, quarantined + other.quarantined, bytes + other.bytes);
    }
}
