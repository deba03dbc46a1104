package io.herald.ingest.status;

import io.herald.ingest.api.BatchView;
import io.herald.ingest.api.Rejection;
import io.herald.schema.BatchIntake;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.Topics;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The status topology: reads {@code notify.status} (key messageId) and {@code notify.batches} (key batchId) and keeps
 * five RocksDB stores, changelogged, for interactive queries:
 * <ul>
 *   <li>{@value #MESSAGES_STORE}, key messageId: the message's latest state and its last
 *       {@value MessageStatusView#MAX_HISTORY} events ({@link MessageStatusView}); partitioned as
 *       {@code notify.status}, so a message's events arrive in order;</li>
 *   <li>{@value #BATCH_MESSAGES_STORE}, key {@code <batchId> NUL <messageId>}: each message's latest state, kept by the
 *       batch step beside the counters (same partition as the batch), for the batch's report;</li>
 *   <li>{@value #CLIENT_BATCHES_STORE}: each client's batches newest first ({@link ClientBatchKeys}), from the intakes
 *       repartitioned by client id through {@value #BY_CLIENT}, so that one task holds all of a client's;</li>
 *   <li>{@value #BATCH_REJECTIONS_STORE}, key batchId: the batch's client, its rejected count and the rejected
 *       recipients its REST intake listed ({@link StoredRejections}), read from {@code notify.batches} as
 *       partitioned there;</li>
 *   <li>{@value #BATCHES_STORE}, key batchId: how many of the batch's messages are in each state, each message once,
 *       under its latest state, and the sums of its intakes ({@link BatchCounters}). When a message's latest state
 *       changes, the message step sends the change ({@code Transition}) through the repartition topic
 *       {@value #BY_BATCH} keyed by batchId, and so goes every intake, so that one task counts all of a batch.</li>
 * </ul>
 * Every store has Kafka Streams' record cache in front (its size is {@code statestore.cache.max.bytes}): a batch's
 * counters change with each of its messages, and are written to RocksDB and their changelog once per commit (or when
 * the cache is full), not once per message; so is a message whose SENT and final state come within one commit. When a
 * REST batch has no message pending any more, its final counters ({@link BatchCompletion}, JSON) go once to {@code
 * notify.batches.completed}, where the completion callbacks are sent from. A final state (FAILED, DELIVERED,
 * UNDELIVERED, EXPIRED, REJECTED, SUPPRESSED, CANCELLED) is never replaced by SENT: a SENT written again after a crash
 * (the sent ledger's skip) comes late. The event still enters the history. The one exception is a FAILED followed by an
 * event of a later attempt: the message was replayed from the DLQ ({@code herald dlq replay}, which keeps its attempt
 * count), and its batch counts it under its new state. Run it with {@code processing.guarantee=exactly_once_v2}, so
 * that a store update and the change it sends are one transaction.
 */
public final class StatusTopology {

    /** The message store's name. */
    public static final String MESSAGES_STORE = "message-status";
    /** The batch store's name. */
    public static final String BATCHES_STORE = "batch-counters";
    /** The batches' message index's name: key {@code <batchId> NUL <messageId>}, value {@link MessageState}. */
    public static final String BATCH_MESSAGES_STORE = "batch-messages";
    /** The client index's name: each client's batches, newest first ({@link ClientBatchKeys}, {@link ClientBatch}). */
    public static final String CLIENT_BATCHES_STORE = "client-batches";
    /**
     * The rejections store's name: key batchId, value {@link StoredRejections}; partitioned as {@code notify.batches}
     * (no repartition), since ingest keys a batch's intakes by its id.
     */
    public static final String BATCH_REJECTIONS_STORE = "batch-rejections";
    /** The repartition topic's name (the application id is prefixed, {@code -repartition} appended). */
    public static final String BY_BATCH = "status-by-batch";
    /** The client index's repartition topic's name: intakes keyed by client id. */
    public static final String BY_CLIENT = "batches-by-client";

    /** The states a message ends in. */
    public static final Set<String> FINAL_STATES = Set.of("FAILED", "DELIVERED", "UNDELIVERED", "EXPIRED",
            "REJECTED", "SUPPRESSED", "CANCELLED");

    private StatusTopology() {
    }

    /**
     * @param statusSerde the serde of {@code notify.status} values (Herald's Avro serde in production)
     * @param intakeSerde the serde of {@code notify.batches} values
     * @return the topology
     */
    public static Topology build(Serde<DeliveryStatus> statusSerde, Serde<BatchIntake> intakeSerde) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MESSAGES_STORE),
                Serdes.String(), new JsonSerde<>(MessageStatusView.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BATCHES_STORE),
                Serdes.String(), new JsonSerde<>(BatchCounters.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BATCH_MESSAGES_STORE),
                Serdes.String(), new JsonSerde<>(MessageState.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CLIENT_BATCHES_STORE),
                Serdes.String(), new JsonSerde<>(ClientBatch.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BATCH_REJECTIONS_STORE),
                Serdes.String(), new JsonSerde<>(StoredRejections.class)).withCachingEnabled());
        KStream<String, BatchUpdate> transitions = builder
                .stream(Topics.STATUS, Consumed.with(Serdes.String(), statusSerde).withName("status-source"))
                .process(MessageStep::new, Named.as("message-state"), MESSAGES_STORE);
        KStream<String, BatchIntake> intakeRecords = builder
                .stream(Topics.BATCHES, Consumed.with(Serdes.String(), intakeSerde).withName("intake-source"))
                .filter((batchId, intake) -> intake != null, Named.as("intake-present"));
        KStream<String, BatchUpdate> intakes = intakeRecords
                .map((batchId, intake) -> KeyValue.pair(intake.getBatchId(), new BatchUpdate(null, new Intake(
                        intake.getSource().name(), intake.getChannel().name(), intake.getAccepted(),
                        intake.getRejected(), intake.getTimestamp(), intake.getCallbackUrl(), intake.getClientId()))),
                        Named.as("intake-update"));
        transitions.merge(intakes, Named.as("batch-updates"))
                .repartition(Repartitioned.with(Serdes.String(), new JsonSerde<>(BatchUpdate.class)).withName(BY_BATCH))
                .process(BatchStep::new, Named.as("batch-counters"), BATCHES_STORE, BATCH_MESSAGES_STORE)
                .to(Topics.BATCHES_COMPLETED, Produced.with(Serdes.String(), new JsonSerde<>(BatchCompletion.class))
                        .withName("completed-sink"));
        KStream<String, BatchIntake> clientIntakes = intakeRecords
                .filter((batchId, intake) -> intake.getClientId() != null, Named.as("intake-of-client"));
        clientIntakes.process(RejectionStep::new, Named.as("batch-rejections"), BATCH_REJECTIONS_STORE);
        clientIntakes
                .map((batchId, intake) -> KeyValue.pair(intake.getClientId(), new ClientBatch(intake.getBatchId(),
                        intake.getSource().name(), intake.getChannel().name(), intake.getAccepted(),
                        intake.getRejected(), intake.getTimestamp())), Named.as("client-batch"))
                .repartition(Repartitioned.with(Serdes.String(), new JsonSerde<>(ClientBatch.class))
                        .withName(BY_CLIENT))
                .process(ClientIndexStep::new, Named.as("client-index"), CLIENT_BATCHES_STORE);
        return builder.build();
    }

    /** Updates the message's view and sends a change of its latest state on, keyed by batchId. */
    private static final class MessageStep implements Processor<String, DeliveryStatus, String, BatchUpdate> {
        private ProcessorContext<String, BatchUpdate> context;
        private KeyValueStore<String, MessageStatusView> store;

        @Override
        public void init(ProcessorContext<String, BatchUpdate> context) {
            this.context = context;
            this.store = context.getStateStore(MESSAGES_STORE);
        }

        @Override
        public void process(Record<String, DeliveryStatus> record) {
            DeliveryStatus status = record.value();
            if (status == null) {
                return;
            }
            String messageId = status.getMessageId();
            String state = status.getState().name();
            MessageStatusView.Event event = new MessageStatusView.Event(state, status.getTimestamp(),
                    status.getGateway(), status.getErrorCode(), status.getAttempt());
            MessageStatusView old = store.get(messageId);
            MessageStatusView view;
            if (old == null) {
                view = new MessageStatusView(messageId, status.getBatchId(), state, event.at(), List.of(event),
                        status.getClientId());
            } else {
                boolean regress = FINAL_STATES.contains(old.state()) && !FINAL_STATES.contains(state)
                        && !(old.state().equals("FAILED") && old.isLaterAttempt(event));
                view = old.with(event, regress ? old.state() : state, status.getClientId());
            }
            store.put(messageId, view);
            if (old == null || !old.state().equals(view.state())) {
                context.forward(new Record<>(view.batchId(), new BatchUpdate(new Transition(messageId,
                        old == null ? null : old.state(), view.state(), event.at()), null), record.timestamp()));
            }
        }
    }

    /**
     * Moves the message between the batch's counts, or adds an intake; forwards the batch's {@link BatchView} once,
     * when it completes.
     */
    private static final class BatchStep implements Processor<String, BatchUpdate, String, BatchCompletion> {
        private ProcessorContext<String, BatchCompletion> context;
        private KeyValueStore<String, BatchCounters> store;
        private KeyValueStore<String, MessageState> messages;

        @Override
        public void init(ProcessorContext<String, BatchCompletion> context) {
            this.context = context;
            this.store = context.getStateStore(BATCHES_STORE);
            this.messages = context.getStateStore(BATCH_MESSAGES_STORE);
        }

        @Override
        public void process(Record<String, BatchUpdate> record) {
            BatchUpdate update = record.value();
            if (record.key() == null || update == null) {
                return;
            }
            BatchCounters counters = store.get(record.key());
            if (counters == null) {
                counters = BatchCounters.empty(record.key());
            }
            if (update.transition() != null) {
                counters = counters.apply(update.transition());
                messages.put(MessageState.key(record.key(), update.transition().messageId()),
                        new MessageState(update.transition().to(), update.transition().at()));
            } else if (update.intake() != null) {
                counters = counters.apply(update.intake());
            }
            if (counters.completionDue()) {
                counters = counters.published();
                context.forward(record.withValue(new BatchCompletion(counters.view(), counters.callbackUrl(),
                        counters.clientId())));
            }
            store.put(record.key(), counters);
        }
    }

    /**
     * Keeps a batch's rejected recipients: the intake's list and count, under the batch id. An intake whose record key
     * is not its batch id (not written by Herald) is left out: the entry would sit in a partition a lookup by id does
     * not ask.
     */
    private static final class RejectionStep implements Processor<String, BatchIntake, Void, Void> {
        private KeyValueStore<String, StoredRejections> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.store = context.getStateStore(BATCH_REJECTIONS_STORE);
        }

        @Override
        public void process(Record<String, BatchIntake> record) {
            BatchIntake intake = record.value();
            if (!intake.getBatchId().equals(record.key())) {
                return;
            }
            List<Rejection> listed = intake.getRejections() == null ? null : intake.getRejections().stream()
                    .map(r -> new Rejection(r.getIndex(), r.getTo(), r.getReason(), r.getPointer())).toList();
            StoredRejections old = store.get(record.key());
            store.put(record.key(), old != null ? old.plus(intake.getRejected(), listed)
                    : new StoredRejections(intake.getBatchId(), intake.getClientId(), intake.getSource().name(),
                            intake.getRejected(), listed));
        }
    }

    /**
     * Adds an intake to its client's index: the batch's entry by id, and its ordered entry, moved when an intake
     * earlier than the first one read comes (bulk loads' transactions may commit out of order).
     */
    private static final class ClientIndexStep implements Processor<String, ClientBatch, Void, Void> {
        private KeyValueStore<String, ClientBatch> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.store = context.getStateStore(CLIENT_BATCHES_STORE);
        }

        @Override
        public void process(Record<String, ClientBatch> record) {
            String clientId = record.key();
            ClientBatch intake = record.value();
            if (clientId == null || intake == null) {
                return;
            }
            String byId = ClientBatchKeys.byId(clientId, intake.batchId());
            ClientBatch old = store.get(byId);
            ClientBatch batch = old == null ? intake : old.plus(intake);
            if (old != null && !Objects.equals(old.createdAt(), batch.createdAt())) {
                store.delete(ClientBatchKeys.ordered(clientId, old.createdAt(), old.batchId()));
            }
            store.put(ClientBatchKeys.ordered(clientId, batch.createdAt(), batch.batchId()), batch);
            store.put(byId, batch);
        }
    }
}
