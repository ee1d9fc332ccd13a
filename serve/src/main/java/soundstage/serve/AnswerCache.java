package soundstage.serve;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answers of cacheable endpoints, kept while the warehouse's version stays the same: the
 * dashboard tables change only when a writer commits, and every client of a dashboard asks the
 * same few questions. Least recently used answers go first; an answer of the old version is never
 * served, since the version is part of the key.
 */
final class AnswerCache {
    /** Bytes of answers kept at most: a small share of the server's heap. */
    static final long MAX_TOTAL_BYTES = 32L << 20;
    /** Larger answers are not kept. */
    static final int MAX_BYTES = 1 << 20;

    private final LinkedHashMap<String, Answer> answers = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    static String key(String version, Endpoint endpoint, Params params) {
        return version + '\n' + endpoint.name() + '\n' + params.canonical();
    }

    synchronized Answer get(String key) {
        return answers.get(key);
    }

    synchronized void put(String key, Answer answer) {
        if (answer.body().length > MAX_BYTES) {
            return;
        }
        Answer replaced = answers.put(key, answer);
        bytes += answer.body().length - (replaced == null ? 0 : replaced.body().length);
        Iterator<Map.Entry<String, Answer>> eldest = answers.entrySet().iterator();
        while (bytes > MAX_TOTAL_BYTES && eldest.hasNext()) {
            bytes -= eldest.next().getValue().body().length;
            eldest.remove();
        }
    }
}
