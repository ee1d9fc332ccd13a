package soundstage.generate;

/**
 * What one {@link SparkifyGenerator#generate} run wrote.
 *
 * @param songFiles song files written, duplicates not included
 * @param eventFiles event (day) files written, duplicates not included
 * @param duplicateFiles extra byte-identical copies written, song and event files together
 * @param songs songs in the catalogue
 * @param events event lines written, damaged ones included
 * @param badLines event lines damaged on purpose
 * @param bytes total size of every file written, duplicates included
 */
public record GenerateSummary(
        int songFiles,
        int eventFiles,
        int duplicateFiles,
        long songs,
        long events,
        long badLines,
        long bytes) {}
