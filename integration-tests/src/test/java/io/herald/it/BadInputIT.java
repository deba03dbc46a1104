package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.schema.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ingest service under bad input, on the real stack: every request of the suite gets the 4xx problem (RFC 9457)
 * it should, never a 5xx; afterwards the service is healthy and no record of any of them is on Kafka. Template
 * injection through {@code vars} is not an error: the values are rendered literally, never evaluated.
 */
@ExtendWith(HeraldStackExtension.class)
class BadInputIT {

    private static final String MARKER = "BADIN" + UUID.randomUUID().toString().replace("-", "");
    private static final String TO = "+4791234567";
    private static final String MIB = "x".repeat(1024 * 1024);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** One bad request and the status it must get. */
    private record Case(String name, int status, String method, String path, String contentType,
                        Map<String, String> headers, byte[] body) {
    }

    private final List<Case> cases = new ArrayList<>();

    private void post(String name, int status, String json) {
        post(name, status, json.getBytes(StandardCharsets.UTF_8));
    }

    private void post(String name, int status, byte[] body) {
        cases.add(new Case(name, status, "POST", "/v1/batches", "application/json", Map.of(), body));
    }

    private void request(String name, int status, String method, String path, String contentType,
                         Map<String, String> headers, String body) {
        cases.add(new Case(name, status, method, path, contentType, headers,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    }

    /** A valid batch's JSON with one field replaced by raw JSON (or removed, for null). */
    private static String batchWith(String field, String rawJson) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("from", "\"HERALD\"");
        fields.put("text", "\"" + MARKER + "\"");
        fields.put("recipients", "[{\"to\": \"" + TO + "\"}]");
        if (rawJson == null) {
            fields.remove(field);
        } else {
            fields.put(field, rawJson);
        }
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, value) -> json.append(json.length() > 1 ? ", " : "").append('"').append(name)
                .append("\": ").append(value));
        return json.append('}').toString();
    }

    private static String recipientWith(String rawRecipient) {
        return batchWith("recipients", "[" + rawRecipient + "]");
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8);
        byte[] c = after.getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(a, a.length + middle.length + c.length);
        System.arraycopy(middle, 0, all, a.length, middle.length);
        System.arraycopy(c, 0, all, a.length + middle.length, c.length);
        return all;
    }

    private void buildSuite(String apiKey) {
        String valid = batchWith("from", "\"HERALD\"");
        // truncated JSON
        post("truncated: {", 400, "{");
        post("truncated in a string", 400, "{\"from\": \"HERALD\", \"text\": \"" + MARKER);
        post("truncated in a number", 400, valid.substring(0, valid.indexOf(TO) + 5));
        post("truncated in an array", 400, "{\"from\": \"HERALD\", \"text\": \"" + MARKER + "\", \"recipients\": [");
        post("truncated after a key", 400, "{\"from\":");
        post("truncated: [", 400, "[");
        // wrong types
        post("from: number", 400, batchWith("from", "1"));
        post("from: array", 400, batchWith("from", "[]"));
        post("from: object", 400, batchWith("from", "{}"));
        post("text: number", 400, batchWith("text", "5"));
        post("text: object", 400, batchWith("text", "{}"));
        post("text: array", 400, batchWith("text", "[\"" + MARKER + "\"]"));
        post("recipients: string", 400, batchWith("recipients", "\"x\""));
        post("recipients: object", 400, batchWith("recipients", "{}"));
        post("recipients: [number]", 400, batchWith("recipients", "[1]"));
        post("recipients: [string]", 400, batchWith("recipients", "[\"" + TO + "\"]"));
        post("vars: array", 400, recipientWith("{\"to\": \"" + TO + "\", \"vars\": []}"));
        post("vars: string", 400, recipientWith("{\"to\": \"" + TO + "\", \"vars\": \"x\"}"));
        post("vars value: object", 400, recipientWith("{\"to\": \"" + TO + "\", \"vars\": {\"a\": {}}}"));
        post("sendAt: not a time", 400, batchWith("sendAt", "\"tomorrow\""));
        post("expiresAt: boolean", 400, batchWith("expiresAt", "true"));
        post("clientReference: number", 400, recipientWith("{\"to\": \"" + TO + "\", \"clientReference\": 7}"));
        post("channel: number", 400, batchWith("channel", "1"));
        post("callbackUrl: number", 400, batchWith("callbackUrl", "3"));
        post("template: number", 400, batchWith("text", null).replace("{", "{\"template\": 7, "));
        // nulls
        post("body: null", 400, "null");
        post("from: null", 400, batchWith("from", "null"));
        post("text: null", 400, batchWith("text", "null"));
        post("recipients: null", 400, batchWith("recipients", "null"));
        post("recipients: [null]", 400, batchWith("recipients", "[null]"));
        post("to: null", 400, recipientWith("{\"to\": null}"));
        post("every field null", 400, "{\"from\": null, \"text\": null, \"recipients\": null}");
        // numbers as strings, strings as numbers
        post("to: number", 400, recipientWith("{\"to\": 4791234567}"));
        post("to: float", 400, recipientWith("{\"to\": 4.791234567e9}"));
        post("from: 5-digit number", 400, batchWith("from", "12345"));
        post("text: boolean", 400, batchWith("text", "true"));
        post("clientReference: boolean", 400, recipientWith("{\"to\": \"" + TO + "\", \"clientReference\": false}"));
        post("from: huge number", 400, batchWith("from", "1e999999"));
        // 1 MiB strings
        post("text: 1 MiB", 400, batchWith("text", "\"" + MARKER + MIB + "\""));
        post("from: 1 MiB", 400, batchWith("from", "\"" + MIB + "\""));
        post("clientReference: 1 MiB", 400, recipientWith("{\"to\": \"" + TO + "\", \"clientReference\": \""
                + MIB + "\"}"));
        post("template id: 1 MiB", 400, batchWith("text", null).replace("{", "{\"template\": \"" + MIB + "\", "));
        // NUL bytes and invalid UTF-8
        post("text: escaped NUL", 400, batchWith("text", "\"" + MARKER + "\\u0000\""));
        post("from: escaped NUL", 400, batchWith("from", "\"HER\\u0000ALD\""));
        post("text: raw NUL byte", 400, concat("{\"from\": \"HERALD\", \"text\": \"" + MARKER, new byte[] {0},
                "\", \"recipients\": [{\"to\": \"" + TO + "\"}]}"));
        post("text: invalid UTF-8", 400, concat("{\"from\": \"HERALD\", \"text\": \"" + MARKER,
                new byte[] {(byte) 0xC3, (byte) 0x28}, "\", \"recipients\": [{\"to\": \"" + TO + "\"}]}"));
        post("from: byte 0xFF", 400, concat("{\"from\": \"HER", new byte[] {(byte) 0xFF},
                "ALD\", \"text\": \"" + MARKER + "\", \"recipients\": [{\"to\": \"" + TO + "\"}]}"));
        post("text: unpaired surrogate", 400, batchWith("text", "\"" + MARKER + "\\uD800\""));
        post("text: ESC", 400, batchWith("text", "\"" + MARKER + "\\u001b[31m\""));
        // right-to-left marks and emoji in from
        post("from: right-to-left override", 400, batchWith("from", "\"\u202eHERALD\""));
        post("from: right-to-left mark", 400, batchWith("from", "\"\u200fHERALD\""));
        post("from: emoji after", 400, batchWith("from", "\"HERALD\ud83d\ude00\""));
        post("from: emoji only", 400, batchWith("from", "\"\ud83d\ude00\""));
        post("from: zero-width space", 400, batchWith("from", "\"HER\u200bALD\""));
        // template injection in the text itself: not our syntax
        post("text: block helper", 400, batchWith("text", "\"{{#each recipients}}" + MARKER + "{{/each}}\""));
        post("text: partial", 400, batchWith("text", "\"{{> partial}}" + MARKER + "\""));
        post("text: expression", 400, batchWith("text", "\"" + MARKER + " {{constructor.constructor('x')()}}\""));
        post("text: triple braces", 400, batchWith("text", "\"" + MARKER + " {{{raw}}}\""));
        // too many recipients
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 150_000; i++) {
            many.append(i == 0 ? "" : ",").append("{\"to\": \"+479").append(String.format("%07d", i)).append("\"}");
        }
        post("150,000 recipients", 400, batchWith("recipients", "[" + many + "]"));
        // nesting
        post("recipients: nested array", 400, batchWith("recipients", "[[{\"to\": \"" + TO + "\"}]]"));
        post("body: JSON array", 400, "[" + valid + "]");
        post("vars: 5000 nested arrays", 400, recipientWith("{\"to\": \"" + TO + "\", \"vars\": {\"a\": "
                + "[".repeat(5000) + "]".repeat(5000) + "}}"));
        // bodies and media types
        post("empty body", 400, "");
        post("whitespace body", 400, "   ");
        request("form-encoded body", 415, "POST", "/v1/batches", "application/x-www-form-urlencoded", Map.of(),
                "from=HERALD&text=" + MARKER + "&to=" + TO);
        request("text/plain body", 415, "POST", "/v1/batches", "text/plain", Map.of(), valid);
        request("no Content-Type", 415, "POST", "/v1/batches", null, Map.of(), valid);
        request("XML body", 415, "POST", "/v1/batches", "application/xml", Map.of(), "<batch/>");
        // idempotency key
        request("Idempotency-Key: 300 characters", 400, "POST", "/v1/batches", "application/json",
                Map.of("Idempotency-Key", "k".repeat(300)), valid);
        request("Idempotency-Key: with a space", 400, "POST", "/v1/batches", "application/json",
                Map.of("Idempotency-Key", "a b"), valid);
        // other rules
        post("unknown field", 400, batchWith("txt", "\"x\""));
        post("unknown recipient field", 400, recipientWith("{\"to\": \"" + TO + "\", \"name\": \"Ola\"}"));
        post("duplicate key", 400, valid.replace("{", "{\"from\": \"OTHER\", "));
        post("trailing data", 400, valid + " x");
        post("two bodies", 400, valid + valid);
        post("channel: fax", 400, batchWith("channel", "\"fax\""));
        post("recipients: empty", 400, batchWith("recipients", "[]"));
        post("sendAt: in 70 years", 400, batchWith("sendAt", "\"2099-01-01T00:00:00Z\""));
        post("expiresAt: in the past", 400, batchWith("expiresAt", "\"2001-01-01T00:00:00Z\""));
        post("callbackUrl: ftp", 400, batchWith("callbackUrl", "\"ftp://example.com/x\""));
        // past the parser's limits, numbers for instants, years no record can hold, nobody to send to
        post("field name of 200,000 characters", 400, "{\"" + "n".repeat(200_000) + "\": 1, "
                + valid.substring(1));
        post("sendAt: epoch seconds", 400, batchWith("sendAt", "1700000000"));
        post("sendAt: 1e999999", 400, batchWith("sendAt", "1e999999"));
        post("expiresAt: year 1000000000", 400, batchWith("expiresAt", "\"+1000000000-01-01T00:00:00Z\""));
        post("sendAt: year -1000000000", 400, batchWith("sendAt", "\"-1000000000-01-01T00:00:00Z\""));
        post("every recipient rejected", 400, recipientWith("{\"to\": \"" + MIB + "\"}, {\"to\": \"12\"}"));
        post("callbackUrl: not a URL", 400, batchWith("callbackUrl", "\"not a url\""));
        post("from: too long", 400, batchWith("from", "\"HERALDHERALDHERALD\""));
        post("from: empty", 400, batchWith("from", "\"\""));
        post("text: blank", 400, batchWith("text", "\"   \""));
        post("text and template", 400, batchWith("template", "\"otp\""));
        post("neither text nor template", 400, batchWith("text", null));
        post("unknown template", 400, batchWith("text", null).replace("{", "{\"template\": \"nope-" + MARKER
                + "\", "));
        post("e-mail without subject", 400, batchWith("channel", "\"email\"").replace("\"HERALD\"",
                "\"shop@example.com\"").replace(TO, "ola@example.com"));
        post("body over maxRequestSize", 413, concat(valid.substring(0, valid.length() - 1) + ", \"pad\": \"",
                "p".repeat(33 * 1024 * 1024).getBytes(StandardCharsets.US_ASCII), "\"}"));
        // HTTP level
        request("DELETE /v1/batches", 405, "DELETE", "/v1/batches", null, Map.of(), null);
        request("PUT /v1/batches", 405, "PUT", "/v1/batches", "application/json", Map.of(), valid);
        request("Accept: text/html", 406, "POST", "/v1/batches", "application/json", Map.of("Accept", "text/html"),
                valid);
        request("unknown path", 404, "POST", "/v1/batchez", "application/json", Map.of(), valid);
        request("no Authorization", 401, "POST", "/v1/batches", "application/json", Map.of("Authorization", ""),
                valid);
        request("wrong key", 401, "POST", "/v1/batches", "application/json",
                Map.of("Authorization", "Bearer hrld_" + "A".repeat(43)), valid);
        request("Basic credentials", 401, "POST", "/v1/batches", "application/json",
                Map.of("Authorization", "Basic dXNlcjpwYXNz"), valid);
        request("key in the query string", 401, "POST", "/v1/batches?access_token=" + apiKey, "application/json",
                Map.of("Authorization", ""), valid);
    }

    private HttpResponse<String> send(String baseUrl, String apiKey, Case c) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + c.path()))
                .timeout(Duration.ofSeconds(60))
                .method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(c.body()));
        if (c.contentType() != null) {
            builder.header("Content-Type", c.contentType());
        }
        if (!c.headers().containsKey("Authorization")) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        c.headers().forEach((name, value) -> {
            if (!value.isEmpty()) {
                builder.header(name, value);
            }
        });
        HttpRequest request = builder.build();
        // A case whose body the service refuses before reading it all gets its answer and a closed connection; a
        // client still writing the body then may meet the reset first (Broken pipe, "header parser received no
        // bytes") and never read the answer. That is the transport's race, not the service's answer: such a case is
        // sent again on a new connection, at most twice more, and must then be answered.
        for (int attempt = 1; ; attempt++) {
            try {
                return (attempt == 1 ? HTTP : HttpClient.newHttpClient()).send(request,
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (attempt == 3) {
                    throw new IOException(c.name() + ": no answer in 3 attempts", e);
                }
            }
        }
    }

    @Test
    void everyBadRequestGetsItsProblemAndNothingReachesKafka(HeraldTestStack stack) throws Exception {
        // given the end offsets of the topics a batch writes to
        Map<TopicPartition, Long> before = TopicRecords.endOffsets(stack.bootstrapServers(), Topics.REQUESTS, Topics.BATCHES);
        String apiKey = stack.ingestApiKey();
        buildSuite(apiKey);
        assertThat(cases).hasSizeGreaterThanOrEqualTo(60);

        // when every bad request is sent
        SoftAssertions softly = new SoftAssertions();
        for (Case c : cases) {
            HttpResponse<String> response = send(stack.ingestUrl(), apiKey, c);

            // then each gets its 4xx as a problem body
            softly.assertThat(response.statusCode()).as("%s: %s", c.name(), abbreviate(response.body()))
                    .isEqualTo(c.status());
            softly.assertThat(response.headers().firstValue("Content-Type")).as("%s: Content-Type", c.name())
                    .contains("application/problem+json");
            JsonNode problem = parse(response.body());
            softly.assertThat(problem).as("%s: body %s", c.name(), abbreviate(response.body())).isNotNull();
            if (problem != null) {
                softly.assertThat(problem.path("type").asText()).as("%s: type", c.name()).isNotBlank();
                softly.assertThat(problem.path("title").asText()).as("%s: title", c.name()).isNotBlank();
                softly.assertThat(problem.path("status").asInt()).as("%s: status", c.name())
                        .isEqualTo(response.statusCode());
                softly.assertThat(problem.path("detail").asText()).as("%s: detail", c.name()).isNotBlank();
                softly.assertThat(response.body()).as("%s: no stack trace", c.name()).doesNotContain("\tat ")
                        .doesNotContain("Exception");
            }
        }
        softly.assertAll();

        // and the service is healthy, and not one record was written
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(stack.ingest().adminUrl()
                + "/healthcheck")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(TopicRecords.endOffsets(stack.bootstrapServers(), Topics.REQUESTS, Topics.BATCHES)).isEqualTo(before);
        assertThat(TopicRecords.countContaining(stack.bootstrapServers(), Topics.REQUESTS, MARKER)).isZero();
    }

    @Test
    void templateSyntaxInVariablesIsSentLiterallyNeverEvaluated(HeraldTestStack stack) throws Exception {
        // given values that look like placeholders, expressions and markup
        String marker = "INJ" + UUID.randomUUID().toString().replace("-", "");
        List<String> values = List.of("{{secret}}", "{{#each x}}y{{/each}}", "${jndi:ldap://127.0.0.1:1/x}",
                "<script>alert(1)</script>", "\\{{code}}");
        List<String> numbers = TestRecipients.norwegianMobiles(values.size());
        List<IngestHttp.Recipient> recipients = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            recipients.add(new IngestHttp.Recipient(numbers.get(i), Map.of("name", values.get(i))));
        }

        // when a batch renders them
        IngestHttp.Response response = stack.ingestHttp().postBatch(IngestHttp.batch("HERALD",
                marker + " {{name}}", recipients));

        // then it is accepted, and each record's text holds the value as it was given
        assertThat(response.status()).as("%s", response.body()).isEqualTo(202);
        assertThat(response.body().get("accepted").asInt()).isEqualTo(values.size());
        for (String value : values) {
            byte[] text = (marker + " " + value).getBytes(StandardCharsets.UTF_8);
            await("record with " + value).atMost(Duration.ofSeconds(30))
                    .until(() -> TopicRecords.countContaining(stack.bootstrapServers(), Topics.REQUESTS, new String(text, StandardCharsets.UTF_8)) == 1);
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

    private static JsonNode parse(String body) {
        try {
            return IngestHttp.JSON.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }
}
