package io.herald.ingest.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The status topology reads every instant it wrote, and every other form Jackson read, as before. */
class IsoInstantDeserializerTest {

    @Test
    void readsWhatInstantToStringWritesForAnyPrecision() {
        SplittableRandom random = new SplittableRandom(2026);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_799L),
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1000;
                        default -> random.nextInt(1_000_000_000);
                    });
            assertThat(IsoInstantDeserializer.parse(instant.toString())).as(instant.toString()).isEqualTo(instant);
        }
    }

    @Test
    void leavesOtherFormsToJackson() {
        for (String text : List.of("2026-12-07T13:55:00+01:00", "2026-12-07T13:55Z", "2026-02-30T00:00:00Z",
                "2026-13-01T00:00:00Z", "2026-12-07T24:00:00Z", "2026-12-07T13:55:00.Z",
                "2026-12-07T13:55:00.1234567890Z", "+12026-12-07T13:55:00Z", "2026-12-07 13:55:00Z",
                "2026-1a-07T13:55:00Z")) {
            assertThat(IsoInstantDeserializer.parse(text)).as(text).isNull();
        }
    }

    @Test
    void theSerdeReadsNewAndOldValuesAlike() {
        JsonSerde<MessageStatusView.Event> serde = new JsonSerde<>(MessageStatusView.Event.class);
        Instant at = Instant.parse("2026-12-07T13:55:00.123Z");
        MessageStatusView.Event event = new MessageStatusView.Event("SENT", at, "smpp", null, 1);
        byte[] written = serde.serializer().serialize("t", event);
        assertThat(new String(written, StandardCharsets.UTF_8)).contains("\"2026-12-07T13:55:00.123Z\"");
        assertThat(serde.deserializer().deserialize("t", written)).isEqualTo(event);
        // a form this deserializer leaves to Jackson's: an offset, and a number of seconds
        assertThat(serde.deserializer().deserialize("t", "{\"state\":\"SENT\",\"at\":\"2026-12-07T14:55:00.123+01:00\"}"
                .getBytes(StandardCharsets.UTF_8)).at()).isEqualTo(at);
        assertThat(serde.deserializer().deserialize("t", "{\"state\":\"SENT\",\"at\":1765115700.123}"
                .getBytes(StandardCharsets.UTF_8)).at()).isEqualTo(Instant.parse("2025-12-07T13:55:00.123Z"));
    }
}
