package soundstage.orchestrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestRunProgress {
    private final List<String> bar = new ArrayList<>();
    private final RunProgress progress = new RunProgress((done, total) -> bar.add(done + "/" + total), 4);

    @Test
    void eachTaskIsAnEqualShareAndTheCurrentTasksProgressFillsItsShare() {
        progress.update(50, 100);
        progress.taskEnded();
        progress.update(1, 4);
        progress.update(9, 4);     // more than its total: no more than its share
        progress.update(3, -1);    // unknown total: where it was
        progress.taskEnded();
        progress.taskEnded();
        progress.taskEnded();
        progress.taskEnded();      // more ends than tasks: stays at the end
        assertThat(bar).containsExactly("500/4000", "1000/4000", "1250/4000", "2000/4000", "1000/4000", "2000/4000", "3000/4000", "4000/4000", "4000/4000");
    }

    @Test
    void aRunWithoutTasksIsNotADivisionByZero() {
        RunProgress empty = new RunProgress((done, total) -> bar.add(done + "/" + total), 0);
        empty.taskEnded();
        assertThat(bar).containsExactly("1000/1000");
    }
}
