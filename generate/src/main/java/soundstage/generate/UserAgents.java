package soundstage.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Browser strings from the public logs, with their weights, read from {@code user-agents.tsv}.
 *
 * <p>The public logs wrap a user agent in literal double quotes exactly when it contains a comma
 * (a leftover of CSV quoting), so {@code "\"Mozilla/5.0 (...KHTML, like Gecko...)\""} but bare
 * {@code "Mozilla/5.0 (Windows NT 6.1; WOW64; rv:31.0) Gecko/20100101 Firefox/31.0"}. The weights
 * make the bare ones about 10% of users.
 */
final class UserAgents {

    private final List<String> agents = new ArrayList<>();
    private final int[] cumulativeWeights;

    UserAgents() {
        List<String> lines = WordList.load("user-agents.tsv").words();
        cumulativeWeights = new int[lines.size()];
        int total = 0;
        for (int i = 0; i < lines.size(); i++) {
            String[] fields = lines.get(i).split("\t");
            total += Integer.parseInt(fields[0]);
            cumulativeWeights[i] = total;
            agents.add(asLogged(fields[1]));
        }
    }

    /** {@code agent} as the public logs write it: quoted when it contains a comma. */
    static String asLogged(String agent) {
        return agent.indexOf(',') >= 0 ? '"' + agent + '"' : agent;
    }

    /** A user agent, as logged, chosen by weight. */
    String pick(SplittableRandom random) {
        int target = random.nextInt(cumulativeWeights[cumulativeWeights.length - 1]);
        int i = 0;
        while (cumulativeWeights[i] <= target) {
            i++;
        }
        return agents.get(i);
    }
}
