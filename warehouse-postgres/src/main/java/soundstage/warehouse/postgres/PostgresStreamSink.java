package soundstage.warehouse.postgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import soundstage.ingest.spotify.SpotifyColumn;
import soundstage.ingest.spotify.StreamRow;
import soundstage.ingest.spotify.StreamSink;

/** Streams Spotify plays into {@code source.spotify_streams} with one COPY, in the open transaction. */
final class PostgresStreamSink implements StreamSink {
    private static final SpotifyColumn[] COLUMNS = SpotifyColumn.values();

    private final CopyWriter copy;

    PostgresStreamSink(Connection connection) throws SQLException {
        this.copy = new CopyWriter(new PGCopyOutputStream(connection.unwrap(PGConnection.class), "COPY source.spotify_streams FROM STDIN", 1 << 16));
    }

    @Override
    public void write(StreamRow row) throws SQLException {
        copy.field(row.fileId()).field(row.recordNo()).field(row.lineNo())
                .field(row.listener()).field(row.history()).field(row.fileContent());
        Object[] values = row.values();
        for (SpotifyColumn column : COLUMNS) {
            Object value = values[column.ordinal()];
            if (value == null) {
                copy.field((String) null);
                continue;
            }
            switch (column.type()) {
                case TEXT -> copy.field((String) value);
                case LONG -> copy.field(((Long) value).longValue());
                case BOOLEAN -> copy.field(((Boolean) value).booleanValue());
                case DOUBLE -> copy.field(value.toString());
                case TIME -> copy.field(timestamp((Long) value));
                default -> throw new IllegalStateException("unhandled " + column.type());
            }
        }
        copy.field(row.raw());
        try {
            copy.endRow();
        } catch (IOException e) {
            throw new SQLException("COPY into source.spotify_streams failed: " + e.getMessage(), e);
        }
    }

    /** Epoch microseconds as PostgreSQL reads a timestamp: 2020-03-12T01:20:18 (UTC, no zone). */
    private static String timestamp(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC).toString();
    }

    @Override
    public void close() throws SQLException {
        try {
            copy.close();
        } catch (IOException e) {
            throw new SQLException("COPY into source.spotify_streams failed: " + e.getMessage(), e);
        }
    }
}
