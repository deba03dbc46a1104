package io.herald.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.api.FieldError;
import io.herald.ingest.api.QuietHoursRequest;
import io.herald.ingest.api.RecipientRequest;
import io.herald.ingest.auth.ApiClient;
import io.herald.ingest.auth.TestAuth;
import io.herald.ingest.metrics.IngestMeters;
import io.herald.schema.NotificationRequest;
import io.herald.schema.PriorityLane;
import io.herald.schema.PushPriority;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A batch's {@code priority} picks its lane; a client's {@code maxPriority} bounds it. */
class PriorityLaneTest {

    private static final String APNS_TOKEN = "a".repeat(64);

    private final RecordingPublisher publisher = new RecordingPublisher();
    private final BatchPreparer preparer = new BatchPreparer(new BatchLimits(10, 1_600),
            new PhoneNumberNormalizer("NO"), Clock.systemUTC());
    private final BatchIngestor ingestor = new BatchIngestor(preparer, publisher, new CallbackKeys(Map.of()),
            new CallbackTargets(List.of(), false, Map.of(), InetAddress::getAllByName), TestAuth.quotas(),
            new MetricRegistry(), new IngestMeters(new SimpleMeterRegistry()), Clock.systemUTC());
    private final ApiClient normalOnly = new ApiClient("campaigns", new ApiClient.Quota(100, 100_000), Set.of(),
            null, PriorityLane.NORMAL);

    private static BatchRequest sms(String priority) {
        return new BatchRequest("HERALD", "Your code is 4711", List.of(new RecipientRequest("+4791234567", null,
                null)), null, null, null, null, null, null, null, null, null, null, null, null, priority, null, null,
                null, null, null);
    }

    private static BatchRequest push(String priority) {
        return new BatchRequest(null, null, List.of(new RecipientRequest(APNS_TOKEN, null, null, "ios")), null, null,
                null, "push", null, null, null, null, "Body", null, null, null, priority, null, null, null, null, null);
    }

    @Test
    void theLaneIsNormalUnlessTheBatchNamesOneInAnyCase() {
        assertThat(preparer.prepare(sms(null)).requests().get(0).getLane()).isEqualTo(PriorityLane.NORMAL);
        assertThat(preparer.prepare(sms("HIGH")).requests().get(0).getLane()).isEqualTo(PriorityLane.HIGH);
        assertThat(preparer.prepare(sms("bulk")).requests().get(0).getLane()).isEqualTo(PriorityLane.BULK);
        assertThatThrownBy(() -> preparer.prepare(sms("urgent"))).isInstanceOfSatisfying(
                InvalidBatchException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError("/priority", "must be high, normal or bulk")));
    }

    @Test
    void aPushBatchsPriorityAlsoSetsThePushServicesOwn() {
        NotificationRequest none = preparer.prepare(push(null)).requests().get(0);
        assertThat(none.getPriority()).isEqualTo(PushPriority.HIGH);
        assertThat(none.getLane()).isEqualTo(PriorityLane.NORMAL);
        assertThat(preparer.prepare(push("high")).requests().get(0).getPriority()).isEqualTo(PushPriority.HIGH);
        assertThat(preparer.prepare(push("normal")).requests().get(0).getPriority()).isEqualTo(PushPriority.NORMAL);
        NotificationRequest bulk = preparer.prepare(push("bulk")).requests().get(0);
        assertThat(bulk.getPriority()).isEqualTo(PushPriority.NORMAL);
        assertThat(bulk.getLane()).isEqualTo(PriorityLane.BULK);
    }

    @Test
    void aPriorityAboveTheClientsMaxIsA403AtPriorityAndNothingIsWritten() {
        assertThatThrownBy(() -> ingestor.ingest(normalOnly, sms("high")))
                .isInstanceOfSatisfying(PriorityNotAllowedException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(ErrorCode.PRIORITY_NOT_ALLOWED);
                    assertThat(e.getCode().status()).isEqualTo(403);
                    assertThat(e.errors()).extracting(FieldError::pointer).containsExactly("/priority");
                    assertThat(e.errors().get(0).detail()).contains("high", "maxPriority normal",
                            "auth.clients.campaigns.maxPriority");
                });
        assertThat(publisher.published()).isEmpty();

        ingestor.ingest(normalOnly, sms("normal"));
        ingestor.ingest(normalOnly, sms("bulk"));
        ingestor.ingest(normalOnly, sms(null));
        ingestor.ingest(TestAuth.CLIENT, sms("high"));
        assertThat(publisher.published()).extracting(NotificationRequest::getLane).containsExactly(
                PriorityLane.NORMAL, PriorityLane.BULK, PriorityLane.NORMAL, PriorityLane.HIGH);
    }

    @Test
    void aHighBatchIgnoresItsClientsDefaultQuietHoursButKeepsItsOwn() {
        QuietHoursRequest night = new QuietHoursRequest("21:00", "08:00");
        ApiClient client = new ApiClient("acme", new ApiClient.Quota(10, 1000), Set.of(), night);
        assertThat(BatchIngestor.withClientQuietHours(client, sms("high")).quietHours()).isNull();
        assertThat(BatchIngestor.withClientQuietHours(client, sms("bulk")).quietHours()).isEqualTo(night);
        QuietHoursRequest own = new QuietHoursRequest("22:00", "07:00");
        assertThat(BatchIngestor.withClientQuietHours(client, sms("high").withQuietHours(own)).quietHours())
                .isEqualTo(own);
    }
}
