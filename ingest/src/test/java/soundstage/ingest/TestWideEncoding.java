package soundstage.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TestWideEncoding {
    private static String of(String text, Charset charset) {
        byte[] bytes = text.getBytes(charset);
        return WideEncoding.of(bytes, Math.min(bytes.length, WideEncoding.HEAD_BYTES));
    }

    @Test
    void recognisesEachWideEncodingWithAndWithoutAByteOrderMark() {
        for (String name : new String[] {"UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"}) {
            Charset charset = Charset.forName(name);
            assertThat(of("{\"a\":1}", charset)).as(name).isEqualTo(name);
            assertThat(of("\uFEFF{\"a\":1}", charset)).as(name + " with a byte order mark").isEqualTo(name);
            assertThat(of("[", charset)).as(name + ", one character").isEqualTo(name);
        }
    }

    @Test
    void utf8IsNotWide() {
        assertThat(of("{\"a\":1}", StandardCharsets.UTF_8)).isNull();
        assertThat(of("\uFEFF{\"a\":1}", StandardCharsets.UTF_8)).isNull();
        assertThat(of("\u00e9t\u00e9", StandardCharsets.UTF_8)).isNull();
        assertThat(of("{", StandardCharsets.UTF_8)).isNull();
        assertThat(WideEncoding.of(new byte[0], 0)).isNull();
    }
}
