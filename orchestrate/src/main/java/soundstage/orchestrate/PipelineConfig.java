package soundstage.orchestrate;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import soundstage.ingest.InputPaths;

/**
 * The configuration file ({@code soundstage.yml}), validated: every path resolved, every value
 * checked. Immutable. Its warehouse is read on its own ({@link ConfigFile#readWarehouse}). {@link #NONE} is what a command works with when there is no file: no
 * sources, no lake, the default schedule and retries.
 *
 * @param file the file it was read from; {@code null} for {@link #NONE}
 * @param sources the sources, in the file's order
 * @param lake the lake the export task writes; {@code null} when the file names none (no export task)
 * @param schedule when {@code soundstage schedule} runs
 * @param retries how transient failures are retried
 * @param logs the folder of the run logs; {@code null} for the default (see {@link #logFolder})
 */
public record PipelineConfig(Path file, List<SourceConfig> sources, LakeConfig lake, ScheduleConfig schedule,
        RetryPolicy retries, Path logs) {
    public static final PipelineConfig NONE = new PipelineConfig(null, List.of(), null, ScheduleConfig.DEFAULT, RetryPolicy.DEFAULT, null);

    public PipelineConfig {
        sources = List.copyOf(requireNonNull(sources, "sources is null"));
        requireNonNull(schedule, "schedule is null");
        requireNonNull(retries, "retries is null");
    }

    /**
     * Where run logs go: the {@code logs} key, else {@code soundstage-logs} beside the
     * configuration file, else beside a DuckDB warehouse file, else in the current folder.
     */
    public Path logFolder(String warehouseAddress) {
        if (logs != null) {
            return logs;
        }
        if (file != null) {
            return file.toAbsolutePath().getParent().resolve(InputPaths.RUN_LOG_FOLDER);
        }
        if (!warehouseAddress.contains("://") && !warehouseAddress.startsWith("jdbc:")) {
            Path parent = Path.of(warehouseAddress).toAbsolutePath().getParent();
            return parent.resolve(InputPaths.RUN_LOG_FOLDER);
        }
        return Path.of(InputPaths.RUN_LOG_FOLDER);
    }
}
