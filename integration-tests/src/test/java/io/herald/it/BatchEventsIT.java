package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /v1/batches/{id}/events}: a batch's progress as Server-Sent Events, to its end, on the real stack. */
@ExtendWith(HeraldStackExtension.class)
class BatchEventsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECIPIENTS = 300;

    private final HeraldTestStack stack;
    private final HttpClient http = HttpClient.newHttpClient();

    BatchEventsIT(HeraldTestStack stack) {
        this.stack = stack;
    }

    private HttpResponse<Stream<String>> open(String batchId, String apiKey) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(stack.ingestUrl() + "/v1/batches/" + batchId + "/events"))
                .header("Authorization", "Bearer " + apiKey).header("Accept", "text/event-stream")
                .timeout(Duration.ofMinutes(3)).GET().build(), HttpResponse.BodyHandlers.ofLines());
    }

    @Test
    void aBatchsProgressStreamsUntilItsEndAndOnlyToItsClient() throws Exception {
        // given a batch sent slowly enough to be seen moving
        stack.smsc().smppLatency(20);
        try {
            IngestHttp.Response posted = stack.ingestHttp().postBatch(IngestHttp.batch("HERALD", "Your parcel",
                    IngestHttp.recipients(RECIPIENTS)));
            assertThat(posted.status()).isEqualTo(202);
            String batchId = posted.body().get("batchId").asText();

            // when its events are followed
            HttpResponse<Stream<String>> response = open(batchId, stack.ingestApiKey());
            while (response.statusCode() == 404) {
                // the status view has not read the batch yet
                Thread.sleep(200);
                response = open(batchId, stack.ingestApiKey());
            }
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("text/event-stream"));
            List<String> events = new ArrayList<>();
            List<JsonNode> data = new ArrayList<>();
            Iterator<String> lines = response.body().iterator();
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("event: ")) {
                    events.add(line.substring(7));
                } else if (line.startsWith("data: ")) {
                    data.add(JSON.readTree(line.substring(6)));
                }
            }

            // then each event is the batch's view, the counts never fall, and the last one, "end", has it done
            assertThat(events).isNotEmpty().last().isEqualTo("end");
            assertThat(events.subList(0, events.size() - 1)).containsOnly("batch");
            assertThat(data).hasSameSizeAs(events).allSatisfy(view ->
                    assertThat(view.get("batchId").asText()).isEqualTo(batchId));
            for (int i = 1; i < data.size(); i++) {
                long before = data.get(i - 1).get("sent").asLong() + data.get(i - 1).get("delivered").asLong();
                long after = data.get(i).get("sent").asLong() + data.get(i).get("delivered").asLong();
                assertThat(after).isGreaterThanOrEqualTo(before);
            }
            JsonNode end = data.get(data.size() - 1);
            assertThat(end.get("pending").asLong()).isZero();
            assertThat(end.get("sent").asLong() + end.get("delivered").asLong()).isEqualTo(RECIPIENTS);

            // and another client's key learns nothing of it
            assertThat(open(batchId, HeraldTestStack.OTHER_CLIENT_KEY).statusCode()).isEqualTo(404);
        } finally {
            stack.smsc().smppLatency(0);
        }
    }
}
