package io.herald.ingest.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.herald.ingest.api.BatchRejections;
import io.herald.ingest.api.BatchView;
import io.herald.ingest.api.Rejection;
import io.herald.kafka.AvroBinarySerde;
import io.herald.schema.BatchIntake;
import io.herald.schema.BatchSource;
import io.herald.schema.Channel;
import io.herald.schema.DeliveryState;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.RecipientRejection;
import io.herald.schema.Topics;
import io.herald.schema.TrustedAvroClasses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status topology on Kafka's TopologyTestDriver (the Avro values in plain binary: no registry here). */
class StatusTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, DeliveryStatus> status;
    private TestInputTopic<String, BatchIntake> intakes;
    private TestOutputTopic<String, String> completed;
    private KeyValueStore<String, MessageStatusView> messages;
    private KeyValueStore<String, BatchCounters> batches;
    private KeyValueStore<String, MessageState> batchMessages;
    private KeyValueStore<String, ClientBatch> clientBatches;
    private KeyValueStore<String, StoredRejections> rejections;

    @BeforeEach
    void start() throws IOException {
        TrustedAvroClasses.install();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "status-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(stateDir.resolve("state")).toString());
        driver = new TopologyTestDriver(StatusTopology.build(new AvroBinarySerde<>(DeliveryStatus.class),
                new AvroBinarySerde<>(BatchIntake.class)), props);
        status = driver.createInputTopic(Topics.STATUS, new StringSerializer(),
                new AvroBinarySerde<>(DeliveryStatus.class).serializer());
        intakes = driver.createInputTopic(Topics.BATCHES, new StringSerializer(),
                new AvroBinarySerde<>(BatchIntake.class).serializer());
        completed = driver.createOutputTopic(Topics.BATCHES_COMPLETED, new StringDeserializer(),
                new StringDeserializer());
        messages = driver.getKeyValueStore(StatusTopology.MESSAGES_STORE);
        batches = driver.getKeyValueStore(StatusTopology.BATCHES_STORE);
        batchMessages = driver.getKeyValueStore(StatusTopology.BATCH_MESSAGES_STORE);
        clientBatches = driver.getKeyValueStore(StatusTopology.CLIENT_BATCHES_STORE);
        rejections = driver.getKeyValueStore(StatusTopology.BATCH_REJECTIONS_STORE);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void countsEachMessageOnceUnderItsLatestStateAndKeepsItsHistory() {
        send("m1", "b1", DeliveryState.SENT, 1);
        send("m2", "b1", DeliveryState.SENT, 2);
        send("m3", "b1", DeliveryState.FAILED, 3);
        send("m1", "b1", DeliveryState.DELIVERED, 4);
        send("m9", "b2", DeliveryState.SUPPRESSED, 5);

        BatchCounters b1 = batches.get("b1");
        assertThat(b1.byState()).isEqualTo(Map.of("SENT", 1L, "DELIVERED", 1L, "FAILED", 1L));
        assertThat(b1.messages()).isEqualTo(3);
        assertThat(b1.firstEventAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(b1.lastEventAt()).isEqualTo(T0.plusSeconds(4));
        assertThat(batches.get("b2").byState()).isEqualTo(Map.of("SUPPRESSED", 1L));
        MessageStatusView m1 = messages.get("m1");
        assertThat(m1.state()).isEqualTo("DELIVERED");
        assertThat(m1.batchId()).isEqualTo("b1");
        assertThat(m1.updatedAt()).isEqualTo(T0.plusSeconds(4));
        assertThat(m1.history()).extracting(MessageStatusView.Event::state).containsExactly("SENT", "DELIVERED");
        assertThat(m1.history().get(0).gateway()).isEqualTo("smpp");
        assertThat(m1.clientId()).as("kept from SENT; the receipt's DELIVERED names no client").isEqualTo("acme");
    }

    @Test
    void aLateSentNeverReplacesAFinalStateButEntersTheHistory() {
        send("m1", "b1", DeliveryState.SENT, 1);
        send("m1", "b1", DeliveryState.DELIVERED, 2);
        send("m1", "b1", DeliveryState.SENT, 3);

        assertThat(messages.get("m1").state()).isEqualTo("DELIVERED");
        assertThat(messages.get("m1").updatedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(messages.get("m1").history()).hasSize(3);
        assertThat(batches.get("b1").byState()).isEqualTo(Map.of("DELIVERED", 1L));
    }

    @Test
    void aFailedMessageReplayedFromTheDlqTakesTheStateOfItsLaterAttempt() {
        send("m1", "b1", DeliveryState.FAILED, 1, 3);
        send("m1", "b1", DeliveryState.SENT, 2, 3);
        assertThat(messages.get("m1").state()).as("a late SENT of the same attempt").isEqualTo("FAILED");

        send("m1", "b1", DeliveryState.SENT, 3, 4);
        assertThat(messages.get("m1").state()).as("the SENT of the replay's attempt").isEqualTo("SENT");
        assertThat(batches.get("b1").byState()).isEqualTo(Map.of("SENT", 1L));
        send("m1", "b1", DeliveryState.DELIVERED, 4, 4);

        assertThat(messages.get("m1").state()).isEqualTo("DELIVERED");
        assertThat(messages.get("m1").history()).extracting(MessageStatusView.Event::attempt)
                .containsExactly(3, 3, 4, 4);
        assertThat(batches.get("b1").byState()).isEqualTo(Map.of("DELIVERED", 1L));
    }

    @Test
    void keepsAtMostTwentyEventsPerMessage() {
        for (int i = 0; i < 25; i++) {
            send("m1", "b1", DeliveryState.SENT, i);
        }

        List<MessageStatusView.Event> history = messages.get("m1").history();
        assertThat(history).hasSize(MessageStatusView.MAX_HISTORY);
        assertThat(history.get(0).at()).isEqualTo(T0.plusSeconds(5));
        assertThat(batches.get("b1").byState()).isEqualTo(Map.of("SENT", 1L));
    }

    @Test
    void aRestBatchCompletesOnceWhenNoMessageIsPendingAndPublishesItsCounters() {
        intake("b1", BatchSource.REST, 3, 1, 0, "https://example.com/hook");
        send("m1", "b1", DeliveryState.SENT, 1);
        send("m2", "b1", DeliveryState.FAILED, 2);
        assertThat(batches.get("b1").view().pending()).isEqualTo(1);
        assertThat(batches.get("b1").view().progress()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(completed.isEmpty()).isTrue();

        send("m3", "b1", DeliveryState.SUPPRESSED, 3);
        send("m1", "b1", DeliveryState.DELIVERED, 4);

        BatchView view = batches.get("b1").view();
        assertThat(view.total()).isEqualTo(4);
        assertThat(view.accepted()).isEqualTo(3);
        assertThat(view.rejected()).isEqualTo(1);
        assertThat(view.pending()).isZero();
        assertThat(view.progress()).isEqualTo(1.0);
        assertThat(view.delivered()).isEqualTo(1);
        assertThat(view.failed()).isEqualTo(1);
        assertThat(view.suppressed()).isEqualTo(1);
        assertThat(view.completedAt()).isEqualTo(T0.plusSeconds(3));
        List<KeyValue<String, String>> done = completed.readKeyValuesToList();
        assertThat(done).hasSize(1);
        assertThat(done.get(0).key).isEqualTo("b1");
        assertThat(done.get(0).value).contains("\"batchId\":\"b1\"", "\"pending\":0", "\"failed\":1",
                "\"suppressed\":1", "\"sent\":1");
        assertThat(batches.get("b1").callbackUrl()).isEqualTo("https://example.com/hook");
    }

    @Test
    void statusesBeforeTheIntakeAreCountedAndTheTotalsFollowIt() {
        send("m1", "b1", DeliveryState.SENT, 1);
        BatchView before = batches.get("b1").view();
        assertThat(before.accepted()).isNull();
        assertThat(before.pending()).isNull();
        assertThat(before.progress()).isNull();
        assertThat(before.sent()).isEqualTo(1);

        intake("b1", BatchSource.REST, 1, 0, 0, null);

        assertThat(batches.get("b1").view().completedAt()).isEqualTo(T0);
        assertThat(completed.readKeyValuesToList()).hasSize(1);
    }

    @Test
    void aBatchWithEveryRecipientRejectedCompletesAtOnce() {
        intake("b1", BatchSource.REST, 0, 5, 0, null);

        BatchView view = batches.get("b1").view();
        assertThat(view.total()).isEqualTo(5);
        assertThat(view.progress()).isEqualTo(1.0);
        assertThat(view.completedAt()).isEqualTo(T0);
        assertThat(completed.readKeyValuesToList()).hasSize(1);
    }

    @Test
    void aBulkLoadSumsItsLinesAndIsCompleteOnlyWhileNothingIsPending() {
        intake("bulk-1", BatchSource.BULK, 1, 0, 0, null);
        intake("bulk-1", BatchSource.BULK, 0, 1, 1, null);
        send("m1", "bulk-1", DeliveryState.SENT, 2);
        assertThat(batches.get("bulk-1").completedAt()).isEqualTo(T0.plusSeconds(2));

        intake("bulk-1", BatchSource.BULK, 1, 0, 3, null);
        assertThat(batches.get("bulk-1").completedAt()).isNull();
        send("m2", "bulk-1", DeliveryState.SENT, 4);

        BatchView view = batches.get("bulk-1").view();
        assertThat(batches.get("bulk-1").clientId()).as("from the intake").isEqualTo("acme");
        assertThat(view.source()).isEqualTo("BULK");
        assertThat(view.accepted()).isEqualTo(2);
        assertThat(view.rejected()).isEqualTo(1);
        assertThat(view.completedAt()).isEqualTo(T0.plusSeconds(4));
        assertThat(completed.isEmpty()).as("bulk loads publish no completion: more lines may come").isTrue();
    }

    @Test
    void theBatchsMessageIndexHoldsEachMessagesLatestStateUnderItsBatch() {
        send("m1", "b1", DeliveryState.SENT, 1);
        send("m2", "b1", DeliveryState.SENT, 1);
        send("m1", "b1", DeliveryState.DELIVERED, 3);
        send("m2", "b1", DeliveryState.SENT, 4);
        send("m3", "b2", DeliveryState.FAILED, 2);

        Map<String, MessageState> b1 = new java.util.TreeMap<>();
        try (var entries = batchMessages.prefixScan(MessageState.prefix("b1"), new StringSerializer())) {
            entries.forEachRemaining(e -> b1.put(e.key.substring(MessageState.prefix("b1").length()), e.value));
        }
        assertThat(b1).containsOnlyKeys("m1", "m2");
        assertThat(b1.get("m1")).isEqualTo(new MessageState("DELIVERED", T0.plusSeconds(3)));
        assertThat(b1.get("m2")).as("a repeated SENT changes nothing").isEqualTo(new MessageState("SENT",
                T0.plusSeconds(1)));
        assertThat(batchMessages.get(MessageState.key("b2", "m3")).state()).isEqualTo("FAILED");
    }

    @Test
    void theClientIndexListsEachClientsBatchesNewestFirstOnceEach() {
        intakeOf("acme", "old", 1, 10);
        intakeOf("acme", "new", 3, 5);
        intakeOf("other", "theirs", 2, 7);
        intakeOf("acme", "middle", 2, 1);
        // a bulk load's later line of the old batch, and one written before its first: the batch moves back
        intakeOf("acme", "old", 4, 2);
        intakeOf("acme", "new", 0, 1);

        List<ClientBatch> acme = new java.util.ArrayList<>();
        try (var entries = clientBatches.range(ClientBatchKeys.first("acme"), ClientBatchKeys.last("acme"))) {
            entries.forEachRemaining(e -> acme.add(e.value));
        }
        assertThat(acme).extracting(ClientBatch::batchId).containsExactly("middle", "old", "new");
        assertThat(acme.get(1).accepted()).as("both intakes of 'old'").isEqualTo(12);
        assertThat(acme.get(2).createdAt()).as("the earlier intake's time").isEqualTo(T0);
        assertThat(acme.get(2).accepted()).isEqualTo(6);
        assertThat(clientBatches.get(ClientBatchKeys.byId("acme", "new")).accepted()).isEqualTo(6);
        assertThat(clientBatches.get(ClientBatchKeys.byId("acme", "theirs"))).as("another client's").isNull();
    }

    @Test
    void theRejectionsStoreKeepsARestBatchsListedRecipientsAndABulkLoadsCountUnderTheBatchsClient() {
        intakes.pipeInput("rest", BatchIntake.newBuilder().setBatchId("rest").setSource(BatchSource.REST)
                .setChannel(Channel.SMS).setAccepted(8).setRejected(3).setTimestamp(T0).setClientId("acme")
                .setRejections(List.of(new RecipientRejection(2, "12", "not a valid phone number", "/recipients/2/to"),
                        new RecipientRejection(5, null, "missing variable 'code'", "/recipients/5/vars")))
                .build());
        intake("bulk", BatchSource.BULK, 0, 1, 1, null);
        intake("bulk", BatchSource.BULK, 1, 0, 2, null);
        intake("bulk", BatchSource.BULK, 0, 1, 3, null);
        // not written by Herald: keyed otherwise than by its batch id, so a lookup by id would not find its partition
        intakes.pipeInput("elsewhere", BatchIntake.newBuilder().setBatchId("stray").setSource(BatchSource.REST)
                .setChannel(Channel.SMS).setAccepted(1).setRejected(1).setTimestamp(T0).setClientId("acme").build());

        StoredRejections rest = rejections.get("rest");
        assertThat(rest.clientId()).isEqualTo("acme");
        BatchRejections view = rest.view();
        assertThat(view.rejected()).isEqualTo(3);
        assertThat(view.truncated()).as("3 rejected, 2 listed").isTrue();
        assertThat(view.recipients()).containsExactly(
                new Rejection(2, "12", "not a valid phone number", "/recipients/2/to"),
                new Rejection(5, null, "missing variable 'code'", "/recipients/5/vars"));
        BatchRejections bulk = rejections.get("bulk").view();
        assertThat(bulk.source()).isEqualTo("BULK");
        assertThat(bulk.rejected()).isEqualTo(2);
        assertThat(bulk.recipients()).isEmpty();
        assertThat(rejections.get("stray")).isNull();
        assertThat(rejections.get("elsewhere")).isNull();
    }

    private void intakeOf(String clientId, String batchId, int second, int accepted) {
        intakes.pipeInput(batchId, BatchIntake.newBuilder().setBatchId(batchId).setSource(BatchSource.BULK)
                .setChannel(Channel.SMS).setAccepted(accepted).setRejected(0)
                .setTimestamp(T0.plusSeconds(second)).setCallbackUrl(null).setClientId(clientId).build());
    }

    private void intake(String batchId, BatchSource source, int accepted, int rejected, int second,
                        String callbackUrl) {
        intakes.pipeInput(batchId, BatchIntake.newBuilder().setBatchId(batchId).setSource(source)
                .setChannel(Channel.SMS).setAccepted(accepted).setRejected(rejected)
                .setTimestamp(T0.plusSeconds(second)).setCallbackUrl(callbackUrl).setClientId("acme").build());
    }

    private void send(String messageId, String batchId, DeliveryState state, int second) {
        send(messageId, batchId, state, second, 1);
    }

    private void send(String messageId, String batchId, DeliveryState state, int second, int attempt) {
        status.pipeInput(messageId, DeliveryStatus.newBuilder()
                .setMessageId(messageId).setBatchId(batchId).setState(state)
                .setGatewayMessageId(null).setGatewayMessageIds(List.of()).setGateway("smpp")
                .setErrorCode(state == DeliveryState.FAILED ? "ESME_RINVDSTADR" : null).setErrorText(null)
                .setSegments(1).setTimestamp(T0.plusSeconds(second)).setAttempt(attempt)
                // As the dispatcher writes them: events from the request name its client, receipts do not.
                .setClientId(state == DeliveryState.DELIVERED ? null : "acme").build());
    }
}
