package soundstage.cli;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import soundstage.core.QuarantineReason;
import soundstage.core.RunStatus;
import soundstage.core.Warehouse;
import soundstage.transform.ModelGraph;
import soundstage.transform.ModelRunner;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows the files ingested, the rows in each layer, the quarantine and the latest runs.",
                "Only reads. While another process writes, it reads PostgreSQL's last committed state, or on DuckDB the readers' "
                        + "snapshot, which exists once `serve` has run (without one it says so and exits 2)."})
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @ParentCommand
    Main main;

    /** A file of {@code meta.files} that was loaded and that no run has transformed yet. */
    static final String NOT_YET_RUN = "status = 'loaded' AND transformed_run_id IS NULL";

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Warehouse opened = main.warehouse().openReadOnly()) {
            Connection connection = opened.connection();
            out.println("warehouse: " + opened.address() + " (" + opened.dialect() + ")");
            // A file given again is registered again (a duplicate, at each ingest): counted once, as a file.
            section(connection, out, "files", """
                    SELECT kind, status, count(*) AS files, sum(rows) AS rows, sum(quarantined) AS quarantined,
                           sum(not_yet_run) AS not_yet_run, round(CAST(sum(size) / 1e6 AS NUMERIC), 1) AS mb
                    FROM (SELECT kind, status, sum(rows) AS rows, sum(quarantined) AS quarantined,
                                 count(*) FILTER (WHERE %s) AS not_yet_run, max(size) AS size
                          FROM meta.files GROUP BY kind, status, path, sha256) AS registered
                    GROUP BY kind, status ORDER BY kind, status""".formatted(NOT_YET_RUN));
            section(connection, out, "rows per layer", layerCounts(connection));
            // The files' "not_yet_run" counts staging's work: a run that stopped after staging left them counted as done.
            String lag = ModelRunner.lag(connection, ModelGraph.load(opened.dialect()));
            if (lag != null) {
                out.println("  " + lag + ".");
            }
            if (opened.dialect().equals("postgresql")) {
                unreadable(connection, out);
            }
            int reasons = section(connection, out, "quarantine", """
                    SELECT * FROM (
                        SELECT %s AS reason, count(*) AS rows, count(DISTINCT path) AS files
                        FROM meta.quarantine GROUP BY 1) AS counted
                    ORDER BY rows DESC, reason COLLATE "C\"""".formatted(QuarantineReason.kindSql("reason")));
            if (reasons > 0) {
                out.println("  see the rows: soundstage sql -w " + Shell.quote(opened.address())
                        + " \"SELECT path, line_no, reason, raw FROM meta.quarantine ORDER BY path, line_no\"");
            }
            boolean atWork = opened.writerAtWork();   // else a run still marked running was interrupted
            section(connection, out, "latest runs", """
                    SELECT run_id, command, %s AS status, %s AS started_at, round(CAST(extract(epoch FROM finished_at - started_at) AS NUMERIC), 1) AS seconds,
                           %s AS detail
                    FROM meta.runs ORDER BY run_id DESC LIMIT 5""".formatted(RunStatus.status(atWork), RunStatus.shownTime("started_at"), RunStatus.runDetail(atWork)));
        }
        return 0;
    }

    /**
     * PostgreSQL lists only the tables a user may read, so a reader granted meta alone saw the
     * layers as empty: says how many tables of them it may not read (a table of a schema it has
     * no USAGE of counts without being asked about: by name, the question itself was refused).
     */
    private static void unreadable(Connection connection, PrintWriter out) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("""
                     SELECT count(*) FILTER (WHERE NOT CASE WHEN has_schema_privilege(schemaname, 'USAGE')
                                                              THEN has_table_privilege(format('%I.%I', schemaname, tablename), 'SELECT') ELSE false END), current_user
                     FROM pg_catalog.pg_tables WHERE schemaname IN ('source', 'staging', 'central', 'analytics', 'dashboard')""")) {
            row.next();
            long hidden = row.getLong(1);
            if (hidden > 0) {
                out.println("  " + hidden + (hidden == 1 ? " table" : " tables") + " of the layers not shown: user " + row.getString(2)
                        + " may not read " + (hidden == 1 ? "it" : "them") + " (GRANT USAGE ON SCHEMA ... and SELECT ON ALL TABLES IN SCHEMA ... to show them)");
            }
        }
    }

    private static String layerCounts(Connection connection) throws SQLException {
        List<String> parts = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet tables = statement.executeQuery("""
                     SELECT table_schema, table_name FROM information_schema.tables
                     WHERE table_schema IN ('source', 'staging', 'central', 'analytics', 'dashboard') AND table_type = 'BASE TABLE'
                     ORDER BY CASE table_schema WHEN 'source' THEN 1 WHEN 'staging' THEN 2 WHEN 'central' THEN 3 WHEN 'analytics' THEN 4 ELSE 5 END, table_name""")) {
            while (tables.next()) {
                String schema = tables.getString(1);
                String table = tables.getString(2);
                parts.add("SELECT '" + schema + "' AS layer, '" + table + "' AS \"table\", count(*) AS rows, " + parts.size() + " AS ord FROM " + schema + "." + table);
            }
        }
        if (parts.isEmpty()) {   // none yet, or none this user may read (PostgreSQL lists only those)
            return "SELECT layer, \"table\", rows FROM (SELECT CAST(NULL AS VARCHAR) AS layer, CAST(NULL AS VARCHAR) AS \"table\", CAST(NULL AS BIGINT) AS rows) AS none "
                    + "WHERE layer IS NOT NULL";
        }
        return "SELECT layer, \"table\", rows FROM (" + String.join(" UNION ALL ", parts) + ") AS counts ORDER BY ord";
    }

    /** Prints a titled table of what {@code sql} returns (at most 50 rows); returns how many rows it printed. */
    private static int section(Connection connection, PrintWriter out, String title, String sql) throws SQLException {
        out.println();
        out.println(title + ":");
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return ResultPrinter.table(rows, out, 50);
        }
    }
}
