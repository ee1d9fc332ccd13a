package soundstage.generate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import java.io.IOException;
import java.util.List;

/**
 * Writes plays as records of one {@link ExtendedFormat}: every field of the format, in its order.
 * Track fields are null unless a track was played, episode fields unless an episode or video,
 * audiobook fields unless a chapter; a play without metadata has all of them null.
 *
 * <p>Not thread-safe: it keeps the date of the last timestamp written.
 */
final class ExtendedRecordWriter {

    private final List<ExtendedField> fields;
    private final String username;
    private final JsonLiteralCache literals;
    private final UtcText text = new UtcText();

    ExtendedRecordWriter(ExtendedFormat format, String username, JsonLiteralCache literals) {
        this.fields = format.fields();
        this.username = username;
        this.literals = literals;
    }

    void write(JsonGenerator json, SpotifyPlay play) throws IOException {
        SpotifyItem item = play.item();
        SpotifyItem track = play.is(SpotifyItem.Kind.TRACK) ? item : null;
        SpotifyItem episode =
                play.is(SpotifyItem.Kind.EPISODE) || play.is(SpotifyItem.Kind.VIDEO) ? item : null;
        SpotifyItem chapter = play.is(SpotifyItem.Kind.CHAPTER) ? item : null;
        SpotifyCountry place = play.geo() ? play.country() : null;
        json.writeStartObject();
        for (ExtendedField field : fields) {
            json.writeFieldName(field.serializedKey());
            switch (field) {
                case TS -> json.writeString(text.seconds(play.endMillis()));
                case USERNAME -> string(json, username);
                case PLATFORM -> string(json, play.device().platform());
                case MS_PLAYED -> json.writeNumber(play.msPlayed());
                case CONN_COUNTRY -> string(json, play.country().code());
                case IP_ADDR_DECRYPTED, IP_ADDR -> string(json, play.ipAddress());
                case USER_AGENT_DECRYPTED -> string(json, play.device().userAgent());
                case TRACK_NAME -> string(json, track == null ? null : track.name());
                case ALBUM_ARTIST_NAME -> string(json, track == null ? null : track.creator());
                case ALBUM_NAME -> string(json, track == null ? null : track.collection());
                case TRACK_URI -> string(json, track == null ? null : track.uri());
                case EPISODE_NAME -> string(json, episode == null ? null : episode.name());
                case EPISODE_SHOW_NAME -> string(json, episode == null ? null : episode.collection());
                case EPISODE_URI -> string(json, episode == null ? null : episode.uri());
                case AUDIOBOOK_TITLE -> string(json, chapter == null ? null : chapter.collection());
                case AUDIOBOOK_URI -> string(json, chapter == null ? null : chapter.collectionUri());
                case AUDIOBOOK_CHAPTER_URI -> string(json, chapter == null ? null : chapter.uri());
                case AUDIOBOOK_CHAPTER_TITLE -> string(json, chapter == null ? null : chapter.name());
                case REASON_START -> string(json, play.reasonStart());
                case REASON_END -> string(json, play.reasonEnd());
                case SHUFFLE -> json.writeBoolean(play.shuffle());
                case SKIPPED -> json.writeBoolean(play.skipped());
                case SKIPPED_TRUE_OR_NULL -> {
                    if (play.skipped()) {
                        json.writeBoolean(true);
                    } else {
                        json.writeNull();
                    }
                }
                case OFFLINE -> json.writeBoolean(play.offline());
                case OFFLINE_TIMESTAMP_MILLIS -> json.writeNumber(play.offlineTimestampMillis());
                case OFFLINE_TIMESTAMP_SECONDS -> json.writeNumber(play.offlineTimestampMillis() / 1_000);
                case INCOGNITO_MODE -> json.writeBoolean(play.incognito());
                case CITY -> string(json, place == null ? null : place.city());
                case REGION -> string(json, place == null ? null : place.region());
                case METRO_CODE -> number(json, place == null ? null : place.metroCode());
                case LONGITUDE -> number(json, place == null ? null : place.longitude());
                case LATITUDE -> number(json, place == null ? null : place.latitude());
            }
        }
        json.writeEndObject();
    }

    private void string(JsonGenerator json, String value) throws IOException {
        if (value == null) {
            json.writeNull();
            return;
        }
        SerializableString literal = literals.literal(value);
        if (literal == null) {
            json.writeString(value);
        } else {
            json.writeRawValue(literal);
        }
    }

    private static void number(JsonGenerator json, String number) throws IOException {
        if (number == null) {
            json.writeNull();
        } else {
            json.writeNumber(number);
        }
    }
}
