package soundstage.cli;

/** Prints its arguments, one a line, and the launcher's path: a stand-in for the jar in tests of the launcher script. */
public final class PrintArguments {
    private PrintArguments() {
    }

    public static void main(String[] args) {
        System.out.println("launcher=" + System.getProperty("soundstage.launcher"));
        for (String arg : args) {
            System.out.println(arg);
        }
    }
}
