package soundstage.generate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;

/**
 * Writes one account data export, the "last 12 months" download: {@code MyData/Userdata.json} and
 * the streaming history of the year before the request date.
 *
 * <p>The rows are the listener's plays that ended in {@code [requested - 1 year, requested)}
 * (midnights UTC), collapsed by {@link MinuteRows}: {@code endTime} is the end of play cut to the
 * minute, and plays of one item ending in one minute are one row. Files hold {@value
 * #ROWS_PER_FILE} rows each, the last one fewer. Exports requested before {@link
 * #SPLIT_BY_KIND_SINCE} have {@code StreamingHistory0.json}...; later ones {@code
 * StreamingHistory_music_0.json}..., {@code StreamingHistory_podcast_0.json}... and {@code
 * StreamingHistory_audiobook_0.json}... (see {@link AccountDataFile}).
 */
final class AccountDataExport {

    static final int ROWS_PER_FILE = 10_000;

    /** Exports requested from this day on split music, podcasts and audiobooks. */
    static final LocalDate SPLIT_BY_KIND_SINCE = LocalDate.of(2023, 7, 1);

    static final String FOLDER = "MyData/";

    private static final long DAY = 86_400_000L;
    private static final SerializableString END_TIME = new SerializedString("endTime");
    private static final SerializableString MS_PLAYED = new SerializedString("msPlayed");

    private AccountDataExport() {}

    /** The streaming history files of an export requested on {@code requested}. */
    static List<AccountDataFile> files(LocalDate requested) {
        return requested.isBefore(SPLIT_BY_KIND_SINCE)
                ? List.of(AccountDataFile.ALL_PLAYS)
                : List.of(AccountDataFile.MUSIC, AccountDataFile.PODCAST, AccountDataFile.AUDIOBOOK);
    }

    /** Writes the export requested on {@code requested}. */
    static void write(
            ExportArchive archive,
            SpotifyListener listener,
            LocalDate created,
            ListeningHistory history,
            HistoryPlan plan,
            LocalDate requested,
            JsonLiteralCache literals)
            throws IOException {
        writeUserdata(archive, listener, created);
        long from = requested.minusYears(1).toEpochDay() * DAY;
        long to = requested.toEpochDay() * DAY;
        for (AccountDataFile file : files(requested)) {
            RowFiles rows = new RowFiles(archive, file, literals);
            MinuteRows minutes = new MinuteRows(rows);
            history.replay(plan, from, to, play -> {
                if (file.holds(play)) {
                    minutes.add(play.endMillis(), file.names(play), play.msPlayed());
                }
            });
            minutes.finish();
            rows.finish();
        }
    }

    private static void writeUserdata(ExportArchive archive, SpotifyListener listener, LocalDate created)
            throws IOException {
        try (JsonGenerator json = SpotifyJson.generator(archive.newFile(FOLDER + "Userdata.json"), true)) {
            json.writeStartObject();
            json.writeStringField("username", listener.username());
            json.writeStringField("email", listener.email());
            json.writeStringField("country", listener.home().code());
            json.writeBooleanField("createdFromFacebook", false);
            json.writeNullField("facebookUid");
            json.writeStringField("birthdate", listener.birthdate().toString());
            json.writeStringField("gender", listener.gender());
            json.writeNullField("postalCode");
            json.writeNullField("mobileNumber");
            json.writeNullField("mobileOperator");
            json.writeNullField("mobileBrand");
            json.writeStringField("creationTime", created.toString());
            json.writeEndObject();
        }
    }

    /** Writes rows to the files of one {@link AccountDataFile}, starting a file when needed. */
    private static final class RowFiles implements MinuteRows.RowSink {
        private final ExportArchive archive;
        private final AccountDataFile file;
        private final JsonLiteralCache literals;
        private final UtcText text = new UtcText();
        private JsonGenerator json;
        private int files;
        private int rows;

        RowFiles(ExportArchive archive, AccountDataFile file, JsonLiteralCache literals) {
            this.archive = archive;
            this.file = file;
            this.literals = literals;
        }

        @Override
        public void accept(long minuteMillis, String[] names, long msPlayed) throws IOException {
            if (json == null) {
                start();
            }
            json.writeStartObject();
            json.writeFieldName(END_TIME);
            json.writeString(text.minute(minuteMillis));
            for (int i = 0; i < names.length; i++) {
                json.writeFieldName(file.nameKey(i));
                SerializableString literal = literals.literal(names[i]);
                if (literal == null) {
                    json.writeString(names[i]);
                } else {
                    json.writeRawValue(literal);
                }
            }
            json.writeFieldName(MS_PLAYED);
            json.writeNumber(msPlayed);
            json.writeEndObject();
            if (++rows == ROWS_PER_FILE) {
                end();
            }
        }

        void finish() throws IOException {
            if (files == 0 && file.writtenWhenEmpty()) {
                start();
            }
            if (json != null) {
                end();
            }
        }

        private void start() throws IOException {
            json = SpotifyJson.generator(archive.newFile(FOLDER + file.fileName(files++)), true);
            json.writeStartArray();
            rows = 0;
        }

        private void end() throws IOException {
            json.writeEndArray();
            json.close();
            json = null;
        }
    }
}
