package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for the browser tests: Debian's {@code chromium} and {@code chromium-driver} (or the
 * binaries {@code CHROME_BIN} and {@code CHROMEDRIVER} name). Without them a test is skipped with the reason
 * printed, except in CI (the variable {@code CI} set), where a missing browser fails the test:
 * {@code .ci/run} installs them.
 */
final class Chromium {
    private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private Chromium() {
    }

    /** A headless browser with a window {@code width} x {@code height}; skips (or, in CI, fails) without one. */
    static ChromeDriver start(int width, int height) {
        Optional<Path> browser = find("CHROME_BIN", BROWSERS);
        Optional<Path> driver = find("CHROMEDRIVER", DRIVERS);
        if (browser.isEmpty() || driver.isEmpty()) {
            String reason = "no Chromium found (looked for " + (browser.isEmpty() ? "the browser in $CHROME_BIN, " + BROWSERS : "")
                    + (browser.isEmpty() && driver.isEmpty() ? " and " : "")
                    + (driver.isEmpty() ? "the driver in $CHROMEDRIVER, " + DRIVERS : "")
                    + "): the dashboard's browser tests are skipped; apt-get install chromium chromium-driver to run them";
            if (System.getenv("CI") != null) {
                fail(reason + " — and CI must run them");
            }
            System.out.println("[browser tests] " + reason);
            assumeTrue(false, reason);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + width + "," + height, "--lang=en-GB", "--no-first-run", "--disable-extensions");
        // The browser's console, so a test can tell that nothing was refused by the Content-Security-Policy.
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static Optional<Path> find(String variable, List<String> candidates) {
        return Stream.concat(Optional.ofNullable(System.getenv(variable)).stream(), candidates.stream())
                .filter(name -> !name.isBlank()).map(Path::of)
                .filter(path -> Files.isRegularFile(path) && new File(path.toString()).canExecute()).findFirst();
    }
}
