package soundstage.generate;

import java.io.IOException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A listener's lifetime of plays, generated one listening day at a time and never held in memory:
 * every export is written by {@link #replay replaying} the part of the history it covers.
 *
 * <p>Contracts:
 *
 * <ul>
 *   <li><b>Days are independent.</b> A day's plays come from a random stream seeded by the
 *       listener's seed and the day alone, so a window of the history is generated without the
 *       days before it, and the same window always gives the same plays.
 *   <li><b>Time ordered.</b> A listening day starts at 04:00 home time (standard time); its plays
 *       start and end within it, each starting after the one before ended, so a replay is in time
 *       order and a play's end ({@code ts}) belongs to the day it was generated for.
 *   <li><b>Realistic.</b> About {@value #PLAYS_PER_DAY} plays a day on average, quiet days,
 *       busier weekends; sessions on one device; albums played through; skips, more with shuffle;
 *       {@linkplain #SKIP_BURST_RATE skip bursts} (one track restarted a few times within a
 *       minute); podcast, video and, from {@link #AUDIOBOOKS_SINCE}, audiobook sessions; pauses
 *       (end minus start longer than {@code ms_played}); offline and private sessions; weeks
 *       abroad.
 * </ul>
 */
final class ListeningHistory {

    /** Plays per day, quiet days included, until the span reaches {@link #LONGEST_SPAN_DAYS}. */
    static final int PLAYS_PER_DAY = 35;

    /** Beyond this span (about 13.7 years) more plays make busier days instead. */
    static final int LONGEST_SPAN_DAYS = 5_000;

    /** Share of days without any play. */
    static final double QUIET_DAY_RATE = 0.10;

    /**
     * Share of music plays preceded by a skip burst: the listener restarts the track two to five
     * times, a few seconds each, before letting it play. Several plays of one track ending in the
     * same minute are what the account data's streaming history collapses into one row.
     */
    static final double SKIP_BURST_RATE = 0.015;

    /** Share of music plays Spotify no longer has metadata for: track and episode fields null. */
    static final double NO_METADATA_RATE = 0.003;

    static final double PODCAST_SESSION_RATE = 0.08;
    static final double VIDEO_SESSION_RATE = 0.015;
    static final double AUDIOBOOK_SESSION_RATE = 0.03;
    static final double OFFLINE_SESSION_RATE = 0.06;
    static final double INCOGNITO_SESSION_RATE = 0.01;

    /** Share of sessions whose plays have an {@code offline_timestamp} of 0. */
    static final double ZERO_OFFLINE_TIMESTAMP_RATE = 0.05;

    /** Audiobooks in Premium; no chapter is played before. */
    static final LocalDate AUDIOBOOKS_SINCE = LocalDate.of(2023, 10, 1);

    /** Plays before this day name the city and coordinates (the oldest format shows them). */
    static final LocalDate GEO_UNTIL = LocalDate.of(2018, 1, 1);

    private static final long SECOND = 1_000;
    private static final long HOUR = 3_600_000;
    private static final long DAY = 24 * HOUR;

    private static final int PLAYS_PER_SESSION = 15;
    private static final int MOST_SESSIONS = 12;
    private static final long FIRST_SESSION_AFTER = 2 * HOUR + HOUR / 2;
    private static final long SESSION_STARTS_WITHIN = 18 * HOUR + HOUR / 2;
    private static final long LAST_PLAY_STARTS_BEFORE = 23 * HOUR;
    private static final double PAUSE_RATE = 0.03;
    private static final double LONG_FORM_PAUSE_RATE = 0.25;
    private static final long DAY_SALT = 1;

    private final SpotifyListener listener;
    private final ListeningHabits habits;
    private final SpotifyCatalogue catalogue;
    private final ZipfSampler artistTaste;
    private final double playsPerActiveDay;
    private final long dayStartOffset;
    private final long audiobooksSinceDay = AUDIOBOOKS_SINCE.toEpochDay();
    private final long geoUntilDay = GEO_UNTIL.toEpochDay();

    /**
     * @param artistTaste ranks of the listener's favourite artists; shared, it is immutable
     * @param plays plays of the whole history: decides how busy a day is
     */
    ListeningHistory(
            SpotifyListener listener,
            ListeningHabits habits,
            SpotifyCatalogue catalogue,
            ZipfSampler artistTaste,
            long plays) {
        this.listener = listener;
        this.habits = habits;
        this.catalogue = catalogue;
        this.artistTaste = artistTaste;
        this.playsPerActiveDay = plays / (double) spanDays(plays) / (1 - QUIET_DAY_RATE);
        this.dayStartOffset = (4 - listener.home().utcOffsetHours()) * HOUR;
    }

    /** About how many days a history of {@code plays} plays spans. */
    static long spanDays(long plays) {
        return Math.max(1, Math.min(LONGEST_SPAN_DAYS, Math.round(plays / (double) PLAYS_PER_DAY)));
    }

    /** Epoch milliseconds at which listening day {@code day} (an epoch day) starts. */
    long dayStart(long day) {
        return day * DAY + dayStartOffset;
    }

    /**
     * Works out the days of a history of {@code plays} plays ending on listening day {@code
     * lastDay}: generates days backwards from it until they hold enough plays.
     */
    HistoryPlan plan(long lastDay, long plays) throws IOException {
        long remaining = plays;
        long[] count = new long[1];
        for (long day = lastDay; ; day--) {
            count[0] = 0;
            playDay(day, play -> count[0]++);
            if (count[0] >= remaining) {
                return new HistoryPlan(day, (int) (count[0] - remaining), lastDay, plays);
            }
            remaining -= count[0];
        }
    }

    /**
     * Generates the plays of {@code plan} that end in {@code [fromMillis, toMillis)}, in time order,
     * generating only the days that can hold them.
     */
    void replay(HistoryPlan plan, long fromMillis, long toMillis, PlaySink sink) throws IOException {
        long first = fromMillis <= dayStart(plan.firstDay())
                ? plan.firstDay()
                : Math.max(plan.firstDay(), Math.floorDiv(fromMillis - dayStartOffset, DAY));
        long last = toMillis > dayStart(plan.lastDay() + 1)
                ? plan.lastDay()
                : Math.min(plan.lastDay(), Math.floorDiv(toMillis - 1 - dayStartOffset, DAY));
        int[] skip = new int[1];
        for (long day = first; day <= last; day++) {
            skip[0] = day == plan.firstDay() ? plan.skippedOnFirstDay() : 0;
            playDay(day, play -> {
                if (skip[0] > 0) {
                    skip[0]--;
                } else if (play.endMillis() >= fromMillis && play.endMillis() < toMillis) {
                    sink.accept(play);
                }
            });
        }
    }

    private void playDay(long day, PlaySink sink) throws IOException {
        SplittableRandom random = new SplittableRandom(SeedMixer.mix(listener.historySeed(), day, DAY_SALT));
        if (random.nextDouble() < QUIET_DAY_RATE) {
            return;
        }
        DayOfWeek weekday = LocalDate.ofEpochDay(day).getDayOfWeek();
        double weekFactor = weekday == DayOfWeek.SATURDAY || weekday == DayOfWeek.SUNDAY ? 1.2 : 0.92;
        double busy = 0.3 + 1.4 * random.nextDouble();
        int target = (int) Math.max(1, Math.round(playsPerActiveDay * weekFactor * busy));
        int sessions = (int) Math.max(1, Math.min(MOST_SESSIONS,
                Math.round(target / (double) PLAYS_PER_SESSION * (0.5 + random.nextDouble()))));
        long[] starts = new long[sessions];
        for (int i = 0; i < sessions; i++) {
            starts[i] = dayStart(day) + FIRST_SESSION_AFTER + random.nextLong(SESSION_STARTS_WITHIN);
        }
        Arrays.sort(starts);
        Day listening = new Day(day, random, sink);
        for (int i = 0; i < sessions && listening.played < target; i++) {
            int left = target - listening.played;
            double share = left / (double) (sessions - i) * (0.5 + random.nextDouble());
            int plays = i == sessions - 1 ? left : (int) Math.max(1, Math.round(share));
            long start = Math.max(starts[i], listening.now + 30 * SECOND + random.nextLong(600 * SECOND));
            if (start >= listening.lastStart) {
                break;
            }
            listening.session(start, plays);
        }
    }

    /** One day being generated: its random stream, the clock, and the session in progress. */
    private final class Day {
        private final long day;
        private final SplittableRandom random;
        private final PlaySink sink;
        private final long end;
        private final long lastStart;
        private long now;
        private int played;

        private SpotifyDevice device;
        private SpotifyCountry country;
        private String ip;
        private boolean shuffle;
        private boolean offline;
        private boolean zeroOfflineTimestamp;
        private boolean incognito;
        private boolean geo;
        private long sessionStart;
        private String reasonStart;
        private int lastTrack;

        Day(long day, SplittableRandom random, PlaySink sink) {
            this.day = day;
            this.random = random;
            this.sink = sink;
            this.now = dayStart(day);
            this.end = dayStart(day + 1);
            this.lastStart = dayStart(day) + LAST_PLAY_STARTS_BEFORE;
        }

        void session(long start, int plays) throws IOException {
            now = start;
            sessionStart = start;
            device = habits.device(day, random);
            country = habits.country(day);
            ip = habits.ipAddress(device, country, day, random);
            shuffle = random.nextDouble() < habits.shuffleShare();
            offline = device.canGoOffline() && random.nextDouble() < OFFLINE_SESSION_RATE;
            zeroOfflineTimestamp = random.nextDouble() < ZERO_OFFLINE_TIMESTAMP_RATE;
            incognito = random.nextDouble() < INCOGNITO_SESSION_RATE;
            geo = day < geoUntilDay || random.nextDouble() < 0.02;
            reasonStart = firstReasonStart();
            lastTrack = -1;
            double kind = random.nextDouble();
            if (kind < PODCAST_SESSION_RATE) {
                episodes(catalogue.audioShow(habits.audioShow(random)));
            } else if (kind < PODCAST_SESSION_RATE + VIDEO_SESSION_RATE) {
                episodes(catalogue.videoShow(habits.videoShow(random)));
            } else if (kind < PODCAST_SESSION_RATE + VIDEO_SESSION_RATE + AUDIOBOOK_SESSION_RATE
                    && day >= audiobooksSinceDay) {
                chapters(catalogue.audiobook(habits.audiobook(day)));
            } else {
                music(plays);
            }
        }

        private String firstReasonStart() {
            if (device.kind() == SpotifyDevice.Kind.SPEAKER) {
                return "remote";
            }
            int draw = random.nextInt(100);
            if (draw < 40) {
                return "clickrow";
            }
            return draw < 65 ? "playbtn" : draw < 85 ? "appload" : draw < 95 ? "trackdone" : "remote";
        }

        private void music(int plays) throws IOException {
            for (int i = 0; i < plays && now < lastStart; i++) {
                boolean last = i == plays - 1;
                if (random.nextDouble() < NO_METADATA_RATE) {
                    emit(null, random.nextInt(30_000), last ? "endplay" : "trackerror", false, 0);
                    continue;
                }
                SpotifyItem track = catalogue.track(nextTrack());
                if (!last && random.nextDouble() < SKIP_BURST_RATE) {
                    restarts(track);
                }
                if (now < lastStart) {
                    playTrack(track, last);
                }
                if (random.nextInt(100) == 0) {
                    shuffle = !shuffle;
                }
            }
        }

        /** The next track: on through the album without shuffle, else a favourite artist's. */
        private int nextTrack() {
            if (lastTrack >= 0 && !shuffle && random.nextBoolean()) {
                int next = catalogue.nextOnAlbum(lastTrack);
                if (next >= 0) {
                    return lastTrack = next;
                }
            }
            int artist = habits.artist(artistTaste.next(random), day);
            return lastTrack = catalogue.pickTrack(artist, random);
        }

        /** A skip burst: the track started two to five times, a few seconds each. */
        private void restarts(SpotifyItem track) throws IOException {
            int times = 2 + random.nextInt(4);
            for (int i = 0; i < times && now < lastStart; i++) {
                String reasonEnd = random.nextInt(10) < 7 ? "backbtn" : "clickrow";
                emit(track, 1_500 + random.nextInt(10_500), reasonEnd, false, 0);
            }
        }

        private void playTrack(SpotifyItem track, boolean last) throws IOException {
            long length = track.durationMs();
            double draw = random.nextDouble();
            if (last) {
                if (draw < 0.3) {
                    emit(track, whole(length), "trackdone", false, PAUSE_RATE);
                } else {
                    String end = draw < 0.8 ? "endplay" : draw < 0.9 ? "logout" : "unexpected-exit-while-paused";
                    emit(track, part(length), end, false, PAUSE_RATE);
                }
                return;
            }
            double skip = shuffle ? 0.30 : 0.20;
            if (draw < skip) {
                emit(track, early(length), "fwdbtn", true, 0);
            } else if (draw < skip + 0.03) {
                emit(track, part(length), "backbtn", false, PAUSE_RATE);
            } else if (draw < skip + 0.07) {
                emit(track, part(length), "clickrow", false, PAUSE_RATE);
            } else if (draw < skip + 0.075) {
                emit(track, part(length), "unexpected-exit", false, 0);
            } else {
                emit(track, whole(length), "trackdone", false, PAUSE_RATE);
            }
        }

        private void episodes(SpotifyItem[] show) throws IOException {
            int episode = random.nextInt(show.length);
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count && now < lastStart; i++) {
                SpotifyItem item = show[(episode + i) % show.length];
                long length = item.durationMs();
                double draw = random.nextDouble();
                if (draw < 0.45) {
                    emit(item, whole(length), "trackdone", false, LONG_FORM_PAUSE_RATE);
                } else if (draw < 0.55) {
                    emit(item, early(length), "fwdbtn", true, 0);
                } else {
                    String end = i == count - 1 ? "endplay" : "clickrow";
                    emit(item, part(length), end, false, LONG_FORM_PAUSE_RATE);
                }
            }
        }

        private void chapters(SpotifyItem[] book) throws IOException {
            // A month per book: the chapter reached depends on the day of the month.
            int chapter = (int) (Math.floorMod(day, 30) * book.length / 30);
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count && chapter + i < book.length && now < lastStart; i++) {
                SpotifyItem item = book[chapter + i];
                boolean whole = random.nextDouble() < 0.7;
                emit(item, whole ? whole(item.durationMs()) : part(item.durationMs()),
                        whole ? "trackdone" : "endplay", false, LONG_FORM_PAUSE_RATE);
            }
        }

        private long whole(long length) {
            return Math.max(0, length - random.nextInt(300));
        }

        private long part(long length) {
            return (long) (length * (0.1 + 0.85 * random.nextDouble()));
        }

        /** Skips come early: most in the first half minute. */
        private long early(long length) {
            double u = random.nextDouble();
            return Math.min(length, 500 + (long) (u * u * 90_000));
        }

        /** Plays {@code item} now, for {@code msPlayed} (less if the day ends), maybe paused. */
        private void emit(
                SpotifyItem item, long msPlayed, String reasonEnd, boolean skipped, double pauseRate)
                throws IOException {
            long start = now;
            long pause = random.nextDouble() < pauseRate ? 5 * SECOND + random.nextLong(900 * SECOND) : 0;
            long playEnd = Math.min(start + msPlayed + pause, end - 1);
            long offlineTimestamp = zeroOfflineTimestamp ? 0 : offline ? sessionStart : start;
            long listened = Math.min(msPlayed, playEnd - start);
            sink.accept(new SpotifyPlay(playEnd, listened, item, device, country, ip, reasonStart, reasonEnd,
                    shuffle, skipped, offline, offlineTimestamp, incognito, geo));
            played++;
            reasonStart = reasonStartAfter(reasonEnd);
            // The next item starts at once after a track ends by itself, a little later otherwise.
            now = playEnd + (reasonEnd.equals("trackdone") ? random.nextInt(400) : 100 + random.nextInt(2_400));
        }
    }

    /** What the next play's {@code reason_start} is after a play ended for {@code reasonEnd}. */
    private static String reasonStartAfter(String reasonEnd) {
        return switch (reasonEnd) {
            case "unexpected-exit", "unexpected-exit-while-paused", "logout" -> "appload";
            case "endplay" -> "playbtn";
            default -> reasonEnd; // trackdone, fwdbtn, backbtn, clickrow, trackerror
        };
    }
}
