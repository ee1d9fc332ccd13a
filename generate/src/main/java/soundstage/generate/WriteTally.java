package soundstage.generate;

/**
 * What one writer put on disk.
 *
 * @param files files written, copies not included
 * @param duplicates byte-identical copies written under another name
 * @param badLines lines damaged on purpose
 * @param bytes size of every file written, copies included
 */
record WriteTally(int files, int duplicates, long badLines, long bytes) {}
