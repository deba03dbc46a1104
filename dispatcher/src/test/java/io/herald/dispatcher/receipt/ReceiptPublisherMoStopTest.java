package io.herald.dispatcher.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.dispatcher.Fixtures;
import io.herald.dispatcher.admin.ReceiptStats;
import io.herald.dispatcher.status.StatusPublisher;
import io.herald.dispatcher.suppression.MoStopHandler;
import io.herald.dispatcher.suppression.StopKeywords;
import io.herald.schema.SuppressionEntry;
import io.herald.schema.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.junit.jupiter.api.Test;

/** ReceiptPublisher with a MoStopHandler, on real jSMPP DeliverSm PDUs; Kafka is MockProducer. */
class ReceiptPublisherMoStopTest {

    private static final Clock CLOCK = Clock.fixed(Fixtures.NOW, ZoneOffset.UTC);

    private final ReceiptStats stats = new ReceiptStats();

    private ReceiptPublisher publisher(MockProducer<byte[], byte[]> producer, long storeTimeoutMs) {
        StatusPublisher status = new StatusPublisher(producer, Fixtures.statusSerializer());
        MoStopHandler moStop = new MoStopHandler(new StopKeywords(List.of("STOP", "STOPP", "UNSUBSCRIBE")), status,
                storeTimeoutMs, stats, CLOCK);
        return new ReceiptPublisher(status, (topic, receipt) -> new byte[0], "smpp", storeTimeoutMs, stats, CLOCK,
                moStop);
    }

    private static MockProducer<byte[], byte[]> autoAcking() {
        return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A mobile-originated deliver_sm (esm_class 0: not a receipt) from an international number. */
    static DeliverSm mo(String text) {
        DeliverSm pdu = new DeliverSm();
        pdu.setEsmClass((byte) 0x00);
        pdu.setSourceAddrTon(TypeOfNumber.INTERNATIONAL.value());
        pdu.setSourceAddr("4791234567");
        pdu.setDestAddress("2222");
        pdu.setShortMessage(text.getBytes(StandardCharsets.ISO_8859_1));
        return pdu;
    }

    @Test
    void stopFromAnInternationalNumberIsWrittenToTheSuppressionTopicBeforeTheAnswer() throws Exception {
        // given
        MockProducer<byte[], byte[]> producer = autoAcking();
        // when a STOP in any case, with white space, arrives
        publisher(producer, 1000).onDeliverSm(mo("  sTop \r\n"));
        // then one entry keyed by the E.164 sender, source mo-stop, is in notify.suppressions
        assertThat(producer.history()).hasSize(1);
        ProducerRecord<byte[], byte[]> written = producer.history().get(0);
        assertThat(written.topic()).isEqualTo(Topics.SUPPRESSIONS);
        assertThat(new String(written.key(), StandardCharsets.UTF_8)).isEqualTo("+4791234567");
        SuppressionEntry entry = SuppressionEntry.fromJson(written.value());
        assertThat(entry.recipient()).isEqualTo("+4791234567");
        assertThat(entry.source()).isEqualTo(SuppressionEntry.SOURCE_MO_STOP);
        assertThat(entry.at()).isEqualTo(Fixtures.NOW);
        assertThat(stats.moStop()).isEqualTo(1);
        assertThat(stats.mobileOriginated()).isEqualTo(1);
    }

    @Test
    void everyConfiguredKeywordCountsIgnoringCase() throws Exception {
        MockProducer<byte[], byte[]> producer = autoAcking();
        ReceiptPublisher publisher = publisher(producer, 1000);

        publisher.onDeliverSm(mo("Stopp"));
        publisher.onDeliverSm(mo("unsubscribe"));

        assertThat(producer.history()).extracting(ProducerRecord::topic)
                .containsExactly(Topics.SUPPRESSIONS, Topics.SUPPRESSIONS);
        assertThat(stats.moStop()).isEqualTo(2);
    }

    @Test
    void anotherMobileOriginatedMessageIsOnlyCountedAndAcknowledged() throws Exception {
        MockProducer<byte[], byte[]> producer = autoAcking();

        publisher(producer, 1000).onDeliverSm(mo("Please stop sending me these"));

        assertThat(producer.history()).isEmpty();
        assertThat(stats.mobileOriginated()).isEqualTo(1);
        assertThat(stats.moStop()).isZero();
    }

    @Test
    void stopNotAcknowledgedByKafkaInTimeIsAnsweredWithSystemErrorSoTheSmscResends() {
        // given a producer that never acknowledges
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        // when / then
        assertThatThrownBy(() -> publisher(producer, 50).onDeliverSm(mo("STOP")))
                .isInstanceOfSatisfying(ProcessRequestException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(SMPPConstant.STAT_ESME_RSYSERR));
        assertThat(stats.moStop()).isZero();
    }

    @Test
    void stopFromANationalNumberIsCountedUnresolvedAndNotWritten() throws Exception {
        MockProducer<byte[], byte[]> producer = autoAcking();
        DeliverSm pdu = mo("STOP");
        pdu.setSourceAddrTon(TypeOfNumber.NATIONAL.value());
        pdu.setSourceAddr("91234567");

        publisher(producer, 1000).onDeliverSm(pdu);

        assertThat(producer.history()).isEmpty();
        assertThat(stats.moStopUnresolved()).isEqualTo(1);
    }

    @Test
    void stopInUcs2IsRecognised() throws Exception {
        MockProducer<byte[], byte[]> producer = autoAcking();
        DeliverSm pdu = mo("");
        pdu.setDataCoding((byte) 0x08);
        pdu.setShortMessage("STOP".getBytes(StandardCharsets.UTF_16BE));

        publisher(producer, 1000).onDeliverSm(pdu);

        assertThat(producer.history()).extracting(ProducerRecord::topic).containsExactly(Topics.SUPPRESSIONS);
    }

    @Test
    void withoutAStopHandlerAStopIsOnlyCounted() throws Exception {
        MockProducer<byte[], byte[]> producer = autoAcking();
        StatusPublisher status = new StatusPublisher(producer, Fixtures.statusSerializer());

        new ReceiptPublisher(status, (topic, receipt) -> new byte[0], "smpp", 1000, stats, CLOCK).onDeliverSm(mo("STOP"));

        assertThat(producer.history()).isEmpty();
        assertThat(stats.mobileOriginated()).isEqualTo(1);
    }
}
