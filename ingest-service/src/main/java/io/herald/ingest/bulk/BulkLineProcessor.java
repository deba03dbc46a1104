package io.herald.ingest.bulk;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.core.BatchPreparer;
import io.herald.ingest.core.PreparedRecipient;
import io.herald.ingest.template.TemplateStoreUnavailableException;
import io.herald.schema.BatchIntake;
import io.herald.schema.BatchSource;
import io.herald.schema.Channel;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates one bulk-load line per record and forwards what it becomes: a {@link io.herald.schema.NotificationRequest}
 * keyed by recipient (valid lines) or the rejection JSON keyed by the line's own key (invalid ones), and for every line
 * with a valid batch id a {@link BatchIntake} keyed by batch id (accepted 1 or rejected 1). Lines without a valid
 * batch id are rejected without an intake. CSV headers are kept per partition in {@value #HEADER_STORE}.
 *
 * <p>Nothing a line holds can fail the processor: undecodable UTF-8, broken JSON and CSV become rejections. Only a
 * template store that is still loading does: the processor waits up to {@link #TEMPLATE_WAIT} for it, then throws, so
 * that the stream thread is replaced and the line read again from the last commit.
 */
final class BulkLineProcessor implements Processor<String, byte[], String, BulkOutput> {

    /** The store of the CSV header in force on the task's partition, under the key {@value #HEADER_KEY}. */
    static final String HEADER_STORE = "bulk-csv-header";
    static final String HEADER_KEY = "header";
    /** The longest part of a line copied into its rejection, in chars: a rejection must fit in a Kafka record. */
    static final int MAX_ECHOED_CHARS = 65_536;
    /** How long a line waits for the template store to load before the processor gives up (and is retried). */
    static final Duration TEMPLATE_WAIT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(BulkLineProcessor.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BatchPreparer preparer;
    private final BulkLineParser parser = new BulkLineParser();
    private final String defaultSmsFrom;
    private final String clientId;
    private final Clock clock;
    private ProcessorContext<String, BulkOutput> context;
    private KeyValueStore<String, String> headers;

    BulkLineProcessor(BatchPreparer preparer, String defaultSmsFrom, String clientId, Clock clock) {
        this.preparer = preparer;
        this.defaultSmsFrom = defaultSmsFrom;
        this.clientId = clientId;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, BulkOutput> context) {
        this.context = context;
        this.headers = context.getStateStore(HEADER_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Optional<RecordMetadata> metadata = context.recordMetadata();
        int partition = metadata.map(RecordMetadata::partition).orElse(-1);
        long offset = metadata.map(RecordMetadata::offset).orElse(-1L);
        String value;
        try {
            value = record.value() == null ? null : StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(record.value())).toString();
        } catch (CharacterCodingException e) {
            String lossy = new String(record.value(), StandardCharsets.UTF_8);
            reject(record, lossy, "not UTF-8 text", "", null, partition, offset);
            return;
        }
        String stored = headers.get(HEADER_KEY);
        ParsedLine parsed = parser.parse(value, stored == null ? null : new CsvHeader(CsvHeader.cells(stored)));
        if (parsed instanceof ParsedLine.Header header) {
            headers.put(HEADER_KEY, value.startsWith("\uFEFF") ? value.substring(1) : value);
            LOG.debug("bulk line {}-{}: CSV header with {} columns", partition, offset, header.header().columns()
                    .size());
            return;
        }
        if (parsed instanceof ParsedLine.Unreadable unreadable) {
            if (value != null && CsvHeader.FIRST_COLUMN.equals(firstCell(value))) {
                headers.delete(HEADER_KEY); // a broken header: the rows after it are not read under the old one
            }
            String batchId = unreadable.batchId();
            boolean validId = BatchIds.problem(batchId).isEmpty();
            reject(record, value, unreadable.reason(), unreadable.pointer(), batchId, partition, offset);
            if (validId) {
                intake(batchId, Channel.SMS, false, record.timestamp());
            }
            return;
        }
        BulkLine line = ((ParsedLine.Recipient) parsed).line();
        Channel channel = line.isEmail() ? Channel.EMAIL : Channel.SMS;
        Optional<String> idProblem = BatchIds.problem(line.batchId());
        if (idProblem.isPresent()) {
            reject(record, value, idProblem.get(), "/batchId", line.batchId(), partition, offset);
            return;
        }
        if (BatchRequest.CHANNEL_PUSH.equals(line.channel())) {
            // A bulk line has no platform, title or push options: push batches go through POST /v1/batches.
            reject(record, value, "channel push is not taken in bulk loads; send push batches with POST /v1/batches",
                    "/channel", line.batchId(), partition, offset);
            intake(line.batchId(), channel, false, record.timestamp());
            return;
        }
        PreparedRecipient prepared = prepare(line);
        if (prepared.isAccepted()) {
            prepared.request().setClientId(clientId);
            context.forward(new Record<>(prepared.request().getRecipient(), BulkOutput.request(prepared.request()),
                    record.timestamp()));
            LOG.debug("bulk line {}-{}: message {} of batch {}", partition, offset,
                    prepared.request().getMessageId(), line.batchId());
        } else {
            reject(record, value, prepared.reason(), prepared.pointer(), line.batchId(), partition, offset);
        }
        intake(line.batchId(), channel, prepared.isAccepted(), record.timestamp());
    }

    /** Prepares the line, waiting for a template store that is still loading; throws when it takes too long. */
    private PreparedRecipient prepare(BulkLine line) {
        long deadline = System.nanoTime() + TEMPLATE_WAIT.toNanos();
        while (true) {
            try {
                return preparer.prepareOne(line.batchId(), line.toBatchRequest(defaultSmsFrom), clientId);
            } catch (TemplateStoreUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private void intake(String batchId, Channel channel, boolean accepted, long timestamp) {
        BatchIntake intake = BatchIntake.newBuilder().setBatchId(batchId).setSource(BatchSource.BULK)
                .setChannel(channel).setAccepted(accepted ? 1 : 0).setRejected(accepted ? 0 : 1)
                .setTimestamp(clock.instant()).setCallbackUrl(null).setClientId(clientId).build();
        context.forward(new Record<>(batchId, BulkOutput.intake(intake), timestamp));
    }

    private void reject(Record<String, byte[]> record, String line, String reason, String pointer, String batchId,
                        int partition, long offset) {
        ObjectNode json = JSON.createObjectNode();
        if (line != null && line.length() > MAX_ECHOED_CHARS) {
            json.put("line", line.substring(0, MAX_ECHOED_CHARS));
            json.put("lineTruncated", true);
        } else {
            json.put("line", line);
        }
        json.put("reason", reason);
        json.put("pointer", pointer);
        if (batchId != null) {
            json.put("batchId", batchId.length() > MAX_ECHOED_CHARS ? batchId.substring(0, MAX_ECHOED_CHARS)
                    : batchId);
        }
        json.put("partition", partition);
        json.put("offset", offset);
        context.forward(new Record<>(record.key(), BulkOutput.rejection(json.toString()), record.timestamp()));
        // no reason in the log: it may quote the line
        LOG.debug("bulk line {}-{} rejected, pointer '{}'", partition, offset, pointer);
    }

    /** @return the first CSV cell of a line, or null if it is not CSV */
    private static String firstCell(String value) {
        try {
            List<String> cells = CsvHeader.cells(value.startsWith("\uFEFF") ? value.substring(1) : value);
            return cells.isEmpty() ? null : cells.get(0);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
