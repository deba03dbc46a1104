package io.herald.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real Chromium, headless, driven by Selenium through Debian's {@code chromium-driver}: {@code /usr/bin/chromium}
 * and {@code /usr/bin/chromedriver} (system properties {@code herald.chromium} and {@code herald.chromedriver} name
 * others). {@code .ci/run} installs both. A missing browser fails the test that asks for one, with what to install: a
 * browser test never skips.
 */
final class ConsoleBrowser implements AutoCloseable {

    /** Where the screenshots go, for docs/console.md. */
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private final ChromeDriver driver;
    private final Path downloads;

    private ConsoleBrowser(ChromeDriver driver, Path downloads) {
        this.driver = driver;
        this.downloads = downloads;
    }

    /**
     * @param downloads where the browser saves downloads
     * @return a browser with a 1280×1000 window
     * @throws IllegalStateException if Chromium or its driver is not installed
     */
    static ConsoleBrowser start(Path downloads) {
        Path chromium = Path.of(System.getProperty("herald.chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("herald.chromedriver", "/usr/bin/chromedriver"));
        for (Path binary : List.of(chromium, chromedriver)) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(binary + " is missing: the console's browser tests need Debian's "
                        + "chromium and chromium-driver (sudo apt-get install -y chromium chromium-driver; .ci/run "
                        + "installs them)");
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--lang=en-GB", "--disable-extensions");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        return new ConsoleBrowser(new ChromeDriver(service, options), downloads);
    }

    ChromeDriver driver() {
        return driver;
    }

    Path downloads() {
        return downloads;
    }

    /** @return a wait of up to {@code seconds} */
    WebDriverWait await(int seconds) {
        // a table the page rebuilds while it is read is read again
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(seconds));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** @return the element with this id, once it is on the page (up to 10 s) */
    WebElement byId(String id) {
        return await(10).until(d -> d.findElement(By.id(id)));
    }

    /**
     * Saves a screenshot of the whole page (the window grown to the page's height, at most 3,000 px, then restored)
     * as {@code target/console-screenshots/<name>.png}.
     */
    void screenshot(String name) {
        Dimension window = driver.manage().window().getSize();
        long height = (Long) driver.executeScript("return document.documentElement.scrollHeight");
        try {
            driver.manage().window().setSize(new Dimension(window.getWidth(),
                    (int) Math.min(3000, Math.max(window.getHeight(), height + 140))));
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(window);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
