package soundstage.generate;

/**
 * What one {@link SpotifyGenerator#generate} run wrote.
 *
 * @param listeners listeners, one folder each
 * @param plays plays of all listeners' histories
 * @param extendedExports extended streaming history exports, one per listener
 * @param accountDataExports account data ("last 12 months") exports
 * @param jsonFiles JSON files inside the exports, copies not included
 * @param duplicateExports exports also written again, byte-identical, under another name
 * @param bytes size of every file written (zips, or extracted files), copies included
 */
public record SpotifySummary(
        int listeners,
        long plays,
        int extendedExports,
        int accountDataExports,
        int jsonFiles,
        int duplicateExports,
        long bytes) {}
