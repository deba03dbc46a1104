package io.herald.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.api.FieldError;
import io.herald.ingest.api.RecipientRequest;
import io.herald.ingest.auth.ApiClient;
import io.herald.ingest.auth.TestAuth;
import io.herald.ingest.metrics.IngestMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A client sends only from the senders the operator gave it (auth.clients.<id>.senders). */
class SenderAllowlistTest {

    private final RecordingPublisher publisher = new RecordingPublisher();
    private final BatchIngestor ingestor = new BatchIngestor(
            new BatchPreparer(new BatchLimits(10, 1_600), new PhoneNumberNormalizer("NO"), Clock.systemUTC()),
            publisher, new CallbackKeys(Map.of()),
            new CallbackTargets(List.of(), false, Map.of(), InetAddress::getAllByName), TestAuth.quotas(),
            new MetricRegistry(), new IngestMeters(new SimpleMeterRegistry()), Clock.systemUTC());
    private final ApiClient limited = new ApiClient("limited", new ApiClient.Quota(100, 100_000),
            Set.of("HERALD", "@herald.dev", "alerts@example.com"));

    private static BatchRequest sms(String from) {
        return new BatchRequest(from, "Hi", List.of(new RecipientRequest("+4791234567", null, null)), null, null,
                null, null, null, null);
    }

    private static BatchRequest email(String from) {
        return new BatchRequest(from, "Hi", List.of(new RecipientRequest("ola@example.no", null, null)), null, null,
                null, "email", "Subject", null);
    }

    @Test
    void anotherSendersBatchIsA403AtFromAndNothingIsWritten() {
        for (BatchRequest request : List.of(sms("ACME"), sms("herald"), email("Bank <noreply@bank.example>"),
                email("noreply@example.com"), email("x@sub.herald.dev"))) {
            assertThatThrownBy(() -> ingestor.ingest(limited, request)).as(request.from())
                    .isInstanceOfSatisfying(SenderNotAllowedException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(ErrorCode.SENDER_NOT_ALLOWED);
                        assertThat(e.getCode().status()).isEqualTo(403);
                        assertThat(e.errors()).extracting(FieldError::pointer).containsExactly("/from");
                    });
        }
        assertThat(publisher.published()).isEmpty();
    }

    @Test
    void itsOwnSendersGoThroughAndAClientWithoutAListMaySendFromAny() {
        assertThat(ingestor.ingest(limited, sms("HERALD")).accepted()).isEqualTo(1);
        assertThat(ingestor.ingest(limited, email("Herald <NoReply@Herald.dev>")).accepted()).isEqualTo(1);
        assertThat(ingestor.ingest(limited, email("alerts@example.com")).accepted()).isEqualTo(1);
        assertThat(ingestor.ingest(TestAuth.CLIENT, sms("ACME")).accepted()).isEqualTo(1);
        assertThat(publisher.published()).hasSize(4);
    }
}
