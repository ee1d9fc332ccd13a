package soundstage.serve;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One GET endpoint of the JSON API, {@code /api/NAME}: the parameters it takes and the
 * parameterized query that answers it. No endpoint runs SQL sent by the client: the SQL is fixed
 * here, and only checked values ({@link Params}) are bound to its placeholders.
 *
 * @param name the path after {@code /api/}
 * @param description one line for the API index and the README
 * @param params the query parameters it takes ({@code format} is always allowed)
 * @param cacheable whether its answer may be reused while the warehouse's version stays (the
 *     dashboard tables change only when a writer commits; the pipeline's meta tables change as a run goes)
 * @param query how checked parameters are answered: most often one query
 */
record Endpoint(String name, String description, Set<String> params, boolean cacheable, Function<Params, Answering> query) {
    /**
     * How an endpoint answers checked parameters: on a connection the server lends it, as JSON or
     * CSV; {@code version} is the warehouse's version as the server last saw it (see
     * {@code ReadPool.version}), under which what it reads may be kept, or null to keep nothing.
     */
    @FunctionalInterface
    interface Answering {
        Answer on(Connection connection, String version, boolean csv) throws SQLException;
    }

    /** A fixed SQL text and the values bound to its {@code ?} placeholders, in order. */
    record Query(String sql, List<Object> args) implements Answering {
        Query(String sql, Object... args) {
            this(sql, List.of(args));
        }

        @Override
        public Answer on(Connection connection, String version, boolean csv) throws SQLException {
            return Answer.of(connection, this, csv);
        }

        /** The statement on {@code connection}, its values bound; the caller closes it. */
        PreparedStatement prepare(Connection connection) throws SQLException {
            PreparedStatement statement = connection.prepareStatement(sql);
            try {
                for (int i = 0; i < args.size(); i++) {
                    statement.setObject(i + 1, args.get(i));
                }
            } catch (SQLException e) {
                statement.close();
                throw e;
            }
            return statement;
        }
    }

    Params parse(String rawQuery) {
        return Params.parse("/api/" + name, rawQuery, params);
    }
}
