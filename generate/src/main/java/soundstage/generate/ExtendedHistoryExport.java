package soundstage.generate;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes one extended streaming history export: every play of the listener's history that ended
 * before the request date, in the listener's {@link ExtendedFormat}.
 *
 * <p>Audio plays (tracks, podcast episodes, chapters, plays without metadata) go to audio files of
 * {@value #RECORDS_PER_FILE} plays each, the last one shorter, each named after the years its plays
 * ended in. A file holds consecutive plays, but not in time order: runs of up to {@value
 * #LONGEST_RUN} plays swap places with the next run now and then, as in real exports. Video plays
 * go to one video file, written only if there are any. Only one audio file's plays are held in
 * memory at a time.
 */
final class ExtendedHistoryExport {

    static final int RECORDS_PER_FILE = 15_000;

    /** Longest run of plays kept in time order within a file. */
    static final int LONGEST_RUN = 300;

    /** Share of runs that change places with the run after them. */
    static final double RUN_SWAP_RATE = 0.3;

    private static final long DAY = 86_400_000L;

    private final ExportArchive archive;
    private final ExtendedFormat format;
    private final ExtendedRecordWriter records;
    private final SplittableRandom disorder;
    private final List<SpotifyPlay> chunk = new ArrayList<>();
    private int audioFiles;
    private long firstVideo = Long.MAX_VALUE;
    private long lastVideo = Long.MIN_VALUE;

    private ExtendedHistoryExport(
            ExportArchive archive,
            SpotifyListener listener,
            JsonLiteralCache literals,
            SplittableRandom disorder) {
        this.archive = archive;
        this.format = listener.format();
        this.records = new ExtendedRecordWriter(format, listener.username(), literals);
        this.disorder = disorder;
    }

    /**
     * Writes the export requested on {@code requested} (plays ending before its midnight, UTC).
     *
     * @param disorder decides the order of plays within each audio file
     */
    static void write(
            ExportArchive archive,
            SpotifyListener listener,
            ListeningHistory history,
            HistoryPlan plan,
            LocalDate requested,
            JsonLiteralCache literals,
            SplittableRandom disorder)
            throws IOException {
        ExtendedHistoryExport export = new ExtendedHistoryExport(archive, listener, literals, disorder);
        long requestedMillis = requested.toEpochDay() * DAY;
        history.replay(plan, Long.MIN_VALUE, requestedMillis, export::audio);
        if (!export.chunk.isEmpty() || export.audioFiles == 0) {
            export.writeAudioFile(requested.getYear());
        }
        if (export.firstVideo <= export.lastVideo) {
            String path = export.format.videoFile(year(export.firstVideo), year(export.lastVideo));
            try (JsonGenerator json = SpotifyJson.generator(archive.newFile(path), export.format.pretty())) {
                json.writeStartArray();
                history.replay(plan, Long.MIN_VALUE, requestedMillis, play -> {
                    if (play.is(SpotifyItem.Kind.VIDEO)) {
                        export.records.write(json, play);
                    }
                });
                json.writeEndArray();
            }
        }
    }

    private void audio(SpotifyPlay play) throws IOException {
        if (play.is(SpotifyItem.Kind.VIDEO)) {
            firstVideo = Math.min(firstVideo, play.endMillis());
            lastVideo = Math.max(lastVideo, play.endMillis());
            return;
        }
        chunk.add(play);
        if (chunk.size() == RECORDS_PER_FILE) {
            writeAudioFile(0);
        }
    }

    /** Writes the plays held, then forgets them; {@code emptyYear} names a file without plays. */
    private void writeAudioFile(int emptyYear) throws IOException {
        int firstYear = emptyYear;
        int lastYear = emptyYear;
        if (!chunk.isEmpty()) {
            firstYear = year(chunk.get(0).endMillis());
            lastYear = year(chunk.get(chunk.size() - 1).endMillis());
        }
        String path = format.audioFile(audioFiles++, firstYear, lastYear);
        try (JsonGenerator json = SpotifyJson.generator(archive.newFile(path), format.pretty())) {
            json.writeStartArray();
            for (int i : runOrder(chunk.size())) {
                records.write(json, chunk.get(i));
            }
            json.writeEndArray();
        }
        chunk.clear();
    }

    /** {@code 0..n-1} cut into runs, some runs swapped with the next. */
    private int[] runOrder(int n) {
        int[] order = new int[n];
        int written = 0;
        int i = 0;
        while (i < n) {
            int run = Math.min(n - i, 1 + disorder.nextInt(LONGEST_RUN));
            if (i + run < n && disorder.nextDouble() < RUN_SWAP_RATE) {
                int next = Math.min(n - i - run, 1 + disorder.nextInt(LONGEST_RUN));
                for (int k = 0; k < next; k++) {
                    order[written++] = i + run + k;
                }
                run += next;
                for (int k = 0; k < run - next; k++) {
                    order[written++] = i + k;
                }
            } else {
                for (int k = 0; k < run; k++) {
                    order[written++] = i + k;
                }
            }
            i += run;
        }
        return order;
    }

    private static int year(long millis) {
        return LocalDate.ofEpochDay(Math.floorDiv(millis, DAY)).getYear();
    }
}
