package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.herald.local.HeraldHome;
import io.herald.local.SmscMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The console ({@code /console/}) in a real, headless Chromium on the shared stack: what a user does, screen by screen,
 * checked against the API, the SMSC simulator and the downloaded report; and that values from a file are shown as
 * text, never run. Each screen's screenshot goes to {@code target/console-screenshots/} (docs/console.md shows them).
 */
@ExtendWith(HeraldStackExtension.class)
class ConsoleIT {

    /** Data rows of samples/recipients.csv the test sends; lines 39 and 152 of the file are invalid numbers. */
    private static final int ROWS = 500;

    @TempDir
    static Path work;

    private static ConsoleBrowser browser;

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = ConsoleBrowser.start(Files.createDirectories(work.resolve("downloads")));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aUserSendsFromACsvFollowsTheBatchToTheEndAndDownloadsItsReport(HeraldTestStack stack) throws Exception {
        // given the first 500 rows of the sample recipients as a file, and a signed-in user
        Path csv = work.resolve("recipients-500.csv");
        try (Stream<String> lines = Files.lines(HeraldHome.locate().root().resolve("samples/recipients.csv"))) {
            Files.write(csv, lines.limit(ROWS + 1).toList(), StandardCharsets.UTF_8);
        }
        signIn(stack);

        // when the user picks the file, writes the text and asks for a dry run
        browser.byId("csv-file").sendKeys(csv.toAbsolutePath().toString());
        browser.await(10).until(d -> text("rows-summary").startsWith("500 rows from recipients-500.csv"));
        assertThat(new Select(browser.byId("to-column")).getFirstSelectedOption().getText()).isEqualTo("phone");
        browser.byId("text").sendKeys("Hi {{name}}, your code is {{code}}. Herald");
        browser.await(10).until(d -> text("text-counter").contains("characters"));
        assertThat(text("text-counter")).as("braces are GSM 7-bit extension characters: 2 septets each")
                .isEqualTo("GSM7 · 42 characters · 50 units · 1 segment");
        browser.byId("dry-run").click();

        // then it shows what a send would do: 498 accepted, the two bad rows with their file lines and reasons
        browser.await(20).until(d -> !d.findElements(By.id("dry-accepted")).isEmpty());
        assertThat(text("dry-accepted")).isEqualTo("498");
        List<List<String>> rejected = rows("rejected");
        assertThat(rejected).extracting(row -> row.get(0)).containsExactly("39", "152");
        assertThat(rejected).allSatisfy(row -> assertThat(row.get(2)).isNotBlank());
        assertThat(rows("preview")).hasSize(5).first().satisfies(row -> {
            assertThat(row.get(0)).isEqualTo("2");
            assertThat(row.get(2)).isEqualTo("Hi Lena Groß, your code is 531582. Herald");
        });
        browser.screenshot("send");

        // when the user sends it
        browser.byId("send").click();
        browser.await(20).until(d -> d.getCurrentUrl().matches(".*#/batches/[0-9a-f-]{36}$"));
        String batchId = browser.driver().getCurrentUrl().replaceAll(".*#/batches/", "");

        // then the batch page follows it to the end without a reload, and the simulator got every accepted message
        browser.await(180).until(d -> text("batch-state").equals("complete"));
        assertThat(text("count-accepted")).isEqualTo("498");
        assertThat(text("count-rejected")).isEqualTo("2");
        assertThat(text("count-pending")).isEqualTo("0");
        assertThat(browser.byId("batch-progress").getDomProperty("value")).isEqualTo("1");
        // the rejected recipients come from the API (GET /v1/batches/{id}/rejected), numbered by line of the file
        // this tab sent
        browser.await(10).until(d -> rows("batch-rejected").size() == 2);
        assertThat(rows("batch-rejected")).containsExactly(List.of("39", "123", rejected.get(0).get(2)),
                List.of("152", "+47 12", rejected.get(1).get(2)));
        browser.screenshot("batch");

        // and its report, downloaded, lists each accepted message once, each received by the simulator
        browser.byId("download-report").click();
        Path report = browser.downloads().resolve("batch-" + batchId + ".csv");
        browser.await(30).until(d -> Files.exists(report) && report.toFile().length() > 0);
        List<String> lines = Files.readAllLines(report, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("messageId,state,updatedAt");
        Map<String, String> states = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertThat(states.put(cells[0], cells[1])).isNull();
        }
        assertThat(states).hasSize(498);
        assertThat(Set.copyOf(states.values())).isSubsetOf(Set.of("SENT", "DELIVERED"));
        Set<String> atSmsc = stack.smsc().messages(null).stream().map(SmscMessage::heraldMessageId)
                .filter(states::containsKey).collect(Collectors.toSet());
        assertThat(atSmsc).as("messages of the batch the simulator received").hasSize(498);

        // and another tab (a new sign-in, nothing of the send in its session) shows the same rejected recipients, by
        // their place in the batch
        signIn(stack);
        browser.driver().get(stack.ingestUrl() + "/console/#/batches/" + batchId);
        browser.await(10).until(d -> rows("batch-rejected").size() == 2);
        assertThat(rows("batch-rejected")).extracting(row -> row.get(0)).containsExactly("38", "151");
        assertThat(rows("batch-rejected")).extracting(row -> row.get(1)).containsExactly("123", "+47 12");

        // and the batches screen lists it first, complete
        browser.driver().get(stack.ingestUrl() + "/console/#/batches");
        browser.await(10).until(d -> !rows("batches").isEmpty() && rows("batches").stream()
                .anyMatch(row -> row.get(1).equals(batchId)));
        assertThat(rows("batches")).filteredOn(row -> row.get(1).equals(batchId)).singleElement()
                .satisfies(row -> assertThat(row.get(2)).isEqualTo("complete"));
        // the chart gains a sample each refresh (2 s)
        browser.await(20).until(d -> Integer.parseInt(d.findElement(By.id("state-chart"))
                .getDomAttribute("data-samples")) >= 3);
        browser.screenshot("batches");

        // and a message's history is one lookup away
        String messageId = states.keySet().iterator().next();
        browser.driver().get(stack.ingestUrl() + "/console/#/messages/" + messageId);
        browser.await(10).until(d -> !d.findElements(By.id("message-state")).isEmpty());
        // the report's state, or DELIVERED if its receipt came since
        assertThat(text("message-state")).isIn(states.get(messageId), "DELIVERED");
        assertThat(rows("message-history")).extracting(row -> row.get(0)).startsWith("SENT");
        browser.screenshot("message");
    }

    @Test
    void aUserWritesATemplateWithTheCounterAndKeepsASuppressionList(HeraldTestStack stack) {
        signIn(stack);
        String id = "console-it-" + Long.toHexString(System.nanoTime());

        // a template, written with the live counter, then replaced: version 2
        browser.driver().get(stack.ingestUrl() + "/console/#/templates");
        browser.byId("template-id").sendKeys(id);
        browser.byId("template-text").sendKeys("Your code is {{code}} – valid 10 minutes");
        browser.await(10).until(d -> text("template-counter").startsWith("UCS2"));
        browser.byId("template-save").click();
        browser.await(10).until(d -> rows("templates").stream().anyMatch(row -> row.get(0).equals(id)));
        WebElement editor = browser.byId("template-text");
        editor.clear();
        editor.sendKeys("Your code is {{code}}, valid 10 minutes");
        browser.await(10).until(d -> text("template-counter").startsWith("GSM7"));
        browser.byId("template-save").click();
        browser.await(10).until(d -> rows("templates").stream()
                .anyMatch(row -> row.get(0).equals(id) && row.get(1).equals("2")));
        assertThat(stack.ingestHttp().getTemplate(id).body().get("version").asLong()).isEqualTo(2);

        // its versions, newest first; the first one's text taken back into the editor and saved: version 3
        browser.driver().findElement(By.cssSelector("button[aria-label='Versions of template " + id + "']")).click();
        browser.await(10).until(d -> rows("template-versions").size() == 2);
        assertThat(rows("template-versions")).extracting(row -> row.get(0), row -> row.get(2)).containsExactly(
                tuple("2", "Your code is {{code}}, valid 10 minutes"),
                tuple("1", "Your code is {{code}} – valid 10 minutes"));
        browser.driver().findElement(By.cssSelector("button[aria-label='Use the text of version 1']")).click();
        assertThat(browser.byId("template-text").getDomProperty("value"))
                .isEqualTo("Your code is {{code}} – valid 10 minutes");
        browser.byId("template-save").click();
        browser.await(10).until(d -> rows("template-versions").size() == 3);
        assertThat(rows("template-versions")).extracting(row -> row.get(0)).containsExactly("3", "2", "1");
        browser.screenshot("templates");
        assertThat(stack.ingestHttp().getTemplate(id).body().get("text").asText())
                .isEqualTo("Your code is {{code}} – valid 10 minutes");

        // a suppression: added, looked up, removed
        String number = TestRecipients.norwegianMobiles(1).get(0);
        browser.driver().get(stack.ingestUrl() + "/console/#/suppressions");
        browser.byId("suppression-recipient").sendKeys(number);
        browser.byId("suppression-reason").sendKeys("asked by phone");
        browser.byId("suppression-add").click();
        browser.await(10).until(d -> text("suppression-result").endsWith("added: no message of yours will go to it."));
        browser.byId("suppression-lookup").click();
        browser.await(10).until(d -> text("suppression-result").equals(number + " is on your suppression list."));
        browser.screenshot("suppressions");
        browser.byId("suppression-remove").click();
        browser.await(10).until(d -> text("suppression-result").startsWith(number + " removed"));
        browser.byId("suppression-lookup").click();
        browser.await(10).until(d -> text("suppression-result").equals(number
                + " is not on your suppression list."));
    }

    @Test
    void aScriptInAVariableOrAFileNameIsShownAsTextAndNeverRuns(HeraldTestStack stack) throws Exception {
        // given a file whose name and one value are HTML that would run a script if it were rendered as HTML
        String markup = "<img src=x onerror=\"window.heraldXss=1\">";
        Path file = work.resolve("<img src=x onerror=window.heraldXss=2>.csv");
        Files.writeString(file, "phone,name\n+4791234567,\"" + markup.replace("\"", "\"\"") + "\"\n",
                StandardCharsets.UTF_8);
        signIn(stack);

        // when it is read and dry-run
        browser.byId("csv-file").sendKeys(file.toAbsolutePath().toString());
        browser.await(10).until(d -> text("rows-summary").startsWith("1 row from"));
        browser.byId("text").sendKeys("Hi {{name}}");
        browser.byId("dry-run").click();
        browser.await(20).until(d -> !d.findElements(By.id("dry-accepted")).isEmpty());

        // then the file name and the rendered text are shown literally, no element came from them, nothing ran
        assertThat(text("rows-source")).isEqualTo(file.getFileName().toString());
        assertThat(rows("preview").get(0).get(2)).isEqualTo("Hi " + markup);
        assertThat(browser.driver().findElements(By.cssSelector("main img"))).isEmpty();
        assertThat(browser.driver().executeScript("return window.heraldXss === undefined")).isEqualTo(true);
    }

    @Test
    void everyControlHasALabelAndTheKeyboardAloneGetsAround(HeraldTestStack stack) {
        // sign in with the keyboard: type the key, Enter
        browser.driver().get(stack.ingestUrl() + "/console/");
        browser.driver().executeScript("sessionStorage.clear()");
        browser.driver().navigate().refresh();
        browser.byId("api-key").sendKeys(stack.ingestApiKey() + Keys.ENTER);
        browser.await(10).until(d -> !d.findElements(By.id("csv-file")).isEmpty());

        // every control of the send screen has its label
        assertThat(browser.driver().executeScript("return [...document.querySelectorAll('input, select, textarea')]"
                + ".filter(c => !document.querySelector('label[for=\"' + c.id + '\"]')).map(c => c.id || c.name)"))
                .asList().isEmpty();

        // from the screen's content (which has the focus after each navigation), Shift+Tab goes back through the
        // menu to the Batches link, and Enter opens it
        WebElement focused = null;
        for (int tabs = 0; tabs < 10; tabs++) {
            // as a keyboard does, to whatever has the focus (an element's sendKeys would upload to a file input)
            new Actions(browser.driver()).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
            focused = browser.driver().switchTo().activeElement();
            if ("Batches".equals(focused.getText())) {
                break;
            }
        }
        assertThat(focused).isNotNull();
        assertThat(focused.getText()).isEqualTo("Batches");
        new Actions(browser.driver()).sendKeys(Keys.ENTER).perform();
        browser.await(10).until(d -> d.getCurrentUrl().endsWith("#/batches")
                && d.findElement(By.tagName("h1")).getText().equals("Batches"));
    }

    @Test
    void theConsoleIsServedWithAStrictContentSecurityPolicy(HeraldTestStack stack) throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stack.ingestUrl() + "/console/")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe");
        assertThat(page.body()).doesNotContain("<script>", "style=", "onclick", "onload");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    private static void signIn(HeraldTestStack stack) {
        browser.driver().get(stack.ingestUrl() + "/console/");
        browser.driver().executeScript("sessionStorage.clear()");
        browser.driver().navigate().refresh();
        browser.byId("api-key").sendKeys(stack.ingestApiKey());
        browser.screenshot("sign-in");
        browser.driver().findElement(By.cssSelector("form button[type=submit]")).click();
        browser.await(10).until(d -> !d.findElements(By.id("csv-file")).isEmpty());
    }

    private static String text(String id) {
        return browser.driver().findElement(By.id(id)).getText();
    }

    /** @return the cells' texts of each body row of the table with this id; empty if there is no such table */
    private static List<List<String>> rows(String tableId) {
        return browser.driver().findElements(By.cssSelector("#" + tableId + " tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList())
                .toList();
    }
}
