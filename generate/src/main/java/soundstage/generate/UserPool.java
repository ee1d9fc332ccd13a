package soundstage.generate;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * The listeners: fixed profiles plus the state that changes while events are written, namely each
 * user's level and whether the user is in a session right now.
 *
 * <p>Activity is skewed: users are drawn Zipf-like, so a few heavy users write many sessions and
 * most write a few. User ids are shuffled so the heavy users are not simply ids 1, 2, 3.
 */
final class UserPool {

    /** Smallest pool, so that tiny runs still have several users. */
    static final int FEWEST_USERS = 50;

    /** Largest pool: keeps memory flat for very large runs. */
    static final int MOST_USERS = 100_000;

    /** One user per this many events, between {@link #FEWEST_USERS} and {@link #MOST_USERS}. */
    static final int EVENTS_PER_USER = 200;

    /** Share of users who start on the paid level. */
    static final double PAID_AT_START_RATE = 0.45;

    /** Skew of user activity. */
    private static final double ACTIVITY_EXPONENT = 0.8;

    /** Registrations fall within this many days before the first event. */
    private static final int REGISTRATION_WINDOW_DAYS = 180;

    /** Draws tried before a busy user is accepted for a second, overlapping session. */
    private static final int IDLE_ATTEMPTS = 8;

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private final UserProfile[] profiles;
    private final boolean[] paid;
    private final boolean[] inSession;
    private final ZipfSampler activity;

    private UserPool(UserProfile[] profiles, boolean[] paid) {
        this.profiles = profiles;
        this.paid = paid;
        this.inSession = new boolean[profiles.length];
        this.activity = new ZipfSampler(profiles.length, ACTIVITY_EXPONENT);
    }

    /** Pool size for a run of {@code events} events. */
    static int sizeFor(long events) {
        return (int) Math.min(MOST_USERS, Math.max(FEWEST_USERS, events / EVENTS_PER_USER));
    }

    /** Invents {@code count} users who registered before {@code firstDay} (UTC). */
    static UserPool generate(int count, LocalDate firstDay, SplittableRandom random) {
        WordList female = WordList.load("first-names-female.txt");
        WordList male = WordList.load("first-names-male.txt");
        WordList lastNames = WordList.load("last-names.txt");
        WordList locations = WordList.load("user-locations.txt");
        UserAgents agents = new UserAgents();
        long firstMillis = firstDay.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        int[] ids = Shuffle.permutation(count, random);
        UserProfile[] profiles = new UserProfile[count];
        boolean[] paid = new boolean[count];
        for (int i = 0; i < count; i++) {
            boolean isFemale = random.nextBoolean();
            long registered =
                    firstMillis - 1 - random.nextLong(REGISTRATION_WINDOW_DAYS * MILLIS_PER_DAY);
            profiles[i] =
                    new UserProfile(
                            Integer.toString(ids[i] + 1),
                            (isFemale ? female : male).pick(random),
                            lastNames.pick(random),
                            isFemale ? "F" : "M",
                            locations.pick(random),
                            agents.pick(random),
                            registrationText(registered));
            paid[i] = random.nextDouble() < PAID_AT_START_RATE;
        }
        return new UserPool(profiles, paid);
    }

    /**
     * Epoch milliseconds as the public data writes {@code registration}: Java double notation,
     * {@code 1541016707796 -> "1.541016707796E12"}. Built from the digits rather than with {@link
     * Double#toString} so the text cannot change between JDKs; for whole numbers of 8 to 16 digits
     * the two agree.
     *
     * <p>Whole numbers below 10<sup>7</sup> in magnitude are written plainly, as Java does.
     */
    static String registrationText(long millis) {
        if (Math.abs(millis) < 10_000_000L) {
            // Below 10^7 Java prints plain decimals ("1234.0"), which are exact for whole numbers.
            return Double.toString(millis);
        }
        String sign = millis < 0 ? "-" : "";
        String digits = Long.toString(Math.abs(millis));
        int exponent = digits.length() - 1;
        int end = digits.length();
        while (end > 2 && digits.charAt(end - 1) == '0') {
            end--;
        }
        return sign + digits.charAt(0) + "." + digits.substring(1, Math.max(2, end)) + "E" + exponent;
    }

    UserProfile profile(int user) {
        return profiles[user];
    }

    /** {@code "paid"} or {@code "free"}, as of now. */
    String level(int user) {
        return paid[user] ? "paid" : "free";
    }

    boolean isPaid(int user) {
        return paid[user];
    }

    /** Changes the user's level; events written from now on carry it. */
    void setPaid(int user, boolean nowPaid) {
        paid[user] = nowPaid;
    }

    /**
     * Picks a user for a new session and marks them busy until {@link #endSession}. Prefers users
     * not already in a session, as real people rarely listen on two devices at once, but gives up
     * after a few draws rather than distort the skew.
     */
    int startSession(SplittableRandom random) {
        int user = activity.next(random);
        for (int attempt = 1; attempt < IDLE_ATTEMPTS && inSession[user]; attempt++) {
            user = activity.next(random);
        }
        inSession[user] = true;
        return user;
    }

    void endSession(int user) {
        inSession[user] = false;
    }
}
