package soundstage.generate;

import java.util.SplittableRandom;

/**
 * Chooses the next page of a session, with shares close to the public Sparkify logs: NextSong
 * about 80% of events, then Thumbs Up, Home, Add to Playlist, Add Friend, Roll Advert (free users
 * only), Logout, Thumbs Down, Downgrade (paid users), Settings, Help, Upgrade (free users), About,
 * Save Settings, Error, and the rare Submit Upgrade and Submit Downgrade.
 *
 * <p>A few pages follow others, as they do in the app: Submit Upgrade only right after Upgrade,
 * Submit Downgrade only right after Downgrade, Save Settings mostly after Settings. Logged-out
 * users only see Home, About, Help and Login; NextSong is never chosen for them.
 */
final class PageMix {

    /** Chance that a free user on the Upgrade page submits it. */
    static final double UPGRADE_SUBMIT_RATE = 0.30;

    /** Chance that a paid user on the Downgrade page submits it. */
    static final double DOWNGRADE_SUBMIT_RATE = 0.05;

    /** Chance that Settings is followed by Save Settings. */
    private static final double SAVE_AFTER_SETTINGS_RATE = 0.20;

    /** Chance that a logged-in stretch opens on Home rather than on any page. */
    private static final double OPEN_ON_HOME_RATE = 0.30;

    /** Chance that a logged-out user goes to Login next, once on a page already. */
    private static final double LOGIN_RATE = 0.60;

    /** Where logged-out visitors go otherwise: mostly Home, then About or Help alike. */
    private static final double LOGGED_OUT_HOME_RATE = 0.80;

    // Relative weights per 10,000 events, after the mini Sparkify dataset. The level-specific pages
    // (Roll Advert, Upgrade for free; Downgrade for paid) are why there are two tables.
    private static final Page[] PAGES = {
        Page.NEXT_SONG, Page.THUMBS_UP, Page.HOME, Page.ADD_TO_PLAYLIST, Page.ADD_FRIEND,
        Page.ROLL_ADVERT, Page.LOGOUT, Page.THUMBS_DOWN, Page.DOWNGRADE, Page.SETTINGS, Page.HELP,
        Page.UPGRADE, Page.ABOUT, Page.SAVE_SETTINGS, Page.ERROR
    };
    private static final int[] FREE_WEIGHTS = {
        7_900, 400, 250, 220, 150, 500, 110, 100, 0, 55, 55, 60, 20, 5, 10
    };
    private static final int[] PAID_WEIGHTS = {
        8_500, 460, 250, 240, 150, 0, 110, 90, 90, 55, 50, 0, 15, 5, 10
    };

    private final int[] freeCumulative = cumulative(FREE_WEIGHTS);
    private final int[] paidCumulative = cumulative(PAID_WEIGHTS);

    /**
     * The next page.
     *
     * @param loggedIn whether the user is logged in now
     * @param paid whether the user is on the paid level now
     * @param previous the page before, or null at the start of a session or right after Login
     */
    Page next(boolean loggedIn, boolean paid, Page previous, SplittableRandom random) {
        if (!loggedIn) {
            return loggedOut(previous, random);
        }
        if (previous == null) {
            if (random.nextDouble() < OPEN_ON_HOME_RATE) {
                return Page.HOME;
            }
        } else if (previous == Page.UPGRADE && !paid) {
            if (random.nextDouble() < UPGRADE_SUBMIT_RATE) {
                return Page.SUBMIT_UPGRADE;
            }
        } else if (previous == Page.DOWNGRADE && paid) {
            if (random.nextDouble() < DOWNGRADE_SUBMIT_RATE) {
                return Page.SUBMIT_DOWNGRADE;
            }
        } else if (previous == Page.SETTINGS) {
            if (random.nextDouble() < SAVE_AFTER_SETTINGS_RATE) {
                return Page.SAVE_SETTINGS;
            }
        }
        int[] table = paid ? paidCumulative : freeCumulative;
        int target = random.nextInt(table[table.length - 1]);
        int i = 0;
        while (table[i] <= target) {
            i++;
        }
        return PAGES[i];
    }

    private static Page loggedOut(Page previous, SplittableRandom random) {
        // A visitor lands on a page first, then most go on to log in.
        boolean landed = previous != null && previous != Page.LOGOUT;
        double draw = random.nextDouble();
        if (landed && draw < LOGIN_RATE) {
            return Page.LOGIN;
        }
        draw = random.nextDouble();
        if (draw < LOGGED_OUT_HOME_RATE) {
            return Page.HOME;
        }
        return draw < (1 + LOGGED_OUT_HOME_RATE) / 2 ? Page.ABOUT : Page.HELP;
    }

    private static int[] cumulative(int[] weights) {
        int[] sums = new int[weights.length];
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            sums[i] = sum;
        }
        return sums;
    }
}
