package io.herald.smsc.smpp;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.smsc.SmscSimulatorConfig.ReceiptIdFormat;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReceiptOutcomesTest {

    @Test
    void idFormats() {
        assertThat(new DeliveryReceipts.Outcomes(ReceiptIdFormat.SAME, 0, 1).receiptId("00a1b2c3d4"))
                .isEqualTo("00a1b2c3d4");
        assertThat(new DeliveryReceipts.Outcomes(ReceiptIdFormat.DECIMAL, 0, 1).receiptId("00a1b2c3d4"))
                .isEqualTo("2712847316");
        DeliveryReceipts.Outcomes mixed = new DeliveryReceipts.Outcomes(ReceiptIdFormat.MIXED, 0, 1);
        assertThat(IntStream.range(0, 4).mapToObj(i -> mixed.receiptId("ff")))
                .containsExactly("ff", "255", "ff", "255");
    }

    @Test
    void undeliveredRate() {
        assertThat(new DeliveryReceipts.Outcomes(ReceiptIdFormat.SAME, 0.0, 1).delivered()).isTrue();
        assertThat(new DeliveryReceipts.Outcomes(ReceiptIdFormat.SAME, 1.0, 1).delivered()).isFalse();
        DeliveryReceipts.Outcomes half = new DeliveryReceipts.Outcomes(ReceiptIdFormat.SAME, 0.5, 7);
        long delivered = IntStream.range(0, 1000).filter(i -> half.delivered()).count();
        assertThat(delivered).isBetween(400L, 600L);
    }

    @Test
    void undeliveredText() {
        Instant t = Instant.parse("2026-11-27T10:00:00Z");
        assertThat(DeliveryReceiptText.undelivered("ab", t, t, "Hi"))
                .isEqualTo("id:ab sub:001 dlvrd:000 submit date:2611271000 done date:2611271000 stat:UNDELIV "
                        + "err:001 text:Hi");
    }
}
