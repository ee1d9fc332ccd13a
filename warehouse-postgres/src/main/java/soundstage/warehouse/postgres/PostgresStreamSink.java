package soundstage.warehouse.postgres;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import soundstage.ingest.spotify.SpotifyColumn;
import soundstage.ingest.spotify.StreamRow;
import soundstage.ingest.spotify.StreamSink;
import soundstage.ingest.spotify.TimestampText;

/**
 * Streams Spotify plays into {@code source.spotify_streams} with one COPY per batch, in the open
 * transaction; the readers encode the COPY text in parallel.
 */
final class PostgresStreamSink implements StreamSink {
    private static final SpotifyColumn[] COLUMNS = SpotifyColumn.values();

    private final CopyIn copy;

    PostgresStreamSink(Connection connection) throws SQLException {
        this.copy = new CopyIn(connection, "COPY source.spotify_streams FROM STDIN");
    }

    @Override
    public Encoder encoder(OutputStream chunks) {
        CopyWriter text = new CopyWriter(chunks);
        return new Encoder() {
            @Override
            public void write(StreamRow row) throws IOException {
                text.field(row.fileId()).field(row.recordNo()).field(row.lineNo())
                        .field(row.listener()).field(row.history()).field(row.fileContent());
                Object[] values = row.values();
                for (SpotifyColumn column : COLUMNS) {
                    Object value = values[column.ordinal()];
                    if (value == null) {
                        text.field((String) null);
                    } else if (column.type() == SpotifyColumn.Type.TIME) {
                        text.field(TimestampText.of((Long) value));
                    } else if (column.type() == SpotifyColumn.Type.BOOLEAN) {
                        text.field(((Boolean) value).booleanValue());
                    } else {
                        text.field(value.toString());
                    }
                }
                text.field(row.raw());
                text.endRow();
            }

            @Override
            public void flush() throws IOException {
                text.flush();
            }
        };
    }

    @Override
    public void write(byte[] chunk) throws SQLException {
        try {
            copy.write(chunk);
        } catch (IOException e) {
            throw CopyIn.failed("COPY into source.spotify_streams failed", e);
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            copy.close();
        } catch (IOException e) {
            throw CopyIn.failed("COPY into source.spotify_streams failed", e);
        }
    }
}
