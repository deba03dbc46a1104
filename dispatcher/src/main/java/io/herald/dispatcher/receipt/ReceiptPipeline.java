package io.herald.dispatcher.receipt;

import io.herald.dispatcher.admin.DispatcherMetrics;
import io.herald.dispatcher.admin.ReceiptStats;
import io.herald.dispatcher.config.DispatcherConfig;
import io.herald.dispatcher.send.sms.SmppGateway;
import io.herald.dispatcher.status.StatusPublisher;
import io.herald.dispatcher.suppression.MoStopHandler;
import io.herald.dispatcher.suppression.StopKeywords;
import io.herald.dispatcher.suppression.SuppressionConfig;
import io.herald.schema.DeliveryReceipt;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.HeraldSerdes;
import io.herald.schema.TopicSetup;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The delivery receipts' side of a dispatcher process, built when receipts run ({@code receipts.enabled} and an SMPP
 * gateway): the producer that stores receipts, the handler the SMPP sessions give each {@code deliver_sm}, and the
 * receipt correlator. {@link #create} registers their metrics (the producer's, and the correlator's skipped records).
 *
 * @param writer writes receipts (and MO STOP suppressions) with {@code linger.ms=0}; closed by the caller
 * @param handler what the SMPP sessions do with each {@code deliver_sm}
 * @param correlator the receipt correlator (Kafka Streams), not started
 */
public record ReceiptPipeline(StatusPublisher writer, ReceiptPublisher handler, ReceiptCorrelator correlator) {

    /**
     * Builds the receipt producer, publisher and correlator.
     *
     * @param config the process's configuration
     * @param statusSerializer the serializer of status values, shared with the status producer
     * @param receiptSerializer the serializer of receipt values, its schema already registered if the registry
     *     could be reached
     * @param internalTopics how to replicate the correlator's changelog and repartition topics (as notify.requests
     *     is), or empty for the broker's defaults
     * @param clusterId the Kafka cluster id, to tie the correlator's local state to its cluster; empty if unknown
     * @param receipts the receipt counters of /stats
     * @param metrics the registry the clients' metrics are bound to
     * @param clock the clock
     * @return the pipeline; nothing runs until the correlator is started
     */
    public static ReceiptPipeline create(DispatcherConfig config, Serializer<DeliveryStatus> statusSerializer,
                                         Serializer<DeliveryReceipt> receiptSerializer,
                                         Optional<TopicSetup.Durability> internalTopics, Optional<String> clusterId,
                                         ReceiptStats receipts, DispatcherMetrics metrics, Clock clock) {
        ReceiptSettings settings = ReceiptSettings.from(config);
        // A deliver_sm holds one of jSMPP's PDU threads, which also carry submit_sm_resp, until its receipt is
        // acknowledged: receipts get a producer of their own that does not linger.
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config.kafkaClients().receiptProducer());
        metrics.bindKafkaClient(producer);
        StatusPublisher writer = new StatusPublisher(producer, statusSerializer);
        MoStopHandler moStop = config.getBoolean(SuppressionConfig.SUPPRESSION_ENABLED_CONFIG) ? new MoStopHandler(
                new StopKeywords(config.getList(SuppressionConfig.SUPPRESSION_STOP_KEYWORDS_CONFIG)), writer,
                settings.storeTimeoutMs(), receipts, clock) : null;
        ReceiptPublisher handler = new ReceiptPublisher(writer, receiptSerializer, SmppGateway.NAME,
                settings.storeTimeoutMs(), receipts, clock, moStop);
        // The correlator's changelog and repartition topics are replicated as notify.requests is.
        Map<String, Object> streamsProperties = config.kafkaClients().streams(internalTopics.orElse(null));
        ReceiptCorrelator correlator = new ReceiptCorrelator(settings, streamsProperties,
                HeraldSerdes.valueSerde(DeliveryStatus.class, config.registryUrl()),
                HeraldSerdes.valueSerde(DeliveryReceipt.class, config.registryUrl()), receipts, clusterId);
        metrics.bindSkippedRecords((String) streamsProperties.get(StreamsConfig.APPLICATION_ID_CONFIG));
        return new ReceiptPipeline(writer, handler, correlator);
    }
}
