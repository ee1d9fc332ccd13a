package soundstage.serve;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The query parameters of one API request, checked: only the names the endpoint takes, each at
 * most once, each value valid and within bounds. Every refusal is a {@link BadRequest} whose
 * message names the parameter, the rule and the value.
 */
final class Params {
    /** The earliest and latest dates a range may name: plays are not older, nor this far ahead. */
    static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    static final LocalDate LATEST = LocalDate.of(2199, 12, 31);
    /** The most rows a list endpoint returns. */
    static final int MAX_LIMIT = 500;
    static final Set<String> SOURCES = Set.of("all", "sparkify", "spotify");
    /**
     * The longest value a parameter may have: no valid one comes close (a date is 10 characters).
     * Values are part of a cached answer's key, so padded ones (limit=000...05) filled the heap.
     */
    static final int MAX_VALUE_CHARS = 32;

    private final String endpoint;
    private final Map<String, String> values;

    private Params(String endpoint, Map<String, String> values) {
        this.endpoint = endpoint;
        this.values = values;
    }

    /** Parses {@code rawQuery} (undecoded, may be null) for {@code endpoint}, which takes {@code allowed}. */
    static Params parse(String endpoint, String rawQuery, Set<String> allowed) {
        Map<String, String> values = new TreeMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                if (!allowed.contains(name)) {
                    throw new BadRequest("unknown parameter '" + clip(name) + "' for " + endpoint + ": it takes " + String.join(", ", sorted(allowed)));
                }
                if (value.length() > MAX_VALUE_CHARS) {
                    throw new BadRequest("parameter '" + name + "' is " + value.length() + " characters long; none of its values is longer than "
                            + MAX_VALUE_CHARS);
                }
                if (values.put(name, value) != null) {
                    throw new BadRequest("parameter '" + name + "' is given twice; give it once");
                }
            }
        }
        return new Params(endpoint, Collections.unmodifiableMap(values));
    }

    private static Iterable<String> sorted(Set<String> names) {
        return new TreeSet<>(names);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("the query string is not properly encoded: " + clip(text));
        }
    }

    /** The parameters as given, sorted by name: with the endpoint, the key of a cached answer. */
    String canonical() {
        return values.toString();
    }

    /** The first day of the range: {@code from}, else the earliest day there is. */
    LocalDate from() {
        return date("from", EARLIEST);
    }

    /** The last day of the range (included): {@code to}, else the latest day there is. */
    LocalDate to() {
        LocalDate to = date("to", LATEST);
        if (to.isBefore(from())) {
            throw new BadRequest("'from' (" + from() + ") is after 'to' (" + to + "); give a range whose start is not after its end");
        }
        return to;
    }

    private LocalDate date(String name, LocalDate fallback) {
        String text = values.get(name);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadRequest("'" + name + "' must be a date as YYYY-MM-DD, not '" + clip(text) + "'");
        }
        if (date.isBefore(EARLIEST) || date.isAfter(LATEST)) {
            throw new BadRequest("'" + name + "' must be between " + EARLIEST + " and " + LATEST + ", not " + date);
        }
        return date;
    }

    /** {@code source}: all (the default), sparkify or spotify. */
    String source() {
        return choice("source", SOURCES, "all");
    }

    /** {@code name}, one of {@code choices}; {@code fallback} when not given. */
    String choice(String name, Set<String> choices, String fallback) {
        String text = values.get(name);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        if (!choices.contains(text)) {
            throw new BadRequest("'" + name + "' must be one of " + String.join(", ", sorted(choices)) + ", not '" + clip(text) + "'");
        }
        return text;
    }

    /** {@code limit}, 1 to {@link #MAX_LIMIT}; {@code fallback} when not given. */
    int limit(int fallback) {
        return integer("limit", fallback, 1, MAX_LIMIT);
    }

    /** {@code name}, a whole number from {@code min} to {@code max}; {@code fallback} when not given. */
    int integer(String name, int fallback, int min, int max) {
        String text = values.get(name);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        int value;
        try {
            if (!text.chars().allMatch(c -> c == '-' || c >= '0' && c <= '9')) {
                throw new NumberFormatException(text);   // Integer.parseInt takes any script's digits (a full-width ５)
            }
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new BadRequest("'" + name + "' must be a whole number from " + min + " to " + max + ", not '" + clip(text) + "'");
        }
        if (value < min || value > max) {
            throw new BadRequest("'" + name + "' must be from " + min + " to " + max + ", not " + value);
        }
        return value;
    }

    /** Whether the answer is wanted as CSV ({@code format=csv}) rather than JSON. */
    boolean csv() {
        return choice("format", Set.of("json", "csv"), "json").equals("csv");
    }

    String endpoint() {
        return endpoint;
    }

    private static String clip(String text) {
        return clip(text, 40);
    }

    /**
     * Text from a request as a message may show it: at most {@code max} characters, each character
     * that is not visible (a control, a format character such as U+202E, which reverses what
     * follows, white space other than a space) written as its escape, so {@code lim%00it} is not
     * shown as the {@code limit} it is not.
     */
    static String clip(String text, int max) {
        StringBuilder shown = new StringBuilder();
        text.codePoints().limit(max + 1L).forEach(c -> {
            int type = Character.getType(c);
            boolean hidden = Character.isISOControl(c) || type == Character.FORMAT || type == Character.UNASSIGNED || type == Character.SURROGATE
                    || type == Character.PRIVATE_USE || Character.isWhitespace(c) && c != ' ' || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR;
            if (hidden) {
                shown.append(String.format("\\u%04X", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return text.codePointCount(0, text.length()) > max ? shown.substring(0, shown.offsetByCodePoints(0, Math.min(max, shown.codePointCount(0, shown.length())))) + "..." : shown.toString();
    }
}
