package soundstage.cli;

/** Command lines printed for the user to run, or written for Airflow to run. */
final class Shell {
    private Shell() {
    }

    /** {@code word} as one word of a POSIX shell command: as it is when it is plain, else in single quotes. */
    static String quote(String word) {
        return word.matches("[A-Za-z0-9_./:@%+=-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
