package soundstage.core;

import static java.util.Objects.requireNonNull;

/**
 * What one {@code ingest} call did, file by file added up.
 *
 * @param kind the kind of the files
 * @param files files looked at
 * @param loaded files with new content and at least one good row
 * @param rejected files with new content but no good row (empty, not JSON, unreadable): quarantined
 * @param duplicates files skipped because a file with the same content was loaded before
 * @param rows rows loaded into the source layer
 * @param quarantined rows (or whole files) put in {@code meta.quarantine} with a reason
 * @param bytes bytes read
 */
public record IngestSummary(FileKind kind, int files, int loaded, int rejected, int duplicates, long rows, long quarantined, long bytes) {
    public IngestSummary {
        requireNonNull(kind, "kind is null");
    }

    public static IngestSummary empty(FileKind kind) {
        return new IngestSummary(kind, 0, 0, 0, 0, 0, 0, 0);
    }

    public IngestSummary plus(IngestSummary other) {
        return new IngestSummary(kind, files + other.files, loaded + other.loaded, rejected + other.rejected, duplicates + other.duplicates,
                rows + other.rows, quarantined + other.quarantined, bytes + other.bytes);
    }
}
