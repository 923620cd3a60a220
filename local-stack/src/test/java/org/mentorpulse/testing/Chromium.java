package org.mentorpulse.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium as installed by the system (Debian's {@code chromium} and {@code chromium-driver}; other paths
 * through {@code MENTORPULSE_CHROMIUM} and {@code MENTORPULSE_CHROMEDRIVER}), driven over WebDriver. Nothing is
 * downloaded: a missing browser is an error that says what to install.
 */
public final class Chromium implements AutoCloseable {
    /** axe-core's impact levels that fail a page */
    private static final Set<String> FAILING_IMPACTS = Set.of("serious", "critical");

    private final ChromeDriver driver;
    private final Path screenshots;

    private Chromium(ChromeDriver driver, Path screenshots) {
        this.driver = driver;
        this.screenshots = screenshots;
    }

    /** Starts the browser with a fresh profile under {@code workDir}; screenshots go to {@code workDir/screenshots}. */
    public static Chromium start(Path workDir) throws IOException {
        Path browser = installed("MENTORPULSE_CHROMIUM", "/usr/bin/chromium");
        Path chromedriver = installed("MENTORPULSE_CHROMEDRIVER", "/usr/bin/chromedriver");
        Path profile = Files.createDirectories(workDir.resolve("profile"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        // the sandbox cannot start as root (CI); the network flags stop Chromium from calling home, which a
        // closed network answers with errors
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().withLogFile(workDir.resolve("chromedriver.log").toFile()).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(60));
        return new Chromium(driver, Files.createDirectories(workDir.resolve("screenshots")));
    }

    private static Path installed(String variable, String defaultPath) {
        Path path = Path.of(System.getenv().getOrDefault(variable, defaultPath));
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(path + " is missing: the browser tests need Chromium and its WebDriver "
                    + "(Debian: apt-get install chromium chromium-driver; elsewhere set " + variable + ")");
        }
        return path;
    }

    public WebDriver driver() {
        return driver;
    }

    /** Saves what the window shows as {@code screenshots/<name>.png}. */
    public Path screenshot(String name) {
        Path target = screenshots.resolve(name + ".png");
        try {
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** Runs axe-core on the page and fails on any serious or critical violation, naming each with its elements. */
    public void assertAccessible(String page) {
        Results results = new AxeBuilder().analyze(driver);
        assertThat(results.isErrored()).as("axe-core ran on %s: %s", page, results.getErrorMessage()).isFalse();
        assertThat(results.getPasses()).as("axe-core checked rules on %s", page).isNotEmpty();
        List<String> failing = results.getViolations().stream()
                .filter(rule -> FAILING_IMPACTS.contains(rule.getImpact()))
                .map(Chromium::describe).toList();
        assertThat(failing).as("serious or critical accessibility violations on %s", page).isEmpty();
    }

    private static String describe(Rule rule) {
        return rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " at "
                + rule.getNodes().stream().map(n -> String.valueOf(n.getTarget())).collect(Collectors.joining(", "));
    }

    /**
     * The elements that reach past the window's right edge (on a phone, the page would scroll sideways), each as
     * its tag, id and classes and how far it reaches; empty when the page fits.
     */
    @SuppressWarnings("unchecked")
    public List<String> elementsWiderThanTheWindow() {
        Object found = ((JavascriptExecutor) driver).executeScript("""
                const width = document.documentElement.clientWidth;
                return Array.from(document.body.querySelectorAll('*'))
                    .filter(e => e.getBoundingClientRect().right > width + 0.5)
                    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                        + (typeof e.className === 'string' && e.className ? '.' + e.className.replace(/ +/g, '.') : '')
                        + ' reaches ' + Math.round(e.getBoundingClientRect().right) + ' of ' + width + ' px');
                """);
        return (List<String>) found;
    }

    public void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
