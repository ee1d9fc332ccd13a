package soundstage.warehouse.duckdb;

import java.sql.Connection;
import java.sql.SQLException;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import soundstage.ingest.spotify.SpotifyColumn;
import soundstage.ingest.spotify.StreamRow;
import soundstage.ingest.spotify.StreamSink;

/** Appends Spotify plays to {@code source.spotify_streams} through DuckDB's appender, in the open transaction. */
final class DuckDbStreamSink implements StreamSink {
    private static final SpotifyColumn[] COLUMNS = SpotifyColumn.values();

    private final DuckDBAppender appender;

    DuckDbStreamSink(Connection connection) throws SQLException {
        this.appender = connection.unwrap(DuckDBConnection.class).createAppender("source", "spotify_streams");
    }

    @Override
    public void write(StreamRow row) throws SQLException {
        appender.beginRow()
                .append(row.fileId()).append(row.recordNo()).append(row.lineNo())
                .append(row.listener()).append(row.history()).append(row.fileContent());
        Object[] values = row.values();
        for (SpotifyColumn column : COLUMNS) {
            Object value = values[column.ordinal()];
            if (value == null) {
                appender.appendNull();
                continue;
            }
            switch (column.type()) {
                case TEXT -> appender.append((String) value);
                case LONG -> appender.append(((Long) value).longValue());
                case BOOLEAN -> appender.append(((Boolean) value).booleanValue());
                case DOUBLE -> appender.append(((Double) value).doubleValue());
                case TIME -> appender.appendEpochMicros((Long) value);
                default -> throw new IllegalStateException("unhandled " + column.type());
            }
        }
        appender.append(row.raw());
        appender.endRow();
    }

    @Override
    public void close() throws SQLException {
        appender.close();
    }
}
