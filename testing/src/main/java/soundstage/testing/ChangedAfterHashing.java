package soundstage.testing;

import java.nio.file.Path;
import java.util.List;

/** What every dialect's loader quarantines of a file that changed between its hashing and its loading, and of a copy planned as its duplicate. */
public final class ChangedAfterHashing {
    private ChangedAfterHashing() {
    }

    /** The rows (path, line_no, reason) of meta.quarantine, in path order, for the changed file and its copy. */
    public static List<List<String>> quarantine(Path changed, Path copy) {
        return List.of(
                List.of(changed.toString(), "0", "the file changed while it was being ingested (written, truncated or replaced between its hashing and"
                        + " its loading), so none of it is loaded; ingest it again once it is complete"),
                List.of(copy.toString(), "0", "cannot read the file it repeats (its content was first offered in a file that could not be read,"
                        + " or had changed, when it was loaded); ingest it again"));
    }
}
