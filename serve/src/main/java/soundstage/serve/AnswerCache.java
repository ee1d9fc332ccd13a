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
    /** Bytes of answers and their keys kept at most: a small share of the server's heap. */
    static final long MAX_TOTAL_BYTES = 32L << 20;
    /** Larger answers are not kept. */
    static final int MAX_BYTES = 1 << 20;

    private final LinkedHashMap<String, Answer> answers = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    static String key(String version, Endpoint endpoint, Params params) {
        return version + '\n' + endpoint.name() + '\n' + params.canonical();
    }

    /** What an entry holds in memory, about: its answer's bytes and its key's characters (two bytes each at most). */
    private static long size(String key, Answer answer) {
        return answer.body().length + 2L * key.length();
    }

    /** How many answers are kept. */
    synchronized int size() {
        return answers.size();
    }

    synchronized Answer get(String key) {
        return answers.get(key);
    }

    synchronized void put(String key, Answer answer) {
        if (answer.body().length > MAX_BYTES) {
            return;
        }
        Answer replaced = answers.put(key, answer);
        bytes += size(key, answer) - (replaced == null ? 0 : size(key, replaced));
        Iterator<Map.Entry<String, Answer>> eldest = answers.entrySet().iterator();
        while (bytes > MAX_TOTAL_BYTES && eldest.hasNext()) {
            Map.Entry<String, Answer> entry = eldest.next();
            bytes -= size(entry.getKey(), entry.getValue());
            eldest.remove();
        }
    }
}
