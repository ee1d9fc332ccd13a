package soundstage.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * How a warehouse is opened.
 *
 * @param readOnly whether the opener only reads: it does not take the writer lock, and keeps
 *     working while another process writes (on DuckDB it then reads the snapshot the last writer
 *     published; see the dialect). Its connection refuses writes. A warehouse that needs a newer
 *     schema is opened as a writer once, to migrate it; one that does not exist is refused (a
 *     mistyped path must not become an empty warehouse).
 * @param command what the opener runs, e.g. {@code soundstage run}: how a refused writer names it
 * @param maxWait how long a writer waits for another writer to finish before it refuses; zero refuses at once
 * @param notices receives one line for each thing the user should know: waiting for a holder,
 *     taking over a dead holder's lock, reading a snapshot
 * @param mustExist whether a writer, too, refuses a warehouse that does not exist instead of
 *     creating it: for a command with nothing to add to a new warehouse (check, export)
 */
public record OpenOptions(boolean readOnly, String command, Duration maxWait, Consumer<String> notices, boolean mustExist) {
    /** A writer, named {@code soundstage}, that refuses at once, tells nothing and creates the warehouse if needed. */
    public static final OpenOptions DEFAULTS = new OpenOptions(false, "soundstage", Duration.ZERO, notice -> { }, false);

    public OpenOptions {
        requireNonNull(command, "command is null");
        requireNonNull(maxWait, "maxWait is null");
        requireNonNull(notices, "notices is null");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait is negative: " + maxWait);
        }
    }

    public OpenOptions withReadOnly(boolean only) {
        return new OpenOptions(only, command, maxWait, notices, mustExist);
    }

    public OpenOptions withCommand(String name) {
        return new OpenOptions(readOnly, name, maxWait, notices, mustExist);
    }

    public OpenOptions withMaxWait(Duration duration) {
        return new OpenOptions(readOnly, command, duration, notices, mustExist);
    }

    public OpenOptions withNotices(Consumer<String> sink) {
        return new OpenOptions(readOnly, command, maxWait, sink, mustExist);
    }

    public OpenOptions withMustExist(boolean must) {
        return new OpenOptions(readOnly, command, maxWait, notices, must);
    }
}
