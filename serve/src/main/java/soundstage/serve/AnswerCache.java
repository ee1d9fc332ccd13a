package soundstage.serve;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answers of cacheable endpoints, kept while the warehouse's version stays the same: the
 * dashboard tables change only when a writer commits, and every client of a dashboard asks the
 * same few questions. Least recently used answers go first; an answer of the old version is never
 * served, since the version is part of the key.
 */
final class AnswerCache {
    /** Answers kept at most; each is small (a limit of 500 rows at most). */
    static final int ENTRIES = 512;
    /** Larger answers are not kept. */
    static final int MAX_BYTES = 1 << 20;

    private final Map<String, Answer> answers = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Answer> eldest) {
            return size() > ENTRIES;
        }
    };
    static String key(String version, Endpoint endpoint, Params params) {
        return version + '\n' + endpoint.name() + '\n' + params.canonical();
    }

    synchronized Answer get(String key) {
        return answers.get(key);
    }

    synchronized void put(String key, Answer answer) {
        if (answer.body().length <= MAX_BYTES) {
            answers.put(key, answer);
        }
    }
}
