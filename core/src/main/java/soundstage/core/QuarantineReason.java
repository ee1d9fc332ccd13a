package soundstage.core;

/**
 * How the reasons in {@code meta.quarantine} read: what is wrong, then, after a colon, the value
 * or the detail that was wrong ({@code ts is not an integer of epoch milliseconds: 12abc}), so
 * that the text before the first colon names the kind of problem whatever the value. The status
 * command and the dashboard's API count rows by that kind.
 */
public final class QuarantineReason {
    private QuarantineReason() {
    }

    /** SQL (both dialects) for the kind of the reason in {@code column}: its text before the first colon, all of it when it has none. */
    public static String kindSql(String column) {
        return "CASE WHEN strpos(%1$s, ':') > 0 THEN left(%1$s, strpos(%1$s, ':') - 1) ELSE %1$s END".formatted(column);
    }
}
