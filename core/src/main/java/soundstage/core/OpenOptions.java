package soundstage.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * How a warehouse is opened.
 *
 * @param readOnly whether the opener only reads: it does not take the writer lock, and keeps
 *     working while another process writes (on DuckDB it then reads the snapshot the last writer
 *     published; see the dialect). Its connection refuses writes. A warehouse that does not exist
 *     yet or needs a newer schema is opened as a writer once, to create or migrate it.
 * @param command what the opener runs, e.g. {@code soundstage run}: how a refused writer names it
 * @param maxWait how long a writer waits for another writer to finish before it refuses; zero refuses at once
 * @param notices receives one line for each thing the user should know: waiting for a holder,
 *     taking over a dead holder's lock, reading a snapshot
 */
public record OpenOptions(boolean readOnly, String command, Duration maxWait, Consumer<String> notices) {
    /** A writer, named {@code soundstage}, that refuses at once and tells nothing. */
    public static final OpenOptions DEFAULTS = new OpenOptions(false, "soundstage", Duration.ZERO, notice -> { });

    public OpenOptions {
        requireNonNull(command, "command is null");
        requireNonNull(maxWait, "maxWait is null");
        requireNonNull(notices, "notices is null");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait is negative: " + maxWait);
        }
    }

    public OpenOptions withReadOnly(boolean only) {
        return new OpenOptions(only, command, maxWait, notices);
    }

    public OpenOptions withCommand(String name) {
        return new OpenOptions(readOnly, name, maxWait, notices);
    }

    public OpenOptions withMaxWait(Duration duration) {
        return new OpenOptions(readOnly, command, duration, notices);
    }

    public OpenOptions withNotices(Consumer<String> sink) {
        return new OpenOptions(readOnly, command, maxWait, sink);
    }
}
