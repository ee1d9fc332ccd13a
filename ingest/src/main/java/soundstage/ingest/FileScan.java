package soundstage.ingest;

/**
 * What reading a file found.
 *
 * @param bytes bytes in the file
 * @param lines non-blank lines handed to the sink
 * @param sha256 lower-case hex SHA-256 of the file's bytes
 */
public record FileScan(long bytes, long lines, String sha256) {
}
