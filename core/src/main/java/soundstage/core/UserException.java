package soundstage.core;

/**
 * A problem the user can fix: a missing path, a bad option, a warehouse that cannot be opened.
 * The message is one complete sentence that says what is wrong and what to do; the CLI prints it
 * without a stack trace and exits with code 2.
 */
public class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean mayPass;

    public UserException(String message) {
        this(message, null, false);
    }

    public UserException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private UserException(String message, Throwable cause, boolean mayPass) {
        super(message, cause);
        this.mayPass = mayPass;
    }

    /**
     * A problem that may pass by itself, such as a store that cannot be reached or is overloaded:
     * the user's fix is to wait or check the service, and a scheduled run's task tries it again.
     */
    public static UserException mayPass(String message, Throwable cause) {
        return new UserException(message, cause, true);
    }

    /** Whether this problem may pass by itself (see {@link #mayPass(String, Throwable)}). */
    public boolean mayPass() {
        return mayPass;
    }
}
