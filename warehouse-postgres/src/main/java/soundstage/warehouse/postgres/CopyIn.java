package soundstage.warehouse.postgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import soundstage.core.ErrorMessage;

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

    /**
     * The failure of a COPY, said as {@code what} and the reason: pgjdbc reports a COPY the server
     * ended (a statement_timeout, a lost session) as an IOException ("Ending write to copy
     * failed") whose cause, the server's failure, says why; that one's words and SQL state are kept.
     */
    static SQLException failed(String what, IOException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException server) {
                return new SQLException(what + ": " + ErrorMessage.of(server), server.getSQLState(), e);
            }
        }
        return new SQLException(what + ": " + e.getMessage(), e);
    }
}
