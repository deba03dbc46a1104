package io.herald.dispatcher.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.dispatcher.admin.ReceiptStats;
import io.herald.kafka.AvroBinarySerde;
import io.herald.schema.DeliveryReceipt;
import io.herald.schema.DeliveryState;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The correlator's topology on Kafka's TopologyTestDriver: notify.status is both an input (SENT) and the output
 * (final states), so the output topic is read for non-SENT events only.
 */
class ReceiptCorrelatorTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final long RETENTION_MS = Duration.ofHours(1).toMillis();
    private static final long UNMATCHED_MS = Duration.ofMinutes(1).toMillis();

    @TempDir
    Path stateDir;

    private final ReceiptStats stats = new ReceiptStats();
    private TopologyTestDriver driver;
    private TestInputTopic<String, DeliveryStatus> status;
    private TestInputTopic<String, DeliveryReceipt> receipts;
    private TestOutputTopic<String, DeliveryStatus> output;

    @BeforeEach
    void start() {
        start(true);
    }

    private void start(boolean convert) {
        if (driver != null) {
            driver.close();
        }
        AvroBinarySerde<DeliveryStatus> statusSerde = new AvroBinarySerde<>(DeliveryStatus.class);
        AvroBinarySerde<DeliveryReceipt> receiptSerde = new AvroBinarySerde<>(DeliveryReceipt.class);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "receipts-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ReceiptCorrelator.topology(
                new ReceiptSettings(true, convert, RETENTION_MS, UNMATCHED_MS, 1000, 5000), statusSerde, receiptSerde,
                stats), props, T0);
        status = driver.createInputTopic(Topics.STATUS, new StringSerializer(), statusSerde.serializer(), T0,
                Duration.ZERO);
        receipts = driver.createInputTopic(Topics.RECEIPTS, new StringSerializer(), receiptSerde.serializer(), T0,
                Duration.ZERO);
        output = driver.createOutputTopic(Topics.STATUS, new StringDeserializer(), statusSerde.deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private static DeliveryStatus sent(String messageId, String... gatewayIds) {
        return DeliveryStatus.newBuilder().setMessageId(messageId).setBatchId("b1").setState(DeliveryState.SENT)
                .setGatewayMessageId(gatewayIds[0]).setGatewayMessageIds(List.of(gatewayIds)).setGateway("smpp")
                .setSegments(gatewayIds.length).setTimestamp(T0).setAttempt(1).build();
    }

    private static DeliveryReceipt receipt(String id, String stat) {
        return DeliveryReceipt.newBuilder().setGatewayMessageId(id).setStat(stat).setErrorCode("000")
                .setReceivedAt(T0.plusSeconds(5)).setRecipient("4791234567").setGateway("smpp").build();
    }

    private void receive(DeliveryReceipt receipt) {
        receipts.pipeInput(GatewayMessageIds.canonical(receipt.getGatewayMessageId()), receipt);
    }

    /** The non-SENT events written to notify.status. */
    private List<DeliveryStatus> finalStates() {
        return output.readValuesToList().stream().filter(s -> s.getState() != DeliveryState.SENT).toList();
    }

    @Test
    void receiptAfterSentGivesDelivered() {
        status.pipeInput("m1", sent("m1", "00a1b2c3d4"));
        receive(receipt("00a1b2c3d4", "DELIVRD"));

        List<DeliveryStatus> out = finalStates();
        assertThat(out).hasSize(1);
        DeliveryStatus delivered = out.get(0);
        assertThat(delivered.getMessageId()).isEqualTo("m1");
        assertThat(delivered.getBatchId()).isEqualTo("b1");
        assertThat(delivered.getState()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(delivered.getGatewayMessageId()).isEqualTo("00a1b2c3d4");
        assertThat(delivered.getSegments()).isEqualTo(1);
        assertThat(delivered.getErrorCode()).isNull();
        assertThat(stats.matched()).isEqualTo(1);
        assertThat(stats.finalStates()).isEqualTo(1);
    }

    @Test
    void decimalReceiptMatchesHexSubmissionAndTheReverse() {
        status.pipeInput("m1", sent("m1", "00a1b2c3d4"));
        receive(receipt("2712847316", "DELIVRD"));
        status.pipeInput("m2", sent("m2", "1234567890"));
        receive(receipt("499602D2", "DELIVRD"));

        assertThat(finalStates()).extracting(DeliveryStatus::getMessageId).containsExactlyInAnyOrder("m1", "m2");
    }

    @Test
    void withoutConversionADecimalReceiptDoesNotMatchAHexId() {
        start(false);
        status.pipeInput("m1", sent("m1", "00a1b2c3d4"));
        receive(receipt("2712847316", "DELIVRD"));
        assertThat(finalStates()).isEmpty();
    }

    @Test
    void receiptBeforeSentWaitsForIt() {
        receive(receipt("ff01", "DELIVRD"));
        assertThat(finalStates()).isEmpty();
        status.pipeInput("m1", sent("m1", "FF01"));
        assertThat(finalStates()).extracting(DeliveryStatus::getState).containsExactly(DeliveryState.DELIVERED);
    }

    @Test
    void multipartIsDeliveredOnlyWhenEveryPartIs() {
        status.pipeInput("m1", sent("m1", "a1", "a2", "a3"));
        receive(receipt("a1", "DELIVRD"));
        receive(receipt("a3", "DELIVRD"));
        assertThat(finalStates()).isEmpty();
        receive(receipt("a2", "DELIVRD"));
        List<DeliveryStatus> out = finalStates();
        assertThat(out).extracting(DeliveryStatus::getState).containsExactly(DeliveryState.DELIVERED);
        assertThat(out.get(0).getSegments()).isEqualTo(3);
    }

    @Test
    void oneFailedPartFailsTheMessageOnceAndLaterReceiptsAreIgnored() {
        status.pipeInput("m1", sent("m1", "b1", "b2"));
        receive(receipt("b1", "ENROUTE"));
        receive(receipt("b2", "UNDELIV"));
        receive(receipt("b1", "DELIVRD"));
        receive(receipt("b2", "UNDELIV"));
        List<DeliveryStatus> out = finalStates();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).getState()).isEqualTo(DeliveryState.UNDELIVERED);
        assertThat(out.get(0).getErrorCode()).isEqualTo("UNDELIV");
        assertThat(out.get(0).getErrorText()).contains("err:000").contains("part 2 of 2");
    }

    @Test
    void expiredAndRejectedReceipts() {
        status.pipeInput("m1", sent("m1", "c1"));
        status.pipeInput("m2", sent("m2", "c2"));
        receive(receipt("c1", "EXPIRED"));
        receive(receipt("c2", "REJECTD"));
        assertThat(finalStates()).extracting(DeliveryStatus::getState)
                .containsExactlyInAnyOrder(DeliveryState.EXPIRED, DeliveryState.REJECTED);
    }

    @Test
    void aReceiptThatMatchesNothingIsCountedAfterTheTimeout() {
        receive(receipt("dead", "DELIVRD"));
        driver.advanceWallClockTime(Duration.ofMillis(UNMATCHED_MS + 20_000));
        assertThat(stats.unmatched()).isEqualTo(1);
        // Gone: a SENT event arriving after the timeout finds no receipt waiting.
        status.pipeInput("m1", sent("m1", "dead"));
        assertThat(finalStates()).isEmpty();
    }

    @Test
    void submissionsAreForgottenAfterTheRetention() {
        status.pipeInput("m1", sent("m1", "e1"));
        driver.advanceWallClockTime(Duration.ofMillis(RETENTION_MS + 20_000));
        receive(receipt("e1", "DELIVRD"));
        assertThat(finalStates()).isEmpty();
    }

    @Test
    void anExactIdIsNotReplacedByAnotherMessagesConvertedForm() {
        // "10" is message A's id; message B's hex id "a" read... as decimal: 10. B's converted form must not win.
        status.pipeInput("a", sent("a", "10"));
        status.pipeInput("b", sent("b", "a"));
        receive(receipt("10", "DELIVRD"));
        assertThat(finalStates()).extracting(DeliveryStatus::getMessageId).containsExactly("a");
    }

    @Test
    void failedAndOtherEventsAreNotSubmissions() {
        assertThat(ReceiptCorrelator.submissions(DeliveryStatus.newBuilder(sent("m1", "x"))
                .setState(DeliveryState.FAILED).build(), true)).isEmpty();
        assertThat(ReceiptCorrelator.submissions(sent("m1", "x1", "x2"), false))
                .extracting(kv -> kv.key).containsExactly("x1", "x2");
    }
}
