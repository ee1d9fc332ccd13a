package soundstage.generate;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A listener's account, as {@code Userdata.json} describes it, and the kind of extended history
 * export they asked for.
 *
 * @param username Spotify username: 25 lowercase letters and digits for accounts made with an
 *     e-mail address, a readable name ({@code "emmasmith87"}) for older ones; also the name of the
 *     listener's folder
 * @param email an address at {@code example.com}
 * @param home the country of the account
 * @param birthdate date of birth
 * @param gender {@code "male"}, {@code "female"} or {@code "nonbinary"}
 * @param daysRegisteredBeforeFirstPlay how long before the first play the account was made
 * @param format the extended streaming history's format
 * @param historySeed seed of every choice about the listening history
 */
record SpotifyListener(
        String username,
        String email,
        SpotifyCountry home,
        LocalDate birthdate,
        String gender,
        int daysRegisteredBeforeFirstPlay,
        ExtendedFormat format,
        long historySeed) {

    /** Spotify opened to the public; no account is older, unless the history itself is. */
    static final LocalDate SPOTIFY_LAUNCH = LocalDate.of(2008, 10, 7);

    private static final String ID_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789";

    /**
     * Invents listener number {@code index}: even numbers get an id-like username, odd ones a
     * readable one, and the extended format goes round {@link ExtendedFormat#values()}.
     *
     * @param takenUsernames usernames of the listeners before; the new one is added
     */
    static SpotifyListener generate(
            int index,
            SplittableRandom random,
            MusicNames names,
            List<SpotifyCountry> countries,
            Set<String> takenUsernames) {
        String person = names.person(random).toLowerCase(Locale.ROOT).replaceAll("[^a-z ]", "");
        String username;
        do {
            username = index % 2 == 0 ? idUsername(random) : readableUsername(person, random);
        } while (!takenUsernames.add(username));
        String email =
                index % 2 == 0
                        ? person.replace(' ', '.') + random.nextInt(100) + "@example.com"
                        : username + "@example.com";
        SpotifyCountry home = countries.get(random.nextInt(SpotifyCountry.HOME_COUNTRIES));
        LocalDate birthdate = LocalDate.of(1960, 1, 1).plusDays(random.nextInt(45 * 365));
        double g = random.nextDouble();
        String gender = g < 0.48 ? "male" : g < 0.96 ? "female" : "nonbinary";
        int registered = 10 + random.nextInt(1_500);
        ExtendedFormat format = ExtendedFormat.values()[index % ExtendedFormat.values().length];
        return new SpotifyListener(
                username, email, home, birthdate, gender, registered, format, random.nextLong());
    }

    /** {@code creationTime}: before the first play, and not before Spotify's launch if possible. */
    LocalDate creationDate(LocalDate firstPlayDay) {
        LocalDate created = firstPlayDay.minusDays(daysRegisteredBeforeFirstPlay);
        return created.isBefore(SPOTIFY_LAUNCH) && firstPlayDay.isAfter(SPOTIFY_LAUNCH)
                ? SPOTIFY_LAUNCH
                : created;
    }

    private static String idUsername(SplittableRandom random) {
        StringBuilder name = new StringBuilder(25);
        for (int i = 0; i < 25; i++) {
            name.append(ID_CHARACTERS.charAt(random.nextInt(ID_CHARACTERS.length())));
        }
        return name.toString();
    }

    private static String readableUsername(String person, SplittableRandom random) {
        String name = person.replace(" ", "");
        return random.nextBoolean() ? name : name + (60 + random.nextInt(40));
    }
}
