package io.herald.ingest.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.herald.ingest.api.BatchAccepted;
import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.api.FieldError;
import io.herald.ingest.api.IngestJson;
import io.herald.ingest.api.Problem;
import io.herald.ingest.api.Rejection;
import io.herald.ingest.auth.TestAuth;
import io.herald.ingest.core.BatchIngestor;
import io.herald.ingest.core.BatchLimits;
import io.herald.ingest.core.BatchPreparer;
import io.herald.ingest.core.CallbackKeys;
import io.herald.ingest.core.CallbackTargets;
import io.herald.ingest.core.PhoneNumberNormalizer;
import io.herald.ingest.core.PublishException;
import io.herald.ingest.core.RecordingPublisher;
import io.herald.ingest.idempotency.IdempotencyRules;
import io.herald.ingest.idempotency.IdempotencyStore;
import io.herald.ingest.idempotency.InMemoryIdempotencyStore;
import io.herald.ingest.idempotency.RequestHash;
import io.herald.ingest.metrics.IngestMeters;
import io.herald.schema.BatchSource;
import io.herald.schema.Channel;
import io.herald.schema.NotificationRequest;
import io.herald.schema.RecipientRejection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class BatchResourceTest {

    private static final RecordingPublisher PUBLISHER = new RecordingPublisher();
    private static final MetricRegistry METRICS = new MetricRegistry();
    private static final String CALLBACK_KEY = "0123456789abcdef0123456789abcdef";

    private static final ObjectMapper MAPPER = IngestJson.configure(Jackson.newObjectMapper());
    private static final InMemoryIdempotencyStore IDEMPOTENCY = new InMemoryIdempotencyStore(
            new IdempotencyRules(Duration.ofHours(24), Duration.ofMinutes(2)), Clock.systemUTC());

    /** This test's DNS: a client's public receiver, and an attacker's name for the cloud metadata service. */
    private static InetAddress[] resolve(String host) throws UnknownHostException {
        return switch (host) {
            case "client.example" -> new InetAddress[] {InetAddress.getByName("93.184.215.14")};
            case "metadata.attacker.example" -> new InetAddress[] {InetAddress.getByName("169.254.169.254")};
            default -> throw new UnknownHostException(host);
        };
    }

    private static final ResourceExtension RESOURCE = TestAuth.withAuth(ResourceExtension.builder())
            .setMapper(MAPPER)
            .setRegisterDefaultExceptionMappers(false)
            .addResource(new BatchResource(new BatchIngestor(
                    new BatchPreparer(new BatchLimits(5, 1600, 6), new PhoneNumberNormalizer("NO"), Clock.systemUTC()),
                    PUBLISHER, new CallbackKeys(Map.of(TestAuth.CLIENT_ID, CALLBACK_KEY)),
                    new CallbackTargets(List.of(), false, Map.of(), BatchResourceTest::resolve), TestAuth.quotas(),
                    METRICS, new IngestMeters(new SimpleMeterRegistry()), Clock.systemUTC()), IDEMPOTENCY, MAPPER))
            .addProvider(new IngestExceptionMapper(Duration.ofSeconds(7)))
            .addProvider(new JsonExceptionMapper())
            .addProvider(new WebApplicationExceptionMapper())
            .addProvider(new UnexpectedExceptionMapper())
            .build();

    @AfterEach
    void resetPublisher() {
        PUBLISHER.reset();
    }

    @Test
    void shouldAnswer202WithBatchIdCountAndRejectionsAfterPublishing() {
        // given one valid, one invalid number and one recipient without the variable, sent a day from now
        String sendAt = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS).toString();
        String body = """
                {"from": "HERALD", "text": "Hi {{name}}, code {{ code }}",
                 "recipients": [
                   {"to": "+47 912 34 567", "vars": {"name": "Ola", "code": "1234"}, "clientReference": "c-1"},
                   {"to": "12345", "vars": {"name": "X", "code": "1"}},
                   {"to": "41234567", "vars": {"name": "Kari"}}],
                 "sendAt": "%s"}""".formatted(sendAt);

        // when
        Response response = post(body);

        // then
        assertThat(response.getStatus()).isEqualTo(202);
        assertThat(response.getMediaType().toString()).isEqualTo(MediaType.APPLICATION_JSON);
        BatchAccepted accepted = response.readEntity(BatchAccepted.class);
        assertThat(accepted.accepted()).isEqualTo(1);
        assertThat(accepted.rejected()).extracting(Rejection::index, Rejection::to, Rejection::reason,
                        Rejection::pointer)
                .containsExactly(tuple(1, "12345", "not a valid phone number", "/recipients/1/to"),
                        tuple(2, "41234567", "missing variable 'code'", "/recipients/2/vars"));
        assertThat(accepted.segments()).isEqualTo(1);
        assertThat(PUBLISHER.published())
                .extracting(NotificationRequest::getRecipient, NotificationRequest::getText,
                        NotificationRequest::getBatchId, NotificationRequest::getClientReference)
                .containsExactly(tuple("+4791234567", "Hi Ola, code 1234", accepted.batchId(), "c-1"));
        assertThat(PUBLISHER.published().get(0).getNotBefore()).hasToString(sendAt);
        assertThat(accepted.messages()).extracting(BatchAccepted.AcceptedMessage::index,
                        BatchAccepted.AcceptedMessage::messageId)
                .containsExactly(tuple(0, PUBLISHER.published().get(0).getMessageId()));
        assertThat(response.getLocation().getPath()).isEqualTo("/v1/batches/" + accepted.batchId());
        assertThat(PUBLISHER.intakes()).singleElement().satisfies(intake -> {
            assertThat(intake.getBatchId()).isEqualTo(accepted.batchId());
            assertThat(intake.getSource()).isEqualTo(BatchSource.REST);
            assertThat(intake.getChannel()).isEqualTo(Channel.SMS);
            assertThat(intake.getAccepted()).isEqualTo(1);
            assertThat(intake.getRejected()).isEqualTo(2);
            assertThat(intake.getCallbackUrl()).isNull();
            // the rejected recipients, for GET /v1/batches/{id}/rejected, as the 202 listed them
            assertThat(intake.getRejections()).extracting(RecipientRejection::getIndex, RecipientRejection::getTo,
                            RecipientRejection::getReason, RecipientRejection::getPointer)
                    .containsExactly(tuple(1, "12345", "not a valid phone number", "/recipients/1/to"),
                            tuple(2, "41234567", "missing variable 'code'", "/recipients/2/vars"));
        });
    }

    @Test
    void shouldMapMessageIdsToRecipientIndexesAroundRejectionsAndKeepTheCallbackUrl() {
        // given rejections at indexes 0 and 2, and a callback
        String body = """
                {"from": "HERALD", "text": "Hi", "callbackUrl": "https://client.example/hooks/herald?x=1",
                 "recipients": [{"to": "12"}, {"to": "+4791234567"}, {"to": "34"}, {"to": "+4791234568"}]}""";

        // when
        Response response = post(body);

        // then
        assertThat(response.getStatus()).isEqualTo(202);
        BatchAccepted accepted = response.readEntity(BatchAccepted.class);
        assertThat(accepted.messages()).extracting(BatchAccepted.AcceptedMessage::index).containsExactly(1, 3);
        assertThat(accepted.messages()).extracting(BatchAccepted.AcceptedMessage::messageId)
                .containsExactlyElementsOf(PUBLISHER.published().stream().map(NotificationRequest::getMessageId)
                        .toList());
        assertThat(PUBLISHER.intakes()).singleElement().satisfies(intake -> {
            assertThat(intake.getCallbackUrl()).isEqualTo("https://client.example/hooks/herald?x=1");
            assertThat(intake.getAccepted()).isEqualTo(2);
            assertThat(intake.getRejected()).isEqualTo(2);
        });
    }

    @Test
    void shouldAnswer400AtCallbackUrlForAUrlThatIsNotHttpsOrReachesAnInternalAddressAndWriteNothing() {
        for (String url : List.of("ftp://client.example/x", "/relative", "https://", "http://x.example/#frag",
                "http://client.example/x", "https://127.0.0.1:8081/tasks/log-level", "https://2130706433/",
                "https://[::ffff:169.254.169.254]/", "https://metadata.attacker.example/latest")) {
            Response response = post("""
                    {"from": "HERALD", "text": "Hi", "callbackUrl": "%s", "recipients": [{"to": "+4791234567"}]}"""
                    .formatted(url));

            assertThat(response.getStatus()).as(url).isEqualTo(400);
            assertThat(response.readEntity(String.class)).as(url).contains("\"pointer\":\"/callbackUrl\"");
        }
        assertThat(PUBLISHER.published()).isEmpty();
        assertThat(PUBLISHER.intakes()).isEmpty();
    }

    @Test
    void shouldAcceptAnEmailBatchAndAnswer400ProblemForAnEmailBatchWithoutSubject() {
        // given
        String body = """
                {"channel": "email", "from": "Herald <noreply@herald.dev>", "subject": "Hi {{name}}",
                 "text": "Your code: {{code}}", "html": "<p>Your code: <b>{{code}}</b></p>",
                 "recipients": [{"to": "Ola@Example.com", "vars": {"name": "Ola", "code": "<1>"}},
                                {"to": "ola@", "vars": {"name": "X", "code": "2"}}]}""";

        // when
        Response response = post(body);
        Response noSubject = post("""
                {"channel": "email", "from": "noreply@herald.dev", "text": "x",
                 "recipients": [{"to": "ola@example.com"}]}""");

        // then
        assertThat(response.getStatus()).isEqualTo(202);
        BatchAccepted accepted = response.readEntity(BatchAccepted.class);
        assertThat(accepted.accepted()).isEqualTo(1);
        assertThat(accepted.segments()).isZero();
        assertThat(accepted.rejected()).extracting(Rejection::index, Rejection::pointer)
                .containsExactly(tuple(1, "/recipients/1/to"));
        assertThat(PUBLISHER.published())
                .extracting(NotificationRequest::getRecipient, NotificationRequest::getSubject,
                        NotificationRequest::getText, NotificationRequest::getHtml)
                .containsExactly(tuple("ola@example.com", "Hi Ola", "Your code: <1>",
                        "<p>Your code: <b>&lt;1&gt;</b></p>"));
        assertThat(noSubject.getStatus()).isEqualTo(400);
        assertThat(noSubject.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(noSubject.readEntity(Problem.class).errors()).extracting("pointer").containsExactly("/subject");
    }

    @Test
    void shouldAnswerExactlyTheDocumentedShape() {
        // given
        String body = """
                {"from": "HERALD", "text": "Hi", "recipients": [{"to": "+4791234567"}, {"to": "x"}]}""";

        // when
        JsonNode json = post(body).readEntity(JsonNode.class);

        // then
        assertThat(json.fieldNames()).toIterable().containsExactly("batchId", "accepted", "segments", "rejected",
                "messages");
        assertThat(json.get("messages").get(0).fieldNames()).toIterable().containsExactly("index", "messageId");
        assertThat(json.get("rejected").get(0).fieldNames()).toIterable()
                .containsExactly("index", "to", "reason", "pointer");
        assertThat(json.get("rejected").get(0).get("pointer").asText()).isEqualTo("/recipients/1/to");
        assertThat(json.get("accepted").asInt()).isEqualTo(1);
        assertThat(json.get("segments").asLong()).isEqualTo(1);
    }

    @Test
    void shouldAnswer400ProblemWithPointerForMalformedJson() {
        // when
        Response response = post("{\"from\": \"HERALD\", \"recipients\": [{\"to\": \"+4791234567\",}]}");

        // then
        Problem problem = assertProblem(response, 400, "https://herald.dev/problems/malformed-json");
        assertThat(problem.errors()).singleElement().satisfies(error -> {
            assertThat(error.pointer()).isEqualTo("/recipients/0");
            assertThat(error.detail()).startsWith("malformed JSON at line 1, column");
        });
        assertThat(PUBLISHER.published()).isEmpty();
    }

    @Test
    void shouldAnswer400ProblemWithPointerForAWrongType() {
        // when
        Response response = post("{\"from\": \"HERALD\", \"text\": \"x\", \"recipients\": \"x\"}");

        // then
        Problem problem = assertProblem(response, 400, "https://herald.dev/problems/invalid-request");
        assertThat(problem.errors()).extracting("pointer", "detail")
                .containsExactly(tuple("/recipients", "must be an array"));
    }

    @Test
    void shouldAnswer400ProblemWithPointerForAWrongNestedType() {
        // when
        Response response = post("""
                {"from": "HERALD", "text": "x", "recipients": [{"to": "+4791234567", "vars": {"a": {"b": 1}}}]}""");

        // then
        Problem problem = assertProblem(response, 400, "https://herald.dev/problems/invalid-request");
        assertThat(problem.errors()).extracting("pointer", "detail")
                .containsExactly(tuple("/recipients/0/vars/a", "must be a string"));
    }

    @Test
    void shouldAnswer400ProblemForABadInstant() {
        // when
        Response response = post("""
                {"from": "HERALD", "text": "x", "recipients": [{"to": "+4791234567"}], "sendAt": "tomorrow"}""");

        // then
        Problem problem = assertProblem(response, 400, "https://herald.dev/problems/invalid-request");
        assertThat(problem.errors()).extracting("pointer").containsExactly("/sendAt");
    }

    @Test
    void shouldAnswer400ProblemForAnUnknownField() {
        // when
        Response response = post("""
                {"from": "HERALD", "text": "x", "recipients": [{"to": "+4791234567", "name": "Ola"}]}""");

        // then
        Problem problem = assertProblem(response, 400, "https://herald.dev/problems/invalid-request");
        assertThat(problem.errors()).extracting("pointer", "detail")
                .containsExactly(tuple("/recipients/0/name", "is not a known field"));
    }

    @Test
    void shouldAnswer400ProblemForAnEmptyOrMissingRecipientList() {
        // when
        Problem empty = assertProblem(post("{\"from\": \"HERALD\", \"text\": \"x\", \"recipients\": []}"), 400,
                "https://herald.dev/problems/invalid-request");
        Problem missing = assertProblem(post("{\"from\": \"HERALD\", \"text\": \"x\"}"), 400,
                "https://herald.dev/problems/invalid-request");

        // then
        assertThat(empty.errors()).extracting("pointer").containsExactly("/recipients");
        assertThat(missing.errors()).extracting("pointer", "detail").containsExactly(tuple("/recipients", "is required"));
    }

    @Test
    void shouldAnswer400ProblemForTooManyRecipients() {
        // given 6 recipients, limit 5
        String body = "{\"from\": \"HERALD\", \"text\": \"x\", \"recipients\": ["
                + "{\"to\": \"+4791234567\"},".repeat(5) + "{\"to\": \"+4791234567\"}]}";

        // when
        Problem problem = assertProblem(post(body), 400, "https://herald.dev/problems/invalid-request");

        // then
        assertThat(problem.errors()).extracting("pointer", "detail")
                .containsExactly(tuple("/recipients", "must contain at most 5 recipients, has 6"));
        assertThat(PUBLISHER.published()).isEmpty();
    }

    @Test
    void shouldAnswer400ProblemWithPointerForABadSender() {
        // when
        Problem problem = assertProblem(post("""
                {"from": "HERALD NEWS!", "text": "x", "recipients": [{"to": "+4791234567"}]}"""), 400,
                "https://herald.dev/problems/invalid-request");

        // then
        assertThat(problem.errors()).extracting("pointer").containsExactly("/from");
    }

    @Test
    void shouldAnswer400ProblemWithPointerFromForALongDigitOnlySender() {
        // when a 10-digit sender without + (neither a short code nor E.164)
        Problem problem = assertProblem(post("""
                {"from": "4791234567", "text": "x", "recipients": [{"to": "+4791234567"}]}"""), 400,
                "https://herald.dev/problems/invalid-request");

        // then
        assertThat(problem.errors()).extracting("pointer").containsExactly("/from");
        assertThat(problem.errors().get(0).detail()).contains("E.164");
        assertThat(PUBLISHER.published()).isEmpty();
    }

    @Test
    void shouldAcceptGsmAlphanumericShortCodeAndE164Senders() {
        // given / when / then
        for (String from : List.of("Ærlig AS", "2222", "+4791234567")) {
            Response response = post("{\"from\": \"" + from + "\", \"text\": \"x\", "
                    + "\"recipients\": [{\"to\": \"+4791234567\"}]}");
            assertThat(response.getStatus()).as(from).isEqualTo(202);
        }
    }

    @Test
    void shouldRejectARecipientWhoseTextNeedsTooManySegmentsAndCountTheOthersSegments() {
        // given maxSegments 6 (the default): 1000 septets need 7 segments, 403 UCS-2 units 7 too (67 per part);
        // 918 septets are exactly 6 x 153
        String body = """
                {"from": "HERALD", "text": "{{t}}", "recipients": [
                  {"to": "+4791234567", "vars": {"t": "%s"}},
                  {"to": "+4791234568", "vars": {"t": "%s"}},
                  {"to": "+4791234569", "vars": {"t": "%s"}},
                  {"to": "+4791234570", "vars": {"t": "%s"}}]}""".formatted("a".repeat(1000), "ж".repeat(403),
                "b".repeat(918), "καλημέρα");

        // when
        BatchAccepted accepted = post(body).readEntity(BatchAccepted.class);

        // then two rejected with pointer /text, and the accepted ones take 6 + 1 segments
        assertThat(accepted.rejected()).extracting(Rejection::index, Rejection::reason, Rejection::pointer)
                .containsExactly(
                        tuple(0, "text needs 7 SMS segments (GSM7, 1000 septets); at most 6", "/text"),
                        tuple(1, "text needs 7 SMS segments (UCS2, 403 UTF-16 units); at most 6", "/text"));
        assertThat(accepted.accepted()).isEqualTo(2);
        assertThat(accepted.segments()).isEqualTo(7);
    }

    @Test
    void shouldAnswer400ProblemForAnEmptyBody() {
        // when
        Problem problem = assertProblem(post(""), 400, "https://herald.dev/problems/invalid-request");

        // then
        assertThat(problem.errors()).extracting("pointer").containsExactly("");
    }

    @Test
    void shouldAnswer415ProblemForAnotherContentType() {
        // when
        Response response = RESOURCE.target("/v1/batches").request().header(HttpHeaders.AUTHORIZATION, TestAuth.BEARER)
                .post(Entity.entity("from=HERALD", MediaType.APPLICATION_FORM_URLENCODED_TYPE));

        // then
        assertProblem(response, 415, "https://herald.dev/problems/unsupported-media-type");
    }

    @Test
    void shouldAnswer404ProblemForAnUnknownPath() {
        assertProblem(RESOURCE.target("/v1/nothing").request().header(HttpHeaders.AUTHORIZATION, TestAuth.BEARER).get(), 404, "https://herald.dev/problems/not-found");
    }

    @Test
    void shouldAnswer503ProblemToAListWhileNoStatusViewRuns() {
        // when: this resource has no listing (no status view)
        Response response = RESOURCE.target("/v1/batches").request().header(HttpHeaders.AUTHORIZATION, TestAuth.BEARER)
                .get();

        // then
        assertProblem(response, 503, "https://herald.dev/problems/status-unavailable");
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
    }

    @Test
    void shouldAnswer405ProblemWithAllowForAnotherMethod() {
        // when
        Response response = RESOURCE.target("/v1/batches").request().header(HttpHeaders.AUTHORIZATION, TestAuth.BEARER)
                .delete();

        // then
        assertProblem(response, 405, "https://herald.dev/problems/method-not-allowed");
        assertThat(response.getAllowedMethods()).contains("POST", "GET");
    }

    @Test
    void shouldAnswer503ProblemWithRetryAfterWhenThePublisherFails() {
        // given Kafka does not acknowledge
        PUBLISHER.failWith(new PublishException("Kafka did not acknowledge every record of the batch (test)", null));

        // when
        Response response = post("{\"from\": \"HERALD\", \"text\": \"x\", \"recipients\": [{\"to\": \"+4791234567\"}]}");

        // then never a 202
        Problem problem = assertProblem(response, 503, "https://herald.dev/problems/kafka-unavailable");
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("7");
        assertThat(problem.detail()).contains("did not acknowledge");
    }

    @Test
    void shouldAnswer500ProblemWithOnlyAnErrorIdForABug() throws Exception {
        // given a bug below the resource
        PUBLISHER.failWith(new IllegalStateException("secret internal detail"));

        // when
        Response response = post("{\"from\": \"HERALD\", \"text\": \"x\", \"recipients\": [{\"to\": \"+4791234567\"}]}");

        // then the client learns the id under which it was logged, nothing else
        String body = response.readEntity(String.class);
        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(body).doesNotContain("secret", "IllegalStateException", "at io.herald");
        Problem problem = RESOURCE.getObjectMapper().readValue(body, Problem.class);
        assertThat(problem.type()).isEqualTo("https://herald.dev/problems/internal-error");
        assertThat(problem.errorId()).matches("[0-9a-f]{16}");
        assertThat(problem.detail()).contains(problem.errorId());
    }

    @Test
    void shouldEscapeFieldNamesInPointers() {
        // when an unknown field's name holds '/' and '~'
        Response response = post("{\"from\": \"HERALD\", \"a/b~c\": 1}");

        // then per RFC 6901 §3
        Problem problem = assertProblem(response, 400, "https://herald.dev/problems/invalid-request");
        assertThat(problem.errors()).extracting("pointer").containsExactly("/a~1b~0c");
    }

    @Test
    void shouldRefuseScalarsOfTheWrongTypeButTakeNumbersAndBooleansAsVariables() {
        // when a number where a string belongs, and a string where an array belongs
        Problem numberTo = assertProblem(post("""
                {"from": "HERALD", "text": "Hi", "recipients": [{"to": 4791234567}]}"""), 400,
                "https://herald.dev/problems/invalid-request");
        Problem booleanFrom = assertProblem(post("""
                {"from": true, "text": "Hi", "recipients": [{"to": "+4791234567"}]}"""), 400,
                "https://herald.dev/problems/invalid-request");
        Problem objectVar = assertProblem(post("""
                {"from": "HERALD", "text": "Hi {{a}}", "recipients": [{"to": "+4791234567", "vars": {"a": {}}}]}"""),
                400, "https://herald.dev/problems/invalid-request");
        Response numericVars = post("""
                {"from": "HERALD", "text": "Code {{code}}, {{ok}}, {{price}}",
                 "recipients": [{"to": "+4791234567", "vars": {"code": 1234, "ok": true, "price": 1.50}}]}""");

        // then
        assertThat(numberTo.errors()).extracting("pointer").containsExactly("/recipients/0/to");
        assertThat(booleanFrom.errors()).extracting("pointer").containsExactly("/from");
        assertThat(objectVar.errors()).extracting("pointer").containsExactly("/recipients/0/vars/a");
        assertThat(numericVars.getStatus()).isEqualTo(202);
        assertThat(PUBLISHER.published()).extracting(r -> r.getText()).containsExactly("Code 1234, true, 1.50");
    }

    @Test
    void shouldSayHowMuchOfABatchWasWrittenWhenKafkaAcknowledgedOnlyPart() {
        // given Kafka acknowledged 1 of the batch's 2 records
        PUBLISHER.failWith(new PublishException("Kafka did not acknowledge every record of the batch (test)", null,
                1, 2));

        // when
        Problem problem = assertProblem(post("""
                {"from": "HERALD", "text": "Hi", "recipients": [{"to": "+4791234567"}, {"to": "+4791234568"}]}"""),
                503, "https://herald.dev/problems/kafka-unavailable");

        // then
        assertThat(problem.acknowledged()).isEqualTo(1);
        assertThat(problem.total()).isEqualTo(2);
        assertThat(problem.detail()).contains("1 of 2 records were acknowledged");
    }

    @Test
    void shouldAnswerARetryWithTheSameKeyAndBodyWithTheFirstAnswerAndWriteNothing() {
        // given a batch accepted with an idempotency key
        String body = """
                {"from": "HERALD", "text": "Hi {{n}}", "recipients": [{"to": "+4791234567", "vars": {"n": 1, "m": "x"}},
                 {"to": "12"}]}""";
        Response first = post(body, "order-4711");
        String firstBody = first.readEntity(String.class);

        // when the client retries with the same key and the same body, written differently
        Response retry = post("""
                {"recipients": [{"vars": {"m": "x", "n": "1"}, "to": "+4791234567"}, {"to": "12"}],
                 "text": "Hi {{n}}", "from": "HERALD"}""", "order-4711");

        // then the same answer, byte for byte, marked as a replay, and one batch written
        assertThat(first.getStatus()).isEqualTo(202);
        assertThat(first.getHeaderString(BatchResource.REPLAYED_HEADER)).isNull();
        assertThat(retry.getStatus()).isEqualTo(202);
        assertThat(retry.getHeaderString(BatchResource.REPLAYED_HEADER)).isEqualTo("true");
        assertThat(retry.getHeaderString(HttpHeaders.LOCATION)).isEqualTo(first.getHeaderString(HttpHeaders.LOCATION));
        assertThat(retry.readEntity(String.class)).isEqualTo(firstBody).contains("\"rejected\"");
        assertThat(PUBLISHER.published()).hasSize(1);
        assertThat(PUBLISHER.intakes()).hasSize(1);
    }

    @Test
    void shouldRefuseTheSameKeyWithAnotherBodyWith422() {
        // given
        assertThat(post(ONE_RECIPIENT, "order-4712").getStatus()).isEqualTo(202);

        // when the key comes again with another text
        Problem problem = assertProblem(post(ONE_RECIPIENT.replace("\"x\"", "\"y\""), "order-4712"), 422,
                "https://herald.dev/problems/idempotency-key-reused");

        // then
        assertThat(problem.errors()).extracting("pointer").containsExactly("/headers/Idempotency-Key");
        assertThat(PUBLISHER.published()).hasSize(1);
    }

    @Test
    void shouldRunEachRequestWithADifferentKeyOrWithoutKey() {
        // when
        String a = post(ONE_RECIPIENT, "order-4713").readEntity(BatchAccepted.class).batchId();
        String b = post(ONE_RECIPIENT, "order-4714").readEntity(BatchAccepted.class).batchId();
        String c = post(ONE_RECIPIENT).readEntity(BatchAccepted.class).batchId();
        String d = post(ONE_RECIPIENT).readEntity(BatchAccepted.class).batchId();

        // then
        assertThat(List.of(a, b, c, d)).doesNotHaveDuplicates();
        assertThat(PUBLISHER.published()).hasSize(4);
    }

    @Test
    void shouldFreeTheKeyWhenTheBatchFailsSoThatARetryRuns() {
        // given the first attempt is refused by Kafka, and an invalid body with another key
        PUBLISHER.failWith(new PublishException("Kafka did not acknowledge every record of the batch (test)", null));
        assertProblem(post(ONE_RECIPIENT, "order-4715"), 503, "https://herald.dev/problems/kafka-unavailable");
        assertProblem(post("{\"from\": \"HERALD\"}", "order-4716"), 400,
                "https://herald.dev/problems/invalid-request");
        PUBLISHER.failWith(null);

        // when the client retries both, the second one corrected
        Response retry = post(ONE_RECIPIENT, "order-4715");
        Response corrected = post(ONE_RECIPIENT.replace("\"x\"", "\"z\""), "order-4716");

        // then both ran
        assertThat(retry.getStatus()).isEqualTo(202);
        assertThat(retry.getHeaderString(BatchResource.REPLAYED_HEADER)).isNull();
        assertThat(corrected.getStatus()).isEqualTo(202);
        assertThat(PUBLISHER.published()).extracting(r -> r.getText()).containsExactly("x", "z");
    }

    @Test
    void shouldAnswer409WhileARequestWithTheKeyIsRunning() throws Exception {
        // given a request with the key that holds it, as one still running would
        IdempotencyStore.Start running = IDEMPOTENCY.begin(TestAuth.CLIENT_ID, "order-4717",
                new RequestHash(MAPPER).of(MAPPER.readValue(ONE_RECIPIENT, BatchRequest.class)));
        assertThat(running).isInstanceOf(IdempotencyStore.Claimed.class);

        // when
        Response response = post(ONE_RECIPIENT, "order-4717");

        // then
        assertProblem(response, 409, "https://herald.dev/problems/idempotency-key-in-use");
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
        assertThat(PUBLISHER.published()).isEmpty();
    }

    private static final String ONE_RECIPIENT = """
            {"from": "HERALD", "text": "x", "recipients": [{"to": "+4791234567"}]}""";

    @Test
    void shouldAnswer400ForAFieldNamePastJacksonsLimitNot500() {
        String body = "{\"" + "n".repeat(200_000) + "\": 1, \"from\": \"HERALD\", \"text\": \"Hi\", "
                + "\"recipients\": [{\"to\": \"+4791234567\"}]}";

        Problem problem = assertProblem(post(body), 400, "https://herald.dev/problems/malformed-json");

        assertThat(problem.detail()).contains("exceeds a JSON limit").doesNotContain("StreamReadConstraints");
        assertThat(PUBLISHER.published()).isEmpty();
    }

    @Test
    void shouldAnswer400ForANumberWhereAnInstantBelongsAndForYearsNoRecordCanHold() {
        for (String times : List.of("\"sendAt\": 1700000000", "\"sendAt\": 1e999999", "\"expiresAt\": 1.5",
                "\"expiresAt\": \"+1000000000-01-01T00:00:00Z\"", "\"sendAt\": \"-1000000000-01-01T00:00:00Z\"",
                "\"expiresAt\": \"+10000-01-01T00:00:00Z\"")) {
            Response response = post("""
                    {"from": "HERALD", "text": "Hi", %s, "recipients": [{"to": "+4791234567"}]}""".formatted(times));

            assertThat(response.getStatus()).as(times).isEqualTo(400);
            String pointer = times.contains("sendAt") ? "/sendAt" : "/expiresAt";
            assertThat(response.readEntity(String.class)).as(times).contains("\"pointer\":\"" + pointer + "\"");
        }
        assertThat(PUBLISHER.published()).isEmpty();
        assertThat(PUBLISHER.intakes()).isEmpty();
    }

    @Test
    void shouldAnswer400WhenEveryRecipientIsRejectedAndWriteNothing() {
        Response response = post("""
                {"from": "HERALD", "text": "Hi", "recipients": [{"to": "x"}, {"to": "12"}]}""");

        Problem problem = assertProblem(response, 400, "https://herald.dev/problems/invalid-request");
        assertThat(problem.detail()).contains("no recipient was accepted", "2");
        assertThat(problem.errors()).extracting(FieldError::pointer)
                .containsExactly("/recipients/0/to", "/recipients/1/to");
        assertThat(PUBLISHER.published()).isEmpty();
        assertThat(PUBLISHER.intakes()).isEmpty();
    }

    @Test
    void shouldEchoABoundedPrefixOfARejectedValue() {
        String huge = "9".repeat(1024 * 1024);
        JsonNode json = post("""
                {"from": "HERALD", "text": "Hi", "recipients": [{"to": "+4791234567"}, {"to": "%s"}]}"""
                .formatted(huge)).readEntity(JsonNode.class);

        String echoed = json.get("rejected").get(0).get("to").asText();
        assertThat(echoed).hasSize(Rejection.MAX_ECHOED_LENGTH + 1).endsWith("…")
                .startsWith(huge.substring(0, Rejection.MAX_ECHOED_LENGTH));
    }

    @Test
    void aDryRunAnswers200WithWhatASendWouldDoAndWritesNothing() {
        String body = """
                {"from": "HERALD", "text": "Hi {{name}}", "priority": "bulk",
                 "recipients": [{"to": "+4791234567", "vars": {"name": "Ola"}}, {"to": "12", "vars": {"name": "X"}}]}""";

        Response response = RESOURCE.target("/v1/batches").queryParam("dryRun", "true").request()
                .header(HttpHeaders.AUTHORIZATION, TestAuth.BEARER)
                .post(Entity.entity(body, MediaType.APPLICATION_JSON_TYPE));

        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode run = response.readEntity(JsonNode.class);
        assertThat(run.get("accepted").asInt()).isEqualTo(1);
        assertThat(run.get("segments").asLong()).isEqualTo(1);
        assertThat(run.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(run.get("encodings").get("GSM7").asInt()).isEqualTo(1);
        assertThat(run.get("countries").get(0).get("country").asText()).isEqualTo("NO");
        assertThat(run.get("preview").get(0).get("text").asText()).isEqualTo("Hi Ola");
        assertThat(run.get("estimatedCost").isNull()).isTrue();
        assertThat(PUBLISHER.published()).isEmpty();
        assertThat(PUBLISHER.intakes()).isEmpty();

        // and the same errors as a send
        Response invalid = RESOURCE.target("/v1/batches").queryParam("dryRun", "true").request()
                .header(HttpHeaders.AUTHORIZATION, TestAuth.BEARER)
                .post(Entity.entity("{\"from\": \"HERALD\", \"text\": \"Hi\", \"recipients\": [{\"to\": \"12\"}]}",
                        MediaType.APPLICATION_JSON_TYPE));
        assertProblem(invalid, 400, "https://herald.dev/problems/invalid-request");
    }

    private static Response post(String json, String idempotencyKey) {
        return RESOURCE.target("/v1/batches").request().header(HttpHeaders.AUTHORIZATION, TestAuth.BEARER)
                .header(BatchRequest.IDEMPOTENCY_KEY_HEADER, idempotencyKey)
                .post(Entity.entity(json, MediaType.APPLICATION_JSON_TYPE));
    }

    private static Response post(String json) {
        return RESOURCE.target("/v1/batches").request().header(HttpHeaders.AUTHORIZATION, TestAuth.BEARER).post(Entity.entity(json, MediaType.APPLICATION_JSON_TYPE));
    }

    private static Problem assertProblem(Response response, int status, String type) {
        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        Problem problem = response.readEntity(Problem.class);
        assertThat(problem.type()).isEqualTo(type);
        assertThat(problem.status()).isEqualTo(status);
        assertThat(problem.title()).isNotBlank();
        assertThat(problem.detail()).isNotBlank();
        return problem;
    }
}
