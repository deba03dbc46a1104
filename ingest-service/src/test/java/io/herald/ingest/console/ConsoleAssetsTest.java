package io.herald.ingest.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console's static files as the service serves them from the classpath: every script and style sheet the page
 * names is there (WebJars included, at the versions the page names), and nothing in them needs {@code unsafe-inline}
 * or renders a value as HTML. The browser test (ConsoleIT) checks the same in Chromium.
 */
class ConsoleAssetsTest {

    private static final Pattern REFERENCE = Pattern.compile("(?:src|href)=\"([^\"#:]+)\"");
    private static final Pattern IMPORT = Pattern.compile("from '\\./([a-z]+\\.js)'");

    @Test
    void everyFileThePageNamesIsServed() throws IOException {
        String page = read("/console/index.html");
        List<String> references = new ArrayList<>();
        Matcher matcher = REFERENCE.matcher(page);
        while (matcher.find()) {
            references.add(matcher.group(1));
        }
        assertThat(references).contains("console.css", "js/app.js",
                "vendor/papaparse/5.5.3/papaparse.min.js", "vendor/chart.js/4.5.1/dist/chart.umd.min.js");
        for (String reference : references) {
            String resource = reference.startsWith("vendor/")
                    ? "/META-INF/resources/webjars/" + reference.substring("vendor/".length())
                    : "/console/" + reference;
            assertThat(getClass().getResource(resource)).as("%s (%s)", reference, resource).isNotNull();
        }
        for (Path script : scripts()) {
            Matcher imports = IMPORT.matcher(Files.readString(script));
            while (imports.find()) {
                assertThat(script.resolveSibling(imports.group(1))).as("import in %s", script.getFileName())
                        .exists();
            }
        }
    }

    @Test
    void thePageHasNoInlineScriptOrStyleAndTheScriptsNeverWriteHtml() throws Exception {
        String page = read("/console/index.html");
        assertThat(page).doesNotContainPattern("<script(?![^>]*\\ssrc=)").doesNotContain("style=", "<style")
                .doesNotContainPattern("\\son[a-z]+=");
        for (Path script : scripts()) {
            assertThat(Files.readString(script)).as("%s", script.getFileName())
                    .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                            "new Function", "localStorage");
        }
    }

    private static List<Path> scripts() throws IOException {
        URL app = ConsoleAssetsTest.class.getResource("/console/js/app.js");
        assertThat(app).isNotNull();
        try (Stream<Path> files = Files.list(Path.of(app.toURI()).getParent())) {
            return files.filter(f -> f.toString().endsWith(".js")).sorted().toList();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private String read(String resource) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
