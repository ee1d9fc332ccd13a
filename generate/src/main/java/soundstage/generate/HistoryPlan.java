package soundstage.generate;

/**
 * Which listening days hold a listener's lifetime history: every play of days {@code firstDay} to
 * {@code lastDay}, except the first {@code skippedOnFirstDay} plays of the first day, so that the
 * history holds exactly {@code plays} plays.
 *
 * @param firstDay epoch day of the first listening day
 * @param skippedOnFirstDay plays of the first day left out
 * @param lastDay epoch day of the last listening day
 * @param plays plays in the history
 */
record HistoryPlan(long firstDay, int skippedOnFirstDay, long lastDay, long plays) {}
