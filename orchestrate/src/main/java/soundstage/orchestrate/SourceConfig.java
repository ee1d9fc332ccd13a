package soundstage.orchestrate;

import static java.util.Objects.requireNonNull;

import java.util.List;
import soundstage.core.FileKind;
import soundstage.core.IngestOptions;

/**
 * One source of the configuration file: files of one kind the pipeline ingests on every run.
 *
 * @param name the key under {@code sources}, which names its ingest task ({@code ingest.NAME})
 * @param kind what the files hold
 * @param paths files, folders or globs, already resolved against the configuration file's folder
 * @param listener {@code spotify-export}: the listener of records that name none; {@code null} if not given
 * @param dropPersonalData {@code spotify-export}: whether IP addresses and user agents are dropped at ingest
 */
public record SourceConfig(String name, FileKind kind, List<String> paths, String listener, boolean dropPersonalData) {
    public SourceConfig {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        paths = List.copyOf(requireNonNull(paths, "paths is null"));
    }

    /** The options its ingest runs with. */
    public IngestOptions ingestOptions() {
        return IngestOptions.DEFAULTS.withListener(listener, "sources." + name + ".listener").withDropPersonalData(dropPersonalData);
    }
}
