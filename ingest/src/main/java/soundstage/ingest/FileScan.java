package soundstage.ingest;

/**
 * What reading a file found.
 *
 * @param bytes bytes in the file
 * @param lines non-blank lines: handed to the sink, or counted while hashing
 * @param sha256 lower-case hex SHA-256 of the file's bytes
 * @param utf8 whether every byte sequence of the file is valid UTF-8
 */
public record FileScan(long bytes, long lines, String sha256, boolean utf8) {
}
