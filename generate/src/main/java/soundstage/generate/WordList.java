package soundstage.generate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An immutable list of words or phrases read from a UTF-8 resource next to this class, one per
 * line; blank lines and lines starting with {@code #} are skipped.
 *
 * <p>The vocabulary lives in resources rather than in code so that it can grow without touching
 * the generator, and stays in file order so that picks by index are reproducible.
 */
record WordList(String name, List<String> words) {

    WordList {
        words = List.copyOf(words);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("word list " + name + " is empty");
        }
    }

    /**
     * Loads {@code soundstage/generate/<resource>} from the class path.
     *
     * @throws UncheckedIOException if the resource is missing or unreadable: it ships in the jar, so
     *     this is a packaging bug, not an input error
     */
    static WordList load(String resource) {
        try (InputStream in = WordList.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("missing resource " + resource));
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    lines.add(line.strip());
                }
            }
            return new WordList(resource, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A uniformly chosen entry. */
    String pick(SplittableRandom random) {
        return words.get(random.nextInt(words.size()));
    }
}
