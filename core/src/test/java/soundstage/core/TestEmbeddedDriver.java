package soundstage.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver's unpacked copy of its native library is deleted once loaded, and nothing else is. */
class TestEmbeddedDriver {
    @TempDir
    Path dir;

    @Test
    void theUnpackedCopyInTheTemporaryFolderIsDeletedAndNothingElse() throws Exception {
        Path temporary = Files.createDirectories(dir.resolve("tmp"));
        Path elsewhere = Files.createDirectories(dir.resolve("lib"));
        Path unpacked = Files.writeString(temporary.resolve("libduckdb_java8123456789.so"), "elf");
        Path installed = Files.writeString(elsewhere.resolve("libduckdb_java8123456789.so"), "elf");
        Path unnumbered = Files.writeString(temporary.resolve("libduckdb_java.so"), "elf");
        Path otherLibrary = Files.writeString(temporary.resolve("libother123.so"), "elf");
        Path unmapped = Files.writeString(temporary.resolve("libduckdb_java555.so"), "elf");   // another process's copy
        Path maps = Files.writeString(dir.resolve("maps"), String.join("\n",
                "7f1c2a000000-7f1c2a400000 r--p 00000000 fd:01 1311 " + unpacked,
                "7f1c2a400000-7f1c2c000000 r-xp 00400000 fd:01 1311 " + unpacked,
                "7f1c2d000000-7f1c2d100000 r-xp 00000000 fd:01 1312 " + installed,
                "7f1c2e000000-7f1c2e100000 r-xp 00000000 fd:01 1313 " + unnumbered,
                "7f1c2f000000-7f1c2f100000 r-xp 00000000 fd:01 1314 " + otherLibrary,
                "7f1c30000000-7f1c30100000 r-xp 00000000 fd:01 1315 " + temporary.resolve("libduckdb_java777.so") + " (deleted)",
                "7ffd1a000000-7ffd1a021000 rw-p 00000000 00:00 0 [stack]",
                ""));

        EmbeddedDriver.deleteUnpacked(maps, temporary);

        assertThat(unpacked).doesNotExist();
        assertThat(installed).exists();
        assertThat(unnumbered).exists();
        assertThat(otherLibrary).exists();
        assertThat(unmapped).exists();
    }

    @Test
    void withoutTheListOfMappedFilesNothingIsDeleted() throws Exception {
        Path unpacked = Files.writeString(dir.resolve("libduckdb_java42.so"), "elf");

        EmbeddedDriver.deleteUnpacked(dir.resolve("no-such-maps"), dir);

        assertThat(unpacked).exists();
    }

    @Test
    void copiesLeftBehindLongerThanTheAgeAreDeletedAndNothingElse() throws Exception {
        Instant now = Instant.parse("2026-12-08T12:00:00Z");
        Path old = aged(Files.writeString(dir.resolve("libduckdb_java1234.so"), "elf"), now.minus(EmbeddedDriver.LEFTOVER_AGE).minusSeconds(1));
        Path recent = aged(Files.writeString(dir.resolve("libduckdb_java5678.so"), "elf"), now.minus(EmbeddedDriver.LEFTOVER_AGE).plusSeconds(1));
        Path unnumbered = aged(Files.writeString(dir.resolve("libduckdb_java.so"), "elf"), now.minusSeconds(86_400));
        Path folder = aged(Files.createDirectories(dir.resolve("libduckdb_java99.so")), now.minusSeconds(86_400));

        EmbeddedDriver.deleteLeftovers(dir, now.minus(EmbeddedDriver.LEFTOVER_AGE));

        assertThat(old).doesNotExist();
        assertThat(recent).exists();
        assertThat(unnumbered).exists();
        assertThat(folder).exists();
    }

    private static Path aged(Path file, Instant written) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(written));
        return file;
    }
}
