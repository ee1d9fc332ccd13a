package soundstage.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import soundstage.core.FileKind;
import soundstage.core.OpenOptions;
import soundstage.core.Progress;
import soundstage.core.ReadPool;
import soundstage.core.Warehouse;
import soundstage.core.WarehouseFactory;
import soundstage.transform.Pipeline;

/**
 * The dashboard in a real browser: Debian's headless Chromium, driven through chromedriver by
 * Selenium, on generated data of both sources. Waits until the charts have rendered with data,
 * checks the numbers shown against SQL on the warehouse, changes the filters and sees the numbers
 * follow, and saves screenshots of every page under {@code target/dashboard-screenshots}.
 * ./run-tests installs the browser where it can (scripts/test-browser); without it the test is
 * skipped with one line, except in CI, where it must run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestDashboardBrowser {
    static final String CHROMIUM = System.getProperty("soundstage.test.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("soundstage.test.chromedriver", "/usr/bin/chromedriver");
    static final String HOW = "Browser test skipped: run ./run-tests (it installs Debian's chromium and chromium-driver) or apt-get install chromium chromium-driver.";

    @TempDir
    static Path dir;
    private ReadPool pool;
    private DashboardServer server;
    private WebDriver browser;
    private URI base;
    private String address;

    @BeforeAll
    void start() throws Exception {
        if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
            if ("true".equals(System.getenv("CI"))) {
                fail(CHROMIUM + " or " + CHROMEDRIVER + " is missing in CI, where the browser test must run; .ci/run calls ./run-tests, which installs them.");
            }
            System.err.println(HOW);
            Assumptions.abort(HOW);
        }
        address = dir.resolve("browser.duckdb").toString();
        DashboardFixture.load(address, dir);
        pool = WarehouseFactory.openReadPoolAny(address, OpenOptions.DEFAULTS, 4);
        server = DashboardServer.start(pool, new DashboardServer.Settings("127.0.0.1", 0, Optional.empty()), line -> { });
        base = server.url();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--window-size=1400,2400");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, Level.ALL.getName()));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void showsTheWarehousesNumbersAndFollowsTheFilters() throws Exception {
        browser.get(base.toString());
        int refreshes = waitUntilReady(0);

        // Everything, both sources: the numbers on screen are the warehouse's.
        assertThat(number("kpi-plays")).isEqualTo(sqlLong("SELECT count(*) FROM analytics.songplays"));
        assertThat(number("kpi-listeners")).isEqualTo(sqlLong("SELECT count(DISTINCT user_id) FROM analytics.songplays"));
        long chartedPlays = ((Number) script("return Chart.getChart('chart-activity').data.datasets[0].data.reduce((a, b) => a + b, 0)")).longValue();
        assertThat(chartedPlays).isEqualTo(number("kpi-plays"));
        assertThat(((Number) script("return Chart.getChart('chart-gender').data.datasets[0].data.length")).intValue()).isPositive();
        assertThat(firstRow("table-top-songs")).containsExactlyElementsOf(sqlRow("""
                SELECT song_title, artist_name, count(*) AS plays FROM analytics.songplays WHERE song_title IS NOT NULL
                GROUP BY song_title, artist_name ORDER BY plays DESC, song_title COLLATE "C", artist_name COLLATE "C" LIMIT 1"""));
        assertThat(browser.findElements(By.cssSelector("#heatmap td[data-plays]"))).hasSize(7 * 24);
        assertThat(browser.findElement(By.cssSelector("a.csv[data-csv='top-songs']")).getAttribute("href")).contains("format=csv");
        // A chart's CSV holds the rows the chart shows (the location chart's ten, not the API's default twenty).
        assertThat(browser.findElement(By.cssSelector("a.csv[data-extra^='by=location']")).getAttribute("href")).contains("by=location", "limit=10");
        screenshot("overview");

        // Spotify only.
        new Select(browser.findElement(By.id("filter-source"))).selectByValue("spotify");
        refreshes = waitUntilReady(refreshes);
        assertThat(number("kpi-plays")).isEqualTo(sqlLong("SELECT count(*) FROM analytics.songplays WHERE source = 'spotify'"));

        // Sparkify, four days.
        new Select(browser.findElement(By.id("filter-source"))).selectByValue("sparkify");
        refreshes = waitUntilReady(refreshes);
        script("const from = document.getElementById('filter-from'); from.value = '2018-11-03'; "
                + "const to = document.getElementById('filter-to'); to.value = '2018-11-06'; to.dispatchEvent(new Event('change'));");
        refreshes = waitUntilReady(refreshes);
        long fourDays = sqlLong("SELECT count(*) FROM analytics.songplays WHERE source = 'sparkify' "
                + "AND start_time >= DATE '2018-11-03' AND start_time < DATE '2018-11-07'");
        assertThat(number("kpi-plays")).isEqualTo(fourDays).isLessThan(sqlLong("SELECT count(*) FROM analytics.songplays WHERE source = 'sparkify'"));
        assertThat(((Number) script("return Chart.getChart('chart-activity').data.labels.length")).intValue()).isEqualTo(4);
        screenshot("overview-filtered");

        // A range the API refuses (its start after its end): the error, and the numbers of the last
        // range greyed out, not shown as this one's; a good range again brings them back.
        script("const from = document.getElementById('filter-from'); from.value = '2018-11-09'; from.dispatchEvent(new Event('change'));");
        refreshes = waitUntilReady(refreshes);
        assertThat(browser.findElement(By.id("error")).getText()).isEqualTo("Could not load the data: 'from' (2018-11-09) is after 'to' (2018-11-06); "
                + "give a range whose start is not after its end");
        assertThat(browser.findElement(By.id("page-overview")).getAttribute("class")).contains("stale");
        script("const from = document.getElementById('filter-from'); from.value = '2018-11-03'; from.dispatchEvent(new Event('change'));");
        refreshes = waitUntilReady(refreshes);
        assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("page-overview")).getAttribute("class")).doesNotContain("stale");
        assertThat(number("kpi-plays")).isEqualTo(fourDays);

        browser.findElement(By.cssSelector("nav a[data-page='listening']")).click();
        new Select(browser.findElement(By.id("filter-source"))).selectByValue("all");
        browser.findElement(By.id("filter-reset")).click();
        refreshes = waitUntilReady(refreshes);
        assertThat(((Number) script("return Chart.getChart('chart-platforms').data.datasets[0].data.length")).intValue()).isPositive();
        screenshot("listening");

        browser.findElement(By.cssSelector("nav a[data-page='pipeline']")).click();
        waitUntilReady(refreshes);
        assertThat(browser.findElements(By.cssSelector("#table-runs tbody tr"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#table-rejected tbody tr"))).isNotEmpty();
        screenshot("pipeline");

        // Per week: the activity chart's CSV is per week too (it was per day whatever the chart showed).
        browser.findElement(By.cssSelector("nav a[data-page='overview']")).click();
        refreshes = waitUntilReady(refreshes);
        new Select(browser.findElement(By.id("activity-grain"))).selectByValue("week");
        refreshes = waitUntilReady(refreshes);
        assertThat(browser.findElement(By.cssSelector("a.csv[data-csv='activity']")).getAttribute("href")).contains("grain=week");

        // A run after the page loaded adds days: "All days" reaches them (it kept the range of the page's load).
        LocalDate later = LocalDate.parse(browser.findElement(By.id("filter-to")).getAttribute("value")).plusDays(3);
        try (Warehouse writer = WarehouseFactory.openAny(address)) {
            writer.ingest(FileKind.SPARKIFY_EVENTS, List.of(DashboardFixture.extraDay(dir, later, 4)), Progress.NONE);
            assertThat(new Pipeline(writer).run().passed()).isTrue();
        }
        browser.findElement(By.id("filter-reset")).click();
        refreshes = waitUntilReady(refreshes);
        assertThat(browser.findElement(By.id("filter-to")).getAttribute("value")).isEqualTo(later.toString());
        assertThat(number("kpi-plays")).isEqualTo(sqlLong("SELECT count(*) FROM analytics.songplays"));

        assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
        List<String> problems = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            // (the browser's own line for each 400 of the refused range above is expected)
            if (entry.getLevel().intValue() >= Level.WARNING.intValue() && !entry.getMessage().contains("from=2018-11-09&to=2018-11-06")) {
                problems.add(entry.getMessage());
            }
        }
        assertThat(problems).as("browser console").isEmpty();
    }

    /** Waits until the page finished a refresh after the {@code seen}-th; returns the count. */
    private int waitUntilReady(int seen) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> {
            WebElement body = driver.findElement(By.tagName("body"));
            return "ready".equals(body.getAttribute("data-state")) && Integer.parseInt(body.getAttribute("data-refreshes")) > seen;
        });
        return Integer.parseInt(browser.findElement(By.tagName("body")).getAttribute("data-refreshes"));
    }

    private long number(String id) {
        return Long.parseLong(browser.findElement(By.id(id)).getText().replace(",", ""));
    }

    private List<String> firstRow(String table) {
        List<String> cells = new ArrayList<>();
        for (WebElement cell : browser.findElements(By.cssSelector("#" + table + " tbody tr:first-child td"))) {
            cells.add(cell.getText().replace(",", ""));
        }
        return cells.subList(0, 3);
    }

    private Object script(String code) {
        return ((JavascriptExecutor) browser).executeScript(code);
    }

    private long sqlLong(String query) throws Exception {
        return Long.parseLong(sqlRow(query).get(0));
    }

    private List<String> sqlRow(String query) throws Exception {
        return pool.read(connection -> {
            List<String> values = new ArrayList<>();
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(query)) {
                rows.next();
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    values.add(rows.getString(i));
                }
            }
            return values;
        });
    }

    private void screenshot(String name) throws Exception {
        Path folder = Path.of("target", "dashboard-screenshots");
        Files.createDirectories(folder);
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), folder.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
