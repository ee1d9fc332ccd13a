package soundstage.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestLineReader {
    @TempDir
    Path dir;

    record Line(long number, String text, String problem) {
    }

    private List<Line> read(byte[] content) throws IOException {
        Path file = dir.resolve("f.json");
        Files.write(file, content);
        List<Line> lines = new ArrayList<>();
        FileScan scan = new LineReader().read(file, (n, text, problem) -> lines.add(new Line(n, text, problem)));
        assertThat(scan.lines()).isEqualTo(lines.size());
        assertThat(scan.bytes()).isEqualTo(content.length);
        return lines;
    }

    private List<Line> read(String content) throws IOException {
        return read(content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void splitsLinesAndNumbersThemFromOne() throws IOException {
        assertThat(read("{\"a\":1}\n{\"a\":2}\n")).containsExactly(new Line(1, "{\"a\":1}", null), new Line(2, "{\"a\":2}", null));
    }

    @Test
    void lastLineWithoutNewlineIsRead() throws IOException {
        assertThat(read("a\nb")).containsExactly(new Line(1, "a", null), new Line(2, "b", null));
    }

    @Test
    void crlfLineEndingsAreDropped() throws IOException {
        assertThat(read("a\r\nb\r\n")).containsExactly(new Line(1, "a", null), new Line(2, "b", null));
    }

    @Test
    void blankLinesAreSkippedButCounted() throws IOException {
        assertThat(read("a\n\n  \r\nb")).containsExactly(new Line(1, "a", null), new Line(4, "b", null));
    }

    @Test
    void byteOrderMarkIsSkipped() throws IOException {
        assertThat(read("\uFEFFa\nb")).containsExactly(new Line(1, "a", null), new Line(2, "b", null));
    }

    @Test
    void emptyFileHasNoLines() throws IOException {
        assertThat(read("")).isEmpty();
    }

    @Test
    void invalidUtf8IsReportedAsAProblem() throws IOException {
        byte[] content = {'o', 'k', '\n', 'b', (byte) 0xC3, 'x', '\n'};
        List<Line> lines = read(content);
        assertThat(lines.get(0)).isEqualTo(new Line(1, "ok", null));
        assertThat(lines.get(1).number()).isEqualTo(2);
        assertThat(lines.get(1).problem()).isEqualTo("line is not valid UTF-8; save the file as UTF-8 and ingest it again");
    }

    @Test
    void aUtf16FileIsOneProblemNumberedZeroWithItsFirstCharacters() throws IOException {
        String text = "{\"a\":1}\n{\"a\":2}\n";
        String reason = "the file is UTF-16LE, not UTF-8; convert it (iconv -f UTF-16LE -t UTF-8 FILE > NEW.json) and ingest the new file";
        assertThat(read(("\uFEFF" + text).getBytes(StandardCharsets.UTF_16LE))).containsExactly(new Line(0, text, reason));
        assertThat(read(text.getBytes(StandardCharsets.UTF_16LE))).containsExactly(new Line(0, text, reason));
        Path file = dir.resolve("f.json");
        assertThat(new LineReader().hash(file).utf8()).as("the hash sends it to the reader that refuses it").isFalse();
        byte[] large = "{\"a\":1}\n".repeat(300_000).getBytes(java.nio.charset.Charset.forName("UTF-32BE"));   // more than one read
        Files.write(file, large);
        List<Line> reported = new ArrayList<>();
        FileScan scan = new LineReader().read(file, (n, line, problem) -> reported.add(new Line(n, line, problem)));
        assertThat(reported).containsExactly(new Line(0, "{\"a\":1}\n".repeat(300_000).substring(0, LineReader.KEPT_PREFIX),
                "the file is UTF-32BE, not UTF-8; convert it (iconv -f UTF-32BE -t UTF-8 FILE > NEW.json) and ingest the new file"));
        assertThat(scan).isEqualTo(new LineReader().hash(file));
        assertThat(scan.bytes()).isEqualTo(large.length);
    }

    @Test
    void aTooLongLineKeepsItsFirstCharactersCountedAsCodePoints() throws IOException {
        String emoji = "\uD83C\uDFB5";   // one character, two UTF-16 units, four UTF-8 bytes
        List<Line> lines = read("{\"song\":\"" + emoji.repeat(LineReader.MAX_LINE_BYTES / 4) + "\"}\nok\n");
        assertThat(lines.get(0).problem()).isEqualTo(LineReader.tooLong());
        String kept = lines.get(0).text();
        assertThat(kept.codePointCount(0, kept.length())).isEqualTo(LineReader.KEPT_PREFIX);
        assertThat(kept).startsWith("{\"song\":\"" + emoji).endsWith(emoji);
        assertThat(lines.get(1)).isEqualTo(new Line(2, "ok", null));
    }

    @Test
    void aLegitimateReplacementCharacterIsNotAProblem() throws IOException {
        assertThat(read("caf\uFFFD")).containsExactly(new Line(1, "caf\uFFFD", null));
    }

    @Test
    void multiByteCharactersAcrossBufferBoundariesSurvive() throws IOException {
        // 1,023 lines of 1,024 bytes, then a line whose ö starts at the 1 MiB buffer's last byte
        String filler = "x".repeat(1023) + "\n";
        String line = "x".repeat(1023) + "ö" + "y";
        List<Line> lines = read(filler.repeat(1023) + line + "\nz");
        assertThat(lines).hasSize(1025);
        assertThat(lines.subList(1023, 1025)).containsExactly(new Line(1024, line, null), new Line(1025, "z", null));
    }

    @Test
    void hashingTellsWhetherTheFileIsUtf8EvenAcrossBufferBoundaries() throws IOException {
        Path file = dir.resolve("u.json");
        Files.writeString(file, "x".repeat((1 << 20) - 1) + "ö€😀\n");
        assertThat(new LineReader().hash(file).utf8()).isTrue();
        Files.write(file, new byte[] {'a', (byte) 0xC3, 'b'});
        assertThat(new LineReader().hash(file).utf8()).isFalse();
        Files.write(file, new byte[] {'a', (byte) 0xC3});
        assertThat(new LineReader().hash(file).utf8()).isFalse();
    }

    @Test
    void hashIsTheSha256OfTheBytes() throws Exception {
        byte[] content = "some\r\ncontent".getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("h.json");
        Files.write(file, content);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        assertThat(new LineReader().hash(file)).isEqualTo(new FileScan(content.length, 2, expected, true));
        assertThat(new LineReader().read(file, (n, t, p) -> { }).sha256()).isEqualTo(expected);
    }

    @Test
    void hashingCountsTheNonBlankLinesThatReadingHandsOver() throws IOException {
        // DuckDbLoader trusts this count to know that every line of a file loaded: it must be
        // the count of lines that reading (and DuckDB's split in land-text.sql) finds.
        Path file = dir.resolve("count.json");
        LineReader reader = new LineReader();
        String[] pieces = {"{\"a\":1}", " ", "\t", "\r", "\n", "\r\n", "\uFEFF", "\u00A0", "x", "é", "{"};
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 2000; round++) {
            StringBuilder text = new StringBuilder(random.nextInt(4) == 0 ? "\uFEFF" : "");
            for (int i = random.nextInt(12); i > 0; i--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            Files.writeString(file, text);
            long[] handed = {0};
            reader.read(file, (n, line, problem) -> handed[0]++);
            assertThat(reader.hash(file).lines()).as("lines of %s", text.toString().replace("\n", "\\n").replace("\r", "\\r"))
                    .isEqualTo(handed[0]);
        }
        String longLine = " ".repeat((1 << 20) - 2) + "\n  x\n" + "\t".repeat(1 << 20) + "\n";
        Files.writeString(file, longLine);
        assertThat(reader.hash(file).lines()).isEqualTo(1);
    }

    @Test
    void aFileThatIsNotUtf8IsHashedAndCountedToItsEnd() throws Exception {
        // Found in review: the hash stopped at the first bad byte when it sat at the start of the
        // file or at the end of a 1 MiB read, so the file's hash, size and line count were short.
        String good = "{\"a\":1}\n";
        for (int badAt : new int[] {0, (1 << 20) - 1, 1 << 20, (1 << 20) + 1}) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            while (bytes.size() < badAt) {
                bytes.write(good.getBytes(StandardCharsets.UTF_8), 0, Math.min(good.length(), badAt - bytes.size()));
            }
            bytes.write(0xE9);   // Latin-1 é
            bytes.write('\n');
            for (int i = 0; i < 300_000; i++) {
                bytes.write(good.getBytes(StandardCharsets.UTF_8));
            }
            byte[] content = bytes.toByteArray();
            Path file = dir.resolve("latin1-" + badAt + ".json");
            Files.write(file, content);
            long[] handed = {0};
            LineReader reader = new LineReader();
            reader.read(file, (n, line, problem) -> handed[0]++);
            FileScan scan = reader.hash(file);
            assertThat(scan.bytes()).as("bytes, bad byte at %d", badAt).isEqualTo(content.length);
            assertThat(scan.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
            assertThat(scan.lines()).as("lines, bad byte at %d", badAt).isEqualTo(handed[0]);
            assertThat(scan.utf8()).isFalse();
        }
    }

    @Test
    void readingBytesHandsOnEveryLineAcrossTheReadBuffersBoundaries() throws IOException {
        // readBytes hands a line on where it lies in the reader's 1 MiB buffer and copies only the
        // lines that span two reads. The expected lines are worked out here on their own (not by
        // read(), which shares the reader's code), from content with a CR LF split by the first
        // boundary, a two-byte character split by the second, a line feed just before the third.
        int buffer = 1 << 20;
        String[] pieces = {"{\"a\":1}", "\n", "\r\n", " ", "\t", "é", "x".repeat(3_000), "\n\n"};
        java.util.Random random = new java.util.Random(11);
        java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();
        content.writeBytes("\uFEFF".getBytes(StandardCharsets.UTF_8));
        String[] atBoundaries = {"\r\n", "é", "\n"};
        for (int boundary = 1; boundary <= atBoundaries.length; boundary++) {
            int splitAt = boundary * buffer - 1;
            while (content.size() < splitAt - 4_000) {
                content.writeBytes(pieces[random.nextInt(pieces.length)].getBytes(StandardCharsets.UTF_8));
                if (random.nextInt(500) == 0) {
                    content.write(0xE9);   // Latin-1 é: this line is not UTF-8
                }
            }
            content.writeBytes("y".repeat(splitAt - content.size()).getBytes(StandardCharsets.UTF_8));
            content.writeBytes(atBoundaries[boundary - 1].getBytes(StandardCharsets.UTF_8));
        }
        content.writeBytes("{\"last\":true}".getBytes(StandardCharsets.UTF_8));   // no line feed at the end
        byte[] bytes = content.toByteArray();
        assertThat(new String(bytes, buffer - 1, 2, StandardCharsets.ISO_8859_1)).isEqualTo("\r\n");
        assertThat(new String(bytes, 2 * buffer - 1, 2, StandardCharsets.UTF_8)).isEqualTo("é");
        assertThat(bytes[3 * buffer - 1]).isEqualTo((byte) '\n');

        List<Line> expected = linesOf(bytes);
        List<Line> handed = new ArrayList<>();
        Files.write(dir.resolve("f.json"), bytes);
        FileScan scan = new LineReader().readBytes(dir.resolve("f.json"),
                (n, line, from, to) -> handed.add(new Line(n, new String(line, from, to - from, StandardCharsets.UTF_8), null)),
                (n, text, problem) -> handed.add(new Line(n, text, problem)));

        assertThat(handed).hasSizeGreaterThan(1000).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Line want = expected.get(i);
            Line got = handed.get(i);
            assertThat(got.number()).as("number of line %d of %d", i, expected.size()).isEqualTo(want.number());
            if (want.problem() == null) {
                assertThat(got.equals(want)).as("line %d (%d) of %d", i, want.number(), expected.size()).isTrue();
            } else {
                assertThat(got.problem()).as("line %d", want.number()).startsWith("line is not valid UTF-8");
                assertThat(want.text()).as("line %d", want.number()).startsWith(got.text());
            }
        }
        assertThat(scan.bytes()).isEqualTo(bytes.length);
        assertThat(scan.lines()).isEqualTo(expected.size());
        assertThat(expected).anyMatch(line -> line.problem() != null);
        assertThat(expected.get(expected.size() - 1)).isEqualTo(new Line(expected.get(expected.size() - 1).number(), "{\"last\":true}", null));
    }

    /**
     * The lines of {@code bytes} as the reader is meant to give them, worked out plainly: without
     * the byte order mark, split at line feeds, a trailing CR dropped, blank lines (spaces, tabs)
     * left out but counted, a line that is not UTF-8 flagged (with its text decoded leniently).
     */
    private static List<Line> linesOf(byte[] bytes) {
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        List<Line> lines = new ArrayList<>();
        long number = 0;
        int from = start;
        while (from < bytes.length) {
            int to = from;
            while (to < bytes.length && bytes[to] != '\n') {
                to++;
            }
            number++;
            int end = to > from && bytes[to - 1] == '\r' ? to - 1 : to;
            byte[] line = java.util.Arrays.copyOfRange(bytes, from, end);
            boolean blank = true;
            for (byte b : line) {
                blank &= b == ' ' || b == '\t' || b == '\r';
            }
            if (!blank) {
                try {
                    String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(line)).toString();
                    lines.add(new Line(number, text, null));
                } catch (java.nio.charset.CharacterCodingException e) {
                    lines.add(new Line(number, new String(line, StandardCharsets.UTF_8), "not UTF-8"));
                }
            }
            from = to + 1;
        }
        return lines;
    }
}
