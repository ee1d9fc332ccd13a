package soundstage.generate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * Writes {@code log_data}: one file per UTC day, {@code log_data/YYYY/MM/YYYY-MM-DD-events.json},
 * starting at the start date, each day holding {@code maxEventsPerDay} events except the last.
 *
 * <p>Per file, drawn from {@code fileQuirks}: its {@link LineEnding} and, with probability {@code
 * duplicateFileRate}, a byte-identical copy {@code YYYY-MM-DD-events (1).json} next to it. Per
 * line after the first, drawn from {@code damage}: with probability {@code badLineRate}, a {@link
 * LineDamage}. Each kind of choice has its own random stream so that, for example, turning bad
 * lines on changes no other byte of the output.
 */
final class EventLog {

    /** How often, in events, progress is reported. */
    static final long PROGRESS_STEP = 50_000;

    /** Day files are large; writing them in 64 KiB blocks keeps system calls few. */
    private static final int WRITE_BUFFER_BYTES = 1 << 16;

    private final Path logDir;
    private final SparkifyOptions options;
    private final SplittableRandom fileQuirks;
    private final SplittableRandom damage;

    EventLog(
            Path logDir, SparkifyOptions options, SplittableRandom fileQuirks, SplittableRandom damage) {
        this.logDir = logDir;
        this.options = options;
        this.fileQuirks = fileQuirks;
        this.damage = damage;
    }

    /** The file of {@code day} under {@code logDir}. */
    static Path dayFile(Path logDir, LocalDate day) {
        return monthDir(logDir, day).resolve(day + "-events.json");
    }

    /** The duplicate of the file of {@code day}, named as a browser names a second download. */
    static Path duplicateFile(Path logDir, LocalDate day) {
        return monthDir(logDir, day).resolve(day + "-events (1).json");
    }

    /**
     * Writes every day.
     *
     * @param progress receives the running count of events written, every {@link #PROGRESS_STEP}
     *     events and once at the end
     */
    WriteTally write(SessionScheduler sessions, LongConsumer progress) throws IOException {
        int files = 0;
        int duplicates = 0;
        long bytes = 0;
        long remaining = options.events();
        LineCounter counter = new LineCounter(progress);
        JsonLiteralCache literals = EventWriter.newLiteralCache();
        for (LocalDate day = options.startDate(); remaining > 0; day = day.plusDays(1)) {
            int events = (int) Math.min(remaining, options.maxEventsPerDay());
            LineEnding lineEnding = LineEnding.pick(fileQuirks);
            boolean duplicate = fileQuirks.nextDouble() < options.duplicateFileRate();
            Path file = dayFile(logDir, day);
            Files.createDirectories(file.getParent());
            try (OutputStream out =
                            new BufferedOutputStream(Files.newOutputStream(file), WRITE_BUFFER_BYTES);
                    EventWriter writer = new EventWriter(out, lineEnding, literals)) {
                long dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                sessions.runDay(dayStart, events, event -> {
                    // Drawn for every line, first included, from the damage stream alone: turning damage on
                    // or off replaces some lines but never changes the events around them.
                    boolean bad = damage.nextDouble() < options.badLineRate() && writer.lines() > 0;
                    if (bad) {
                        writer.writeDamaged(event, LineDamage.pick(damage), damage);
                        counter.bad++;
                    } else {
                        writer.write(event);
                    }
                    counter.count();
                });
            }
            files++;
            bytes += Files.size(file);
            if (duplicate) {
                Path copy = duplicateFile(logDir, day);
                Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                duplicates++;
                bytes += Files.size(copy);
            }
            remaining -= events;
        }
        counter.finish();
        return new WriteTally(files, duplicates, counter.bad, bytes);
    }

    private static Path monthDir(Path logDir, LocalDate day) {
        return logDir
                .resolve(String.format(Locale.ROOT, "%04d", day.getYear()))
                .resolve(String.format(Locale.ROOT, "%02d", day.getMonthValue()));
    }

    /** Counts lines and reports progress now and then, not on every line. */
    private static final class LineCounter {
        private final LongConsumer progress;
        private long written;
        private long bad;

        LineCounter(LongConsumer progress) {
            this.progress = progress;
        }

        void count() {
            written++;
            if (written % PROGRESS_STEP == 0) {
                progress.accept(written);
            }
        }

        void finish() {
            if (written % PROGRESS_STEP != 0 || written == 0) {
                progress.accept(written);
            }
        }
    }
}
