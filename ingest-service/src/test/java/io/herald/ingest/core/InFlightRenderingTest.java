package io.herald.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import io.herald.ingest.api.BatchAccepted;
import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.api.RecipientRequest;
import io.herald.ingest.auth.ApiClient;
import io.herald.ingest.auth.TestAuth;
import io.herald.ingest.metrics.IngestMeters;
import io.herald.schema.BatchIntake;
import io.herald.schema.NotificationRequest;
import io.herald.schema.StatusCallbackTarget;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A batch's rendered output takes from maxInFlightBytes beside the request bodies, so that many small requests that
 * render large cannot together fill the heap: 2 bytes per rendered char, held until the records were acknowledged.
 */
class InFlightRenderingTest {

    private static final int LIMIT = 1 << 20;

    private final InFlightBytes inFlight = new InFlightBytes(LIMIT);
    private final List<Long> heldWhilePublishing = new ArrayList<>();
    private final RecordingPublisher records = new RecordingPublisher();
    private final BatchIngestor ingestor = new BatchIngestor(
            new BatchPreparer(new BatchLimits(1_000, 1_600), new PhoneNumberNormalizer("NO"), Clock.systemUTC()),
            new RequestPublisher() {
                @Override
                public void publish(List<NotificationRequest> requests) {
                    heldWhilePublishing.add(inFlight.held());
                    records.publish(requests);
                }

                @Override
                public void publishIntake(BatchIntake intake) {
                    records.publishIntake(intake);
                }

                @Override
                public void publishStatusCallbackTarget(StatusCallbackTarget target) {
                    records.publishStatusCallbackTarget(target);
                }
            }, new CallbackKeys(Map.of()),
            new CallbackTargets(List.of(), false, Map.of(), InetAddress::getAllByName), TestAuth.quotas(),
            new MetricRegistry(), new IngestMeters(new SimpleMeterRegistry()), Clock.systemUTC(), inFlight);
    private final ApiClient client = new ApiClient("c", new ApiClient.Quota(100, 1_000_000));

    /** @return a batch of n recipients whose text renders to 900 chars (6 GSM 7-bit segments) each from "{{a}}" */
    private static BatchRequest batch(int n) {
        List<RecipientRequest> recipients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            recipients.add(new RecipientRequest("+47912" + String.format("%05d", i), Map.of("a", "x".repeat(900)),
                    null));
        }
        return new BatchRequest("HERALD", "{{a}}", recipients, null, null, null, null, null, null);
    }

    @Test
    void theRenderedOutputIsHeldUntilTheRecordsWereAcknowledged() {
        BatchAccepted accepted = ingestor.ingest(client, batch(100));

        assertThat(accepted.accepted()).isEqualTo(100);
        assertThat(heldWhilePublishing).containsExactly(100L * 900 * 2);
        assertThat(inFlight.held()).isZero();
    }

    @Test
    void aBatchThatDoesNotFitBesideTheOthersIsA503AndGivesEverythingBack() {
        // given other requests hold half the budget
        assertThat(inFlight.tryAcquire(LIMIT / 2)).isTrue();

        // when a batch would render 540,000 bytes of text (300 recipients x 900 chars x 2 bytes)
        assertThatThrownBy(() -> ingestor.ingest(client, batch(300)))
                .isInstanceOfSatisfying(IngestBusyException.class,
                        e -> assertThat(e.getCode()).isEqualTo(ErrorCode.INGEST_BUSY));

        // then nothing was written, and only the others' half is held
        assertThat(records.published()).isEmpty();
        assertThat(inFlight.held()).isEqualTo(LIMIT / 2);
        // and once they are done, the same batch fits
        inFlight.release(LIMIT / 2);
        assertThat(ingestor.ingest(client, batch(300)).accepted()).isEqualTo(300);
        assertThat(inFlight.held()).isZero();
    }
}
