package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.schema.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client with a valid key, used as an attacker would, on the real stack (beside {@link BadInputIT}, which covers
 * malformed input): each attempt gets its 4xx problem (RFC 9457) with a pointer to the field, nothing reaches Kafka,
 * ingest stays healthy, and a valid batch is accepted afterwards.
 *
 * <p>The stack allows callbacks to {@value HeraldTestStack#CALLBACK_RECEIVER_HOST} over http (its tests' receivers
 * listen there); every other internal address stays refused, as in production.
 */
@ExtendWith(HeraldStackExtension.class)
class HostileClientIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void callbacksCannotBeAimedAtInternalAddressesInAnySpelling(HeraldTestStack stack) throws Exception {
        // given the ingest service's own admin port (Dropwizard's POST /tasks/log-level takes its parameters from the
        // query string), and the spellings of loopback, metadata and private addresses an attacker would try
        int admin = URI.create(stack.ingest().adminUrl()).getPort();
        String marker = "SSRF" + UUID.randomUUID().toString().replace("-", "");
        List<String> urls = List.of(
                "http://127.0.0.1:" + admin + "/tasks/log-level?logger=ROOT&level=OFF",
                "https://127.0.0.1:" + admin + "/tasks/gc",
                "http://localhost:" + admin + "/tasks/log-level?logger=ROOT&level=OFF",
                "http://127.1:" + admin + "/tasks/gc",
                "http://2130706433:" + admin + "/tasks/gc",
                "http://0x7f000001:" + admin + "/tasks/gc",
                "http://0177.0.0.1:" + admin + "/tasks/gc",
                "http://0.0.0.0:" + admin + "/tasks/gc",
                "http://0:" + admin + "/tasks/gc",
                "http://[::1]:" + admin + "/tasks/gc",
                "http://[::]:" + admin + "/tasks/gc",
                "http://[::ffff:127.0.0.1]:" + admin + "/tasks/gc",
                "http://[::ffff:7f00:1]:" + admin + "/tasks/gc",
                "http://127.0.0.3:" + admin + "/tasks/gc",
                "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                "http://[fd00:ec2::254]/latest/meta-data/",
                "http://100.100.100.200/latest/meta-data/",
                "http://[::ffff:a9fe:a9fe]/latest/meta-data/",
                "http://10.0.0.1/", "http://172.16.0.1/", "http://192.168.1.1/", "http://[fe80::1]/",
                "http://[fc00::1]/", "http://224.0.0.1/", "http://255.255.255.255/");
        Map<TopicPartition, Long> before = TopicRecords.endOffsets(stack.bootstrapServers(), Topics.REQUESTS,
                Topics.BATCHES);
        IngestClient client = stack.ingestClient();

        // when a batch with each is submitted
        SoftAssertions softly = new SoftAssertions();
        for (String url : urls) {
            ObjectNode batch = IngestClient.batch("HERALD", marker,
                    List.of(new IngestClient.Recipient(TestRecipients.norwegianMobiles(1).get(0), Map.of())));
            batch.put("callbackUrl", url);
            IngestClient.Response response = client.postBatch(batch);

            // then each is a 400 problem pointing at /callbackUrl
            softly.assertThat(response.status()).as("%s: %s", url, response.raw()).isEqualTo(400);
            softly.assertThat(response.contentType()).as("%s: Content-Type", url).startsWith("application/problem+json");
            softly.assertThat(response.raw()).as(url).contains("\"pointer\":\"/callbackUrl\"");
        }
        softly.assertAll();

        // and nothing was written, the service is healthy, and a valid batch is accepted
        assertThat(TopicRecords.endOffsets(stack.bootstrapServers(), Topics.REQUESTS, Topics.BATCHES))
                .isEqualTo(before);
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(stack.ingest().adminUrl()
                + "/healthcheck")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        IngestClient.Response valid = client.postBatch(IngestClient.batch("HERALD", marker,
                List.of(new IngestClient.Recipient(TestRecipients.norwegianMobiles(1).get(0), Map.of()))));
        assertThat(valid.status()).as(valid.raw()).isEqualTo(202);
    }
}
