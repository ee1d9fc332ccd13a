package soundstage.core;

/**
 * A problem the user can fix: a missing path, a bad option, a warehouse that cannot be opened.
 * The message is one complete sentence that says what is wrong and what to do; the CLI prints it
 * without a stack trace and exits with code 2.
 */
public class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserException(String message) {
        super(message);
    }

    public UserException(String message, Throwable cause) {
        super(message, cause);
    }
}
