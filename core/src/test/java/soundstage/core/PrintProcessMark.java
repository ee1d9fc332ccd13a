package soundstage.core;

/** Prints this process's {@link ProcessMark#machine()}, for tests that compare it with another process's. */
public final class PrintProcessMark {
    private PrintProcessMark() {
    }

    public static void main(String[] args) {
        System.out.println(ProcessMark.machine());
    }
}
