package soundstage.ingest;

import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;

/**
 * Hands whole chunks of encoded rows (as a {@link RowBuffer} writes them) from a reading worker to
 * the thread that owns the connection, through a bounded queue: the worker waits while the
 * queue is full, so memory holds a few chunks, not files.
 */
public final class ChunkQueue extends OutputStream {
    private final BlockingQueue<? super byte[]> chunks;

    public ChunkQueue(BlockingQueue<? super byte[]> chunks) {
        this.chunks = chunks;
    }

    @Override
    public void write(int b) {
        throw new UnsupportedOperationException("whole chunks only");
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws InterruptedIOException {
        if (length == 0) {
            return;
        }
        try {
            chunks.put(Arrays.copyOfRange(bytes, offset, offset + length));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("loading was stopped");
        }
    }
}
