package soundstage.warehouse.postgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * A {@code COPY ... FROM STDIN} stream that never leaves its connection locked. pgjdbc's stream
 * keeps the connection reserved for the copy when ending it fails (the server ended the
 * session, the network went away), so the transaction's rollback then waits for that copy
 * forever; this one cancels the copy instead, which frees the connection and lets the failure
 * surface.
 */
final class CopyIn extends PGCopyOutputStream {
    CopyIn(Connection connection, String sql) throws SQLException {
        super(connection.unwrap(PGConnection.class), sql, 1 << 16);
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } catch (IOException e) {
            if (isActive()) {
                try {
                    cancelCopy();   // always releases the connection, whatever else fails
                } catch (SQLException cancel) {
                    e.addSuppressed(cancel);
                }
            }
            throw e;
        }
    }
}
