package io.herald.ingest.bulk;

import io.herald.ingest.core.BatchPreparer;
import io.herald.schema.BatchIntake;
import io.herald.schema.NotificationRequest;
import io.herald.schema.Topics;
import java.time.Clock;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The bulk loader's topology: one processor between {@value Topics#BULK} and three sinks.
 *
 * <pre>
 * notify.bulk (UTF-8 lines) --&gt; bulk-lines (BulkLineProcessor, store bulk-csv-header)
 *     --&gt; notify.requests        NotificationRequest, key = recipient (E.164 or lower-cased e-mail address)
 *     --&gt; notify.bulk.rejected   {line, reason, pointer, batchId, partition, offset}, key = the line's key
 *     --&gt; notify.batches         BatchIntake (source BULK, accepted or rejected 1), key = batchId
 * </pre>
 *
 * Values are read as bytes, so no line can fail deserialization. Run under {@code exactly_once_v2}: the outputs of a
 * line and the consumed offset commit in one transaction, so a crash repeats no line and loses none (readers of the
 * outputs must read with {@code isolation.level=read_committed}, as the dispatcher does).
 */
public final class BulkTopology {

    private BulkTopology() {
    }

    /**
     * @param preparer validates and renders each line as {@code POST /v1/batches} does a one-recipient batch
     * @param defaultSmsFrom the sender of SMS lines without {@code from}
     * @param clientId the API client every line's request and batch belong to (only its key reads their status)
     * @param requestSerde the {@link NotificationRequest} serde of {@value Topics#REQUESTS} (registry, Confluent wire
     *     format)
     * @param intakeSerde the {@link BatchIntake} serde of {@value Topics#BATCHES}
     * @param clock the clock for the intakes' timestamps
     * @return the topology
     */
    public static Topology build(BatchPreparer preparer, String defaultSmsFrom, String clientId,
                                 Serde<NotificationRequest> requestSerde, Serde<BatchIntake> intakeSerde,
                                 Clock clock) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(
                BulkLineProcessor.HEADER_STORE), Serdes.String(), Serdes.String()));
        KStream<String, BulkOutput> outputs = builder
                .stream(Topics.BULK, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("bulk-source"))
                .process(() -> new BulkLineProcessor(preparer, defaultSmsFrom, clientId, clock), Named.as("bulk-lines"),
                        BulkLineProcessor.HEADER_STORE);
        outputs.filter((key, out) -> out.request() != null, Named.as("valid-lines"))
                .mapValues(BulkOutput::request, Named.as("requests"))
                // Each request to its priority lane's topic: notify.requests unless the line says high or bulk.
                .to((key, request, context) -> Topics.requestsTopic(request.getLane()),
                        Produced.with(Serdes.String(), requestSerde).withName("requests-sink"));
        outputs.filter((key, out) -> out.rejection() != null, Named.as("invalid-lines"))
                .mapValues(BulkOutput::rejection, Named.as("rejections"))
                .to(Topics.BULK_REJECTED, Produced.with(Serdes.String(), Serdes.String())
                        .withName("rejected-sink"));
        outputs.filter((key, out) -> out.intake() != null, Named.as("line-intakes"))
                .mapValues(BulkOutput::intake, Named.as("intakes"))
                .to(Topics.BATCHES, Produced.with(Serdes.String(), intakeSerde).withName("intakes-sink"));
        return builder.build();
    }
}
