package io.herald.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.api.QuietHoursRequest;
import io.herald.ingest.auth.ApiClient;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A client's default quiet hours ({@code auth.clients.<id>.quietHours}) apply to its SMS batches that give none. */
class ClientQuietHoursTest {

    private static final QuietHoursRequest NIGHT = new QuietHoursRequest("21:00", "08:00");
    private final ApiClient acme = new ApiClient("acme", new ApiClient.Quota(10, 1000), Set.of(), NIGHT);

    @Test
    void anSmsBatchWithoutQuietHoursGetsItsClientsAndOneWithItsOwnKeepsThem() {
        BatchRequest sms = new BatchRequest("HERALD", "x", List.of(), null, null);
        assertThat(BatchIngestor.withClientQuietHours(acme, sms).quietHours()).isEqualTo(NIGHT);
        QuietHoursRequest own = new QuietHoursRequest("22:00", "07:00");
        assertThat(BatchIngestor.withClientQuietHours(acme, sms.withQuietHours(own)).quietHours()).isEqualTo(own);
    }

    @Test
    void otherChannelsAndClientsWithoutThemGetNone() {
        BatchRequest mail = new BatchRequest("a@example.com", "x", List.of(), null, null, null,
                BatchRequest.CHANNEL_EMAIL, "s", null);
        assertThat(BatchIngestor.withClientQuietHours(acme, mail).quietHours()).isNull();
        ApiClient plain = new ApiClient("plain", new ApiClient.Quota(10, 1000));
        assertThat(BatchIngestor.withClientQuietHours(plain, new BatchRequest("HERALD", "x", List.of(), null, null))
                .quietHours()).isNull();
    }
}
