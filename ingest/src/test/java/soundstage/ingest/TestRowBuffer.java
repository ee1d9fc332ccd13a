package soundstage.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

class TestRowBuffer {
    /** A COPY stream whose session ended: every write fails; closing it is what frees the connection. */
    private static final class Broken extends OutputStream {
        boolean closed;

        @Override
        public void write(int b) throws IOException {
            throw new IOException("Write to copy failed.");
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException("Write to copy failed.");
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static final class Rows extends RowBuffer {
        Rows(OutputStream out) {
            super(out);
        }

        Rows field(String text) {
            startField((byte) '\t');
            append(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, text.length());
            return this;
        }
    }

    /**
     * Closing flushed first and did not close the stream when that failed: the COPY registering
     * an ingest's files was then never cancelled, and the rollback after it waited forever.
     */
    @Test
    void closeClosesTheStreamEvenWhenTheLastRowsCannotBeWritten() throws IOException {
        Broken out = new Broken();
        Rows rows = new Rows(out);
        rows.field("a").field("b").endRow();

        assertThatThrownBy(rows::close).isInstanceOf(IOException.class).hasMessage("Write to copy failed.");
        assertThat(out.closed).isTrue();
    }
}
