package soundstage.core;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.function.Consumer;

/**
 * How an {@code ingest} call treats its input beyond the files themselves.
 *
 * @param listener whose plays a Spotify export holds when neither its records ({@code username})
 *     nor its {@code Userdata.json} say; {@code null} when not given
 * @param listenerSetting where the user gave {@code listener}, as messages name it: {@code --listener},
 *     or a configured source's {@code sources.NAME.listener}
 * @param dropPersonalData whether IP addresses and user agents are dropped before they are stored
 * @param warnings receives one line per file whose shape is not fully known (it still loads)
 */
public record IngestOptions(String listener, String listenerSetting, boolean dropPersonalData, Consumer<String> warnings) {
    /** No listener given, personal data kept (in the source layer only), warnings ignored. */
    public static final IngestOptions DEFAULTS = new IngestOptions(null, "--listener", false, warning -> { });
    /** Longest listener name: it is in every row of the listener (Spotify's usernames are at most about 30 characters). */
    public static final int MAX_LISTENER_CHARACTERS = 256;

    public IngestOptions {
        requireNonNull(listenerSetting, "listenerSetting is null");
        requireNonNull(warnings, "warnings is null");
        String problem = listenerProblem(listener, listenerSetting.startsWith("--") ? "--listener alice" : "listener: alice");
        if (problem != null) {
            throw new UserException(listenerSetting + " " + problem);
        }
    }

    /**
     * What is wrong with {@code listener} as a listener's name, as the end of a sentence that
     * starts with the setting that gave it, with {@code example} as the example of a good one;
     * {@code null} when nothing is (or it is not given).
     */
    public static String listenerProblem(String listener, String example) {
        String fix = " Give the Spotify username whose export this is, e.g. " + example + ".";
        if (listener == null) {
            return null;
        }
        if (listener.isBlank()) {
            return "is empty." + fix;
        }
        if (listener.chars().anyMatch(Character::isISOControl)) {   // a line break from a shell variable: it would be in every row
            return "holds a control character (such as a line break)." + fix;
        }
        if (listener.length() > MAX_LISTENER_CHARACTERS) {
            return "must name the Spotify user whose export this is, in 1 to " + MAX_LISTENER_CHARACTERS + " characters; got " + listener.length() + " characters.";
        }
        return null;
    }

    /** The variable that makes dropping personal data the default: for {@code ingest}, configured sources and the folder {@code schedule --watch} watches. */
    public static final String DROP_PERSONAL_DATA_VARIABLE = "SOUNDSTAGE_DROP_PERSONAL_DATA";

    /**
     * Whether {@code environment}'s {@value #DROP_PERSONAL_DATA_VARIABLE} asks to drop personal data
     * (unset or empty: no).
     *
     * @throws UserException when it is neither true nor false
     */
    public static boolean dropPersonalDataByDefault(java.util.Map<String, String> environment) {
        String variable = environment.get(DROP_PERSONAL_DATA_VARIABLE);
        if (variable == null || variable.isBlank()) {
            return false;
        }
        return switch (variable.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new UserException(DROP_PERSONAL_DATA_VARIABLE + " is '" + variable + "'; set it to true or false, or unset it.");
        };
    }

    public IngestOptions withListener(String name) {
        return new IngestOptions(name, listenerSetting, dropPersonalData, warnings);
    }

    /** With listener {@code name}, which the user gave as {@code setting} (see {@link #listenerSetting()}). */
    public IngestOptions withListener(String name, String setting) {
        return new IngestOptions(name, setting, dropPersonalData, warnings);
    }

    public IngestOptions withDropPersonalData(boolean drop) {
        return new IngestOptions(listener, listenerSetting, drop, warnings);
    }

    public IngestOptions withWarnings(Consumer<String> sink) {
        return new IngestOptions(listener, listenerSetting, dropPersonalData, sink);
    }

    /** Warns that {@code file}'s records hold {@code keys} (unknown, in order), kept in {@code sourceTable}'s {@code raw} column. */
    public void warnUnknownKeys(String file, Collection<String> keys, String sourceTable) {
        warnings.accept(file + ": keys Soundstage does not know (" + String.join(", ", keys) + ") are kept in " + sourceTable + ".raw; the known keys are loaded");
    }
}
