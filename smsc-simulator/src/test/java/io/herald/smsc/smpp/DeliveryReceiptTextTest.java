package io.herald.smsc.smpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.util.DeliveryReceiptState;
import org.junit.jupiter.api.Test;

class DeliveryReceiptTextTest {

    @Test
    void shouldFollowAppendixBWithTheFirst20Characters() throws Exception {
        // when
        String text = DeliveryReceiptText.delivered("00000a1b2c", Instant.parse("2026-11-22T08:05:00Z"),
                Instant.parse("2026-11-22T08:06:59Z"), "Hello, this is longer than twenty");

        // then
        assertThat(text).isEqualTo("id:00000a1b2c sub:001 dlvrd:001 submit date:2611220805 done date:2611220806 "
                + "stat:DELIVRD err:000 text:Hello, this is longe");
        DeliveryReceipt parsed = new DeliveryReceipt(text);
        assertThat(parsed.getId()).isEqualTo("00000a1b2c");
        assertThat(parsed.getFinalStatus()).isEqualTo(DeliveryReceiptState.DELIVRD);
    }

    @Test
    void shouldReplaceCharactersThatDifferBetweenAsciiAndGsm() {
        // when
        String text = DeliveryReceiptText.delivered("1", Instant.EPOCH, Instant.EPOCH, "Pris 5$ @ kiosk_ø 📦");

        // then
        assertThat(text).endsWith("text:Pris 5? ? kiosk?? ?");
    }
}
