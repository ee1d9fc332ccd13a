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
 * @param listenerSetting where {@code listener} was given, as messages name it: {@code sources.NAME.listener}, or an option
 */
public record SourceConfig(String name, FileKind kind, List<String> paths, String listener, boolean dropPersonalData, String listenerSetting) {
    public SourceConfig {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        paths = List.copyOf(requireNonNull(paths, "paths is null"));
        requireNonNull(listenerSetting, "listenerSetting is null");
    }

    /** A source of the configuration file named {@code name}. */
    public SourceConfig(String name, FileKind kind, List<String> paths, String listener, boolean dropPersonalData) {
        this(name, kind, paths, listener, dropPersonalData, "sources." + name + ".listener");
    }

    /** The options its ingest runs with. */
    public IngestOptions ingestOptions() {
        return IngestOptions.DEFAULTS.withListener(listener, listenerSetting).withDropPersonalData(dropPersonalData);
    }
}
