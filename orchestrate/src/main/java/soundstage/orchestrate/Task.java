package soundstage.orchestrate;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One named step of the pipeline.
 *
 * @param name unique, e.g. {@code ingest.events}, {@code staging.sparkify_events}, {@code checks}
 * @param kind what running it does
 * @param dependsOn the tasks that must succeed before it runs
 * @param description one line for {@code soundstage dag}
 */
public record Task(String name, Kind kind, List<String> dependsOn, String description) {
    /** What a task does. */
    public enum Kind {
        /** Loads one configured source's new files into the source layer. */
        INGEST,
        /** Brings one model's table up to date with its inputs (incrementally unless a full refresh). */
        MODEL,
        /** Runs the data checks; fails when a blocking check fails. */
        CHECKS,
        /** Writes the lake. */
        EXPORT
    }

    public Task {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        dependsOn = List.copyOf(requireNonNull(dependsOn, "dependsOn is null"));
        requireNonNull(description, "description is null");
    }

    /** The model name for a {@link Kind#MODEL} task, the source name for {@link Kind#INGEST}. */
    public String subject() {
        return kind == Kind.INGEST ? name.substring("ingest.".length()) : name;
    }
}
