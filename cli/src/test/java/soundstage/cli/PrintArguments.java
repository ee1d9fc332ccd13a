package soundstage.cli;

/** Prints the launcher's path, the temporary folder and its arguments, one a line: a stand-in for the jar in tests of the launcher script. */
public final class PrintArguments {
    private PrintArguments() {
    }

    public static void main(String[] args) {
        System.out.println("launcher=" + System.getProperty("soundstage.launcher"));
        System.out.println("tmpdir=" + System.getProperty("java.io.tmpdir"));
        for (String arg : args) {
            System.out.println(arg);
        }
    }
}
