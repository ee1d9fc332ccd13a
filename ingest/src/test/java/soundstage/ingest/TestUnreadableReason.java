package soundstage.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Quarantine reasons of unreadable files say what went wrong in words, not with Java's exception names. */
class TestUnreadableReason {
    private static final String ADVICE = "; check that it exists and is readable, then ingest it again";

    @Test
    void eachKindOfFailureInWords() {
        assertThat(FileBatches.unreadableReason(new AccessDeniedException("/data/a.json"))).isEqualTo("cannot read the file: permission denied" + ADVICE);
        assertThat(FileBatches.unreadableReason(new NoSuchFileException("/data/a.json"))).isEqualTo("cannot read the file: no such file" + ADVICE);
        assertThat(FileBatches.unreadableReason(new FileSystemException("/data/a.json", null, "Is a directory")))
                .isEqualTo("cannot read the file: is a directory" + ADVICE);
        assertThat(FileBatches.unreadableReason(new IOException("Input/output error"))).isEqualTo("cannot read the file: Input/output error" + ADVICE);
        assertThat(FileBatches.unreadableReason(FileBatches.goneSinceHashed(Path.of("/data/a.json"), new AccessDeniedException("/data/a.json"))))
                .isEqualTo("cannot read the file: hashed a moment before, it could not be read when it was loaded (permission denied)" + ADVICE);
    }
}
