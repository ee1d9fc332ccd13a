package soundstage.core;

/**
 * Where a lake that {@code export} writes keeps its own files: the exporter writes them, and
 * {@code ingest} knows a lake among its inputs by its manifest, and leaves it out.
 */
public final class LakeMeta {
    /** Soundstage's own folder in the lake; readers skip folders whose name starts with _. */
    public static final String FOLDER = "_soundstage";
    /** Every file of the lake with its rows' fingerprint. */
    public static final String MANIFEST = FOLDER + "/manifest.json";

    private LakeMeta() {
    }
}
