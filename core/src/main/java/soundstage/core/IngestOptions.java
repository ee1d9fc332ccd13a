package soundstage.core;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.function.Consumer;

/**
 * How an {@code ingest} call treats its input beyond the files themselves.
 *
 * @param listener whose plays a Spotify export holds when neither its records ({@code username})
 *     nor its {@code Userdata.json} say; {@code null} when not given
 * @param dropPersonalData whether IP addresses and user agents are dropped before they are stored
 * @param warnings receives one line per file whose shape is not fully known (it still loads)
 */
public record IngestOptions(String listener, boolean dropPersonalData, Consumer<String> warnings) {
    /** No listener given, personal data kept (in the source layer only), warnings ignored. */
    public static final IngestOptions DEFAULTS = new IngestOptions(null, false, warning -> { });
    /** Longest listener name: it is in every row of the listener (Spotify's usernames are at most about 30 characters). */
    public static final int MAX_LISTENER_CHARACTERS = 256;

    public IngestOptions {
        requireNonNull(warnings, "warnings is null");
        if (listener != null && listener.isBlank()) {
            throw new UserException("--listener is empty. Give the Spotify username whose export this is, e.g. --listener alice.");
        }
        if (listener != null && listener.chars().anyMatch(Character::isISOControl)) {   // a line break from a shell variable: it would be in every row
            throw new UserException("--listener holds a control character (such as a line break). Give the Spotify username whose export this is, e.g. --listener alice.");
        }
        if (listener != null && listener.length() > MAX_LISTENER_CHARACTERS) {
            throw new UserException("--listener must name the Spotify user whose export this is, in 1 to " + MAX_LISTENER_CHARACTERS
                    + " characters; got " + listener.length() + " characters.");
        }
    }

    public IngestOptions withListener(String name) {
        return new IngestOptions(name, dropPersonalData, warnings);
    }

    public IngestOptions withDropPersonalData(boolean drop) {
        return new IngestOptions(listener, drop, warnings);
    }

    public IngestOptions withWarnings(Consumer<String> sink) {
        return new IngestOptions(listener, dropPersonalData, sink);
    }

    /** Warns that {@code file}'s records hold {@code keys} (unknown, in order), kept in {@code sourceTable}'s {@code raw} column. */
    public void warnUnknownKeys(String file, Collection<String> keys, String sourceTable) {
        warnings.accept(file + ": keys Soundstage does not know (" + String.join(", ", keys) + ") are kept in " + sourceTable + ".raw; the known keys are loaded");
    }
}
