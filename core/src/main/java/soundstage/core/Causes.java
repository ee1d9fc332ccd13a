package soundstage.core;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The failures behind a failure, for the classifiers that ask whether any of them is of a kind
 * ({@link LostConnection}, {@link DiskFull}): a JDBC failure may wrap the one that says what
 * happened, attach it as suppressed (a close that failed after the work did) or chain it as the
 * SQL failure's next exception (pgjdbc's batch errors).
 */
final class Causes {
    private Causes() {
    }

    /**
     * {@code failure}, its causes, the failures suppressed by them and the next exceptions of SQL
     * failures, each once (a cycle ends), nearest first; the failures {@code sealed} accepts are
     * listed but not looked into.
     */
    static List<Throwable> of(Throwable failure, Predicate<Throwable> sealed) {
        List<Throwable> found = new ArrayList<>();
        Deque<Throwable> todo = new ArrayDeque<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        todo.add(failure);
        while (!todo.isEmpty()) {
            Throwable current = todo.poll();
            if (!seen.add(current)) {
                continue;
            }
            found.add(current);
            if (sealed.test(current)) {
                continue;
            }
            if (current.getCause() != null) {
                todo.add(current.getCause());
            }
            Collections.addAll(todo, current.getSuppressed());
            if (current instanceof SQLException sql && sql.getNextException() != null) {
                todo.add(sql.getNextException());
            }
        }
        return found;
    }
}
