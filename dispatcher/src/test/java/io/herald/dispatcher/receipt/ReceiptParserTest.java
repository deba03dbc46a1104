package io.herald.dispatcher.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.schema.DeliveryReceipt;
import io.herald.schema.DeliveryState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;
import org.junit.jupiter.api.Test;

class ReceiptParserTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    static DeliverSm receipt(String text, OptionalParameter... tlvs) {
        DeliverSm pdu = new DeliverSm();
        pdu.setEsmClass((byte) 0x04);
        pdu.setSourceAddr("4791234567");
        pdu.setShortMessage(text.getBytes(StandardCharsets.US_ASCII));
        pdu.setOptionalParameters(tlvs);
        return pdu;
    }

    @Test
    void readsTheAppendixBText() {
        DeliveryReceipt r = ReceiptParser.parse(receipt("id:0123456789 sub:001 dlvrd:001 submit date:2611271000 "
                + "done date:2611271001 stat:DELIVRD err:000 text:Hello"), "smpp", NOW).orElseThrow();
        assertThat(r.getGatewayMessageId()).isEqualTo("0123456789");
        assertThat(r.getStat()).isEqualTo("DELIVRD");
        assertThat(r.getErrorCode()).isEqualTo("000");
        assertThat(r.getDoneAt()).isEqualTo(Instant.parse("2026-11-27T10:01:00Z"));
        assertThat(r.getReceivedAt()).isEqualTo(NOW);
        assertThat(r.getRecipient()).isEqualTo("4791234567");
        assertThat(r.getGateway()).isEqualTo("smpp");
    }

    @Test
    void tlvsWinOverTheText() {
        DeliveryReceipt r = ReceiptParser.parse(receipt("id:2712847316 stat:DELIVRD err:000",
                new OptionalParameter.Receipted_message_id("a1b2c3d4"),
                new OptionalParameter.Message_state((byte) 5)), "smpp", NOW).orElseThrow();
        assertThat(r.getGatewayMessageId()).isEqualTo("a1b2c3d4");
        assertThat(r.getStat()).isEqualTo("UNDELIV");
    }

    @Test
    void toleratesOtherSpellingsOrderAndSeconds() {
        DeliveryReceipt r = ReceiptParser.parse(receipt("STAT:undeliverable ERR:012 Id:ABC done date:261127100159"),
                "smpp", NOW).orElseThrow();
        assertThat(r.getGatewayMessageId()).isEqualTo("ABC");
        assertThat(r.getStat()).isEqualTo("UNDELIV");
        assertThat(r.getErrorCode()).isEqualTo("012");
        assertThat(r.getDoneAt()).isEqualTo(Instant.parse("2026-11-27T10:01:59Z"));
    }

    @Test
    void aReceiptWithoutIdOrStateIsNotRead() {
        assertThat(ReceiptParser.parse(receipt("sub:001 stat:DELIVRD"), "smpp", NOW)).isEmpty();
        assertThat(ReceiptParser.parse(receipt("id:42 stat:WHATEVER"), "smpp", NOW)).isEmpty();
    }

    @Test
    void unreadableDoneDateIsNull() {
        assertThat(ReceiptParser.parse(receipt("id:42 done date:2613999999 stat:EXPIRED"), "smpp", NOW)
                .orElseThrow().getDoneAt()).isNull();
    }

    @Test
    void mobileOriginatedMessageIsNotAReceipt() {
        DeliverSm mo = receipt("STOP");
        mo.setEsmClass((byte) 0x00);
        assertThat(ReceiptParser.isReceipt(mo)).isFalse();
        assertThat(ReceiptParser.isReceipt(receipt("id:1 stat:DELIVRD"))).isTrue();
    }

    @Test
    void statesMapToHeraldStates() {
        assertThat(ReceiptStat.ofText("DELIVRD").flatMap(ReceiptStat::deliveryState))
                .contains(DeliveryState.DELIVERED);
        assertThat(ReceiptStat.ofText("rejectd").flatMap(ReceiptStat::deliveryState))
                .contains(DeliveryState.REJECTED);
        assertThat(ReceiptStat.ofText("EXPIRED").flatMap(ReceiptStat::deliveryState))
                .contains(DeliveryState.EXPIRED);
        assertThat(ReceiptStat.ofText("DELETED").flatMap(ReceiptStat::deliveryState))
                .contains(DeliveryState.UNDELIVERED);
        assertThat(ReceiptStat.ofText("ENROUTE").flatMap(ReceiptStat::deliveryState)).isEmpty();
        assertThat(ReceiptStat.ofMessageState(8)).contains(ReceiptStat.REJECTD);
        assertThat(ReceiptStat.ofMessageState(9)).isEqualTo(Optional.empty());
    }

    @Test
    void masksNumbersWrittenWithoutPlus() {
        assertThat(ReceiptParser.maskedAddress("4791234567")).isEqualTo("+47912****67");
    }
}
