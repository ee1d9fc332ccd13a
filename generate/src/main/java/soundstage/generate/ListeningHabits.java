package soundstage.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What stays the same about how one listener listens: favourite artists, devices, followed shows,
 * audiobooks, home and travel. Choices that depend on the week or the quarter (travel, the home IP
 * address) are derived from the listener's seed and the date alone, so any day can be generated
 * without the days before it.
 */
final class ListeningHabits {

    /** Share of weeks spent abroad. */
    static final double TRAVEL_WEEK_RATE = 0.04;

    /** Every this many days, the favourite artists move two places down the listener's list. */
    private static final int TASTE_DRIFT_DAYS = 120;

    private static final long TRAVEL_SALT = 2;
    private static final long HOME_IP_SALT = 3;

    private final long seed;
    private final int[] artistOrder;
    private final SpotifyDevice firstPhone;
    private final SpotifyDevice secondPhone;
    private final long phoneSwitchDay;
    private final SpotifyDevice[] otherDevices;
    private final int[] otherWeights;
    private final int[] audioShows;
    private final int[] videoShows;
    private final int[] audiobooks;
    private final SpotifyCountry home;
    private final List<SpotifyCountry> abroad;
    private final double shuffleShare;

    private ListeningHabits(
            long seed,
            int[] artistOrder,
            SpotifyDevice firstPhone,
            SpotifyDevice secondPhone,
            long phoneSwitchDay,
            List<SpotifyDevice> otherDevices,
            int[] audioShows,
            int[] videoShows,
            int[] audiobooks,
            SpotifyCountry home,
            List<SpotifyCountry> abroad,
            double shuffleShare) {
        this.seed = seed;
        this.artistOrder = artistOrder;
        this.firstPhone = firstPhone;
        this.secondPhone = secondPhone;
        this.phoneSwitchDay = phoneSwitchDay;
        this.otherDevices = otherDevices.toArray(new SpotifyDevice[0]);
        this.otherWeights = new int[this.otherDevices.length];
        for (int i = 0; i < this.otherDevices.length; i++) {
            otherWeights[i] = weight(this.otherDevices[i].kind());
        }
        this.audioShows = audioShows;
        this.videoShows = videoShows;
        this.audiobooks = audiobooks;
        this.home = home;
        this.abroad = List.copyOf(abroad);
        this.shuffleShare = shuffleShare;
    }

    /**
     * Draws the habits of {@code listener}.
     *
     * @param phoneSwitchDay epoch day from which the listener uses their second phone
     */
    static ListeningHabits generate(
            SpotifyListener listener,
            long phoneSwitchDay,
            SpotifyCatalogue catalogue,
            List<SpotifyDevice> devices,
            List<SpotifyCountry> countries,
            SplittableRandom random) {
        int[] artistOrder = personalOrder(catalogue.artists(), random);
        List<SpotifyDevice> phones = ofKind(devices, SpotifyDevice.Kind.PHONE);
        SpotifyDevice firstPhone = phones.get(random.nextInt(phones.size()));
        SpotifyDevice secondPhone = phones.get(random.nextInt(phones.size()));
        List<SpotifyDevice> others = new ArrayList<>();
        maybeOwn(others, devices, SpotifyDevice.Kind.DESKTOP, 0.55, random);
        maybeOwn(others, devices, SpotifyDevice.Kind.WEB, 0.30, random);
        maybeOwn(others, devices, SpotifyDevice.Kind.SPEAKER, 0.30, random);
        maybeOwn(others, devices, SpotifyDevice.Kind.TABLET, 0.15, random);
        int[] audioShows = distinct(1 + random.nextInt(4), catalogue.audioShows(), random);
        int[] videoShows = distinct(1 + random.nextInt(2), catalogue.videoShows(), random);
        int[] audiobooks = distinct(1 + random.nextInt(3), catalogue.audiobooks(), random);
        List<SpotifyCountry> abroad = new ArrayList<>();
        for (SpotifyCountry country : countries) {
            if (!country.code().equals(listener.home().code())) {
                abroad.add(country);
            }
        }
        double shuffleShare = 0.2 + 0.5 * random.nextDouble();
        return new ListeningHabits(
                listener.historySeed(),
                artistOrder,
                firstPhone,
                secondPhone,
                phoneSwitchDay,
                others,
                audioShows,
                videoShows,
                audiobooks,
                listener.home(),
                abroad,
                shuffleShare);
    }

    /** The artist at {@code rank} of the listener's favourites on {@code day}; rank 0 the top. */
    int artist(int rank, long day) {
        long shift = 2 * Math.floorDiv(day, TASTE_DRIFT_DAYS);
        return artistOrder[(int) Math.floorMod(rank + shift, (long) artistOrder.length)];
    }

    /** The device of a new session: the phone most of the time. */
    SpotifyDevice device(long day, SplittableRandom random) {
        int total = weight(SpotifyDevice.Kind.PHONE);
        for (int weight : otherWeights) {
            total += weight;
        }
        int draw = random.nextInt(total);
        for (int i = 0; i < otherDevices.length; i++) {
            draw -= otherWeights[i];
            if (draw < 0) {
                return otherDevices[i];
            }
        }
        return day < phoneSwitchDay ? firstPhone : secondPhone;
    }

    /** Where the listener is on {@code day}: at home, or abroad for a whole week now and then. */
    SpotifyCountry country(long day) {
        long week = Math.floorDiv(day + 3, 7); // weeks from Monday; epoch day 0 was a Thursday
        SplittableRandom weekRandom = new SplittableRandom(SeedMixer.mix(seed, week, TRAVEL_SALT));
        if (weekRandom.nextDouble() < TRAVEL_WEEK_RATE) {
            return abroad.get(weekRandom.nextInt(abroad.size()));
        }
        return home;
    }

    /**
     * The IP address of a session, from the documentation ranges only: the home address (changing
     * every quarter) for home connections, a mobile address for phones on the go, another for
     * connections abroad; some mobile addresses are IPv6.
     */
    String ipAddress(SpotifyDevice device, SpotifyCountry country, long day, SplittableRandom random) {
        if (!country.code().equals(home.code())) {
            return "192.0.2." + (1 + random.nextInt(254));
        }
        if (device.canGoOffline() && random.nextBoolean()) {
            if (random.nextInt(10) == 0) {
                return "2001:db8:" + Integer.toHexString(random.nextInt(0x10000)) + "::"
                        + Integer.toHexString(1 + random.nextInt(0xffff));
            }
            return "203.0.113." + (1 + random.nextInt(254));
        }
        long quarter = Math.floorDiv(day, 91);
        SplittableRandom quarterRandom = new SplittableRandom(SeedMixer.mix(seed, quarter, HOME_IP_SALT));
        return "198.51.100." + (1 + quarterRandom.nextInt(254));
    }

    double shuffleShare() {
        return shuffleShare;
    }

    /** A followed audio show, for {@link SpotifyCatalogue#audioShow}. */
    int audioShow(SplittableRandom random) {
        return audioShows[random.nextInt(audioShows.length)];
    }

    /** A followed video show, for {@link SpotifyCatalogue#videoShow}. */
    int videoShow(SplittableRandom random) {
        return videoShows[random.nextInt(videoShows.length)];
    }

    /** The audiobook being listened to on {@code day}, for {@link SpotifyCatalogue#audiobook}. */
    int audiobook(long day) {
        return audiobooks[(int) Math.floorMod(Math.floorDiv(day, 30), (long) audiobooks.length)];
    }

    private static int weight(SpotifyDevice.Kind kind) {
        return switch (kind) {
            case PHONE -> 60;
            case DESKTOP -> 20;
            case WEB -> 8;
            case SPEAKER -> 7;
            case TABLET -> 5;
        };
    }

    /**
     * Artists in the listener's order of preference: the catalogue's order (its popularity) with
     * personal noise, so listeners share the hits but each has their own favourites.
     */
    private static int[] personalOrder(int artists, SplittableRandom random) {
        double[] key = new double[artists];
        Integer[] order = new Integer[artists];
        for (int i = 0; i < artists; i++) {
            // Sum of four uniforms, rescaled: a cheap bell curve with mean 0 and deviation 1.
            double sum = random.nextDouble() + random.nextDouble() + random.nextDouble() + random.nextDouble();
            key[i] = StrictMath.log(i + 1) + 1.5 * (sum - 2) * StrictMath.sqrt(3);
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> key[i]).thenComparingInt(i -> i));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    private static List<SpotifyDevice> ofKind(List<SpotifyDevice> devices, SpotifyDevice.Kind kind) {
        return devices.stream().filter(d -> d.kind() == kind).toList();
    }

    private static void maybeOwn(
            List<SpotifyDevice> owned,
            List<SpotifyDevice> devices,
            SpotifyDevice.Kind kind,
            double share,
            SplittableRandom random) {
        if (random.nextDouble() < share) {
            List<SpotifyDevice> candidates = ofKind(devices, kind);
            owned.add(candidates.get(random.nextInt(candidates.size())));
        }
    }

    private static int[] distinct(int count, int of, SplittableRandom random) {
        int[] all = Shuffle.permutation(of, random);
        return Arrays.copyOf(all, Math.min(count, of));
    }
}
