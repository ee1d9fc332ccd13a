package soundstage.generate;

import java.util.Set;
import java.util.SplittableRandom;

/**
 * Invents artist names and song titles from the word lists in resources.
 *
 * <p>Names are not unique by themselves; {@link SongCatalog} and {@link OffCatalogSongs} retry on a
 * clash. A small share uses non-ASCII letters on purpose ({@link #ACCENTED_ARTIST_RATE}, {@link
 * #ACCENTED_TITLE_RATE}), because real catalogues have them and loaders must keep them intact.
 */
final class MusicNames {

    /** Share of invented artist names with non-ASCII letters ("Björk", "José Muñoz"). */
    static final double ACCENTED_ARTIST_RATE = 0.05;

    /** Share of invented titles with a non-ASCII word ("Mañana Blues"). */
    static final double ACCENTED_TITLE_RATE = 0.03;

    /** Share of titles carrying a version suffix such as "(Album Version)", as in the MSD. */
    private static final double SUFFIX_RATE = 0.08;

    /**
     * Share of titles with a slash or double quotes ("Love/Hate", {@code Theme From "Shaft"}), so
     * that escaping is exercised in both file kinds.
     */
    private static final double PUNCTUATED_TITLE_RATE = 0.01;

    /** Fresh artist names tried before {@link #uniqueArtist} numbers one instead. */
    private static final int ARTIST_NAME_ATTEMPTS = 20;

    private final WordList adjectives = WordList.load("adjectives.txt");
    private final WordList bandNouns = WordList.load("band-nouns.txt");
    private final WordList titleNouns = WordList.load("title-nouns.txt");
    private final WordList verbs = WordList.load("verbs.txt");
    private final WordList endings = WordList.load("title-endings.txt");
    private final WordList suffixes = WordList.load("title-suffixes.txt");
    private final WordList maleFirstNames = WordList.load("first-names-male.txt");
    private final WordList femaleFirstNames = WordList.load("first-names-female.txt");
    private final WordList lastNames = WordList.load("last-names.txt");
    private final WordList accentedArtists = WordList.load("accented-artists.txt");
    private final WordList accentedFirstNames = WordList.load("accented-first-names.txt");
    private final WordList accentedLastNames = WordList.load("accented-last-names.txt");
    private final WordList accentedWords = WordList.load("accented-title-words.txt");

    /** An artist or band name. */
    String artist(SplittableRandom random) {
        if (random.nextDouble() < ACCENTED_ARTIST_RATE) {
            return accentedArtist(random);
        }
        return switch (random.nextInt(8)) {
            case 0, 1 -> "The " + adjectives.pick(random) + " " + bandNouns.pick(random);
            case 2 -> person(random);
            case 3 -> adjectives.pick(random) + " " + titleNouns.pick(random);
            case 4 -> person(random) + " & The " + bandNouns.pick(random);
            case 5 -> lastNames.pick(random) + " " + bandNouns.pick(random);
            case 6 -> (random.nextBoolean() ? "DJ " : "MC ") + titleNouns.pick(random);
            default -> titleNouns.pick(random) + " " + bandNouns.pick(random);
        };
    }

    /**
     * An artist name not in {@code taken}, which it is added to. After 20 clashes the name gets a
     * number ("The Red Owls 20"): the accented list
     * is short and runs out first, and numbering keeps big catalogues going.
     */
    String uniqueArtist(Set<String> taken, SplittableRandom random) {
        String name = artist(random);
        for (int attempt = 1; !taken.add(name); attempt++) {
            name = attempt < ARTIST_NAME_ATTEMPTS ? artist(random) : artist(random) + " " + attempt;
        }
        return name;
    }

    /** An artist name that certainly has a non-ASCII letter. */
    String accentedArtist(SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> accentedArtists.pick(random);
            case 1 -> accentedFirstNames.pick(random) + " " + accentedLastNames.pick(random);
            default ->
                    (random.nextBoolean() ? maleFirstNames : femaleFirstNames).pick(random)
                            + " "
                            + accentedLastNames.pick(random);
        };
    }

    /** A song title. */
    String title(SplittableRandom random) {
        String title;
        if (random.nextDouble() < ACCENTED_TITLE_RATE) {
            title = accentedTitle(random);
        } else if (random.nextDouble() < PUNCTUATED_TITLE_RATE) {
            title = punctuatedTitle(random);
        } else {
            title = plainTitle(random);
        }
        if (random.nextDouble() < SUFFIX_RATE) {
            title = withSuffix(title, random);
        }
        return title;
    }

    /** A title that certainly has a non-ASCII letter. */
    String accentedTitle(SplittableRandom random) {
        String word = accentedWords.pick(random);
        return switch (random.nextInt(3)) {
            case 0 -> word;
            case 1 -> word + " " + titleNouns.pick(random);
            default -> adjectives.pick(random) + " " + word;
        };
    }

    /** {@code title} with a version suffix, used also to break a name clash. */
    String withSuffix(String title, SplittableRandom random) {
        return title + " " + suffixes.pick(random);
    }

    private String plainTitle(SplittableRandom random) {
        return switch (random.nextInt(7)) {
            case 0 -> adjectives.pick(random) + " " + titleNouns.pick(random);
            case 1 -> verbs.pick(random) + " Me " + endings.pick(random);
            case 2 -> titleNouns.pick(random) + " Of " + titleNouns.pick(random);
            case 3 -> "I " + verbs.pick(random) + " " + titleNouns.pick(random);
            case 4 -> titleNouns.pick(random);
            case 5 -> "The " + adjectives.pick(random) + " " + titleNouns.pick(random);
            default ->
                    verbs.pick(random) + " The " + titleNouns.pick(random) + " " + endings.pick(random);
        };
    }

    private String punctuatedTitle(SplittableRandom random) {
        if (random.nextBoolean()) {
            return titleNouns.pick(random) + "/" + titleNouns.pick(random);
        }
        return "Theme From \"" + adjectives.pick(random) + " " + titleNouns.pick(random) + "\"";
    }

    /** A first and a last name, ASCII only ("Emma Smith"). */
    String person(SplittableRandom random) {
        return (random.nextBoolean() ? maleFirstNames : femaleFirstNames).pick(random)
                + " "
                + lastNames.pick(random);
    }
}
