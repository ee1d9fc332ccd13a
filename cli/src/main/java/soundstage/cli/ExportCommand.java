package soundstage.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import soundstage.core.UserException;
import soundstage.core.Warehouse;
import soundstage.export.ExportSummary;
import soundstage.export.LakeExporter;
import soundstage.export.LakeFormat;
import soundstage.export.LakeLocation;
import soundstage.transform.ModelGraph;
import soundstage.transform.ModelRunner;
import soundstage.transform.RunLog;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes the central and analytics tables to a folder of Parquet or JSON files split by year and month (the lake).",
                "Again into the same folder, it writes only the files whose rows changed and deletes those whose rows are gone."})
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @ParentCommand
    Main main;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", converter = FormatConverter.class,
            description = "parquet or json (newline-delimited). Another format than the folder's last export replaces every file.")
    LakeFormat format;

    @Option(names = "--to", required = true, paramLabel = "DIR",
            description = {"The lake's folder: new, empty, or written by an earlier export. Created if missing.",
                    "Or s3://BUCKET/PREFIX, on S3 or an S3-compatible store (AWS_ENDPOINT_URL); the bucket must exist."})
    String to;

    @Override
    public Integer call() throws Exception {
        LakeLocation lake = LakeLocation.parse(to, Path.of(""));
        LakeExporter.check(lake);   // before taking the warehouse: a store that does not answer holds nobody up
        try (Warehouse opened = main.warehouse().openExisting()) {
            LakeExporter exporter = new LakeExporter(opened);
            exporter.requireTables();   // a mistake, refused before the run history records an export
            RunLog log = new RunLog(opened.connection());
            int runId = log.start("export " + format);
            long started = System.nanoTime();
            ExportSummary summary;
            try {
                summary = StoppedNotice.around(spec.commandLine().getErr(), "export stopped before it finished: the files it wrote are whole and the lake's manifest "
                        + "lists the tables it finished; run the same export again to write the rest",
                        () -> exporter.export(lake, format, TerminalProgress.forLabel(spec.commandLine().getErr(), "export")));
            } catch (Exception e) {
                log.failed(runId, e);
                throw e;
            }
            String line = describe(summary, lake, (System.nanoTime() - started) / 1e9);
            log.finish(runId, true, line);
            spec.commandLine().getOut().println(line);
            summary.straysWarning().ifPresent(warning -> spec.commandLine().getErr().println("soundstage: warning: " + warning));
            long waiting = notYetTransformed(opened);
            if (waiting > 0) {
                // The lake was written from the tables as they are, without a word of the files an ingest had added since the last run.
                spec.commandLine().getErr().println("soundstage: warning: " + waiting + (waiting == 1 ? " file" : " files") + " ingested since the last run "
                        + (waiting == 1 ? "is" : "are") + " not in the lake: run soundstage run, then export again");
            } else {
                // Staged, but not through every layer (a run stopped part-way or ran part of the graph): the lake missed them just the same.
                String lag = ModelRunner.lag(opened.connection(), ModelGraph.load(opened.dialect()));
                if (lag != null) {
                    spec.commandLine().getErr().println("soundstage: warning: the lake was written from tables not up to date: " + lag + ", then export again");
                }
            }
            return 0;
        }
    }

    /** Loaded files no run has transformed yet (what status lists as not yet run). */
    private static long notYetTransformed(Warehouse warehouse) throws java.sql.SQLException {
        try (java.sql.Statement statement = warehouse.connection().createStatement();
             java.sql.ResultSet row = statement.executeQuery("SELECT count(*) FROM meta.files WHERE " + StatusCommand.NOT_YET_RUN)) {
            row.next();
            return row.getLong(1);
        }
    }

    static String describe(ExportSummary s, LakeLocation to, double seconds) {
        return String.format(Locale.ROOT, "export: %d tables, %d partitions (%d written, %d unchanged, %d removed), %.1f MB in %s, %.1f s",
                s.tables(), s.partitions(), s.written(), s.unchanged(), s.removed(), s.bytes() / 1e6, to, seconds);
    }

    /** {@code --format}: the known names only, with a message that lists them. */
    static final class FormatConverter implements CommandLine.ITypeConverter<LakeFormat> {
        @Override
        public LakeFormat convert(String value) {
            try {
                return LakeFormat.fromCliName(value);
            } catch (UserException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
