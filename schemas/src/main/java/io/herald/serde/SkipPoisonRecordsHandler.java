package io.herald.serde;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deserialization exception handler of Herald's Kafka Streams apps
 * ({@code default.deserialization.exception.handler}).
 *
 * <ul>
 *   <li>A poison record ({@link PoisonRecordException}, or any other error that is not the registry being
 *       unreachable) is skipped and counted per application id ({@link #skipped(String)}). It is logged as one WARN
 *       line per topic and schema id per minute, with the count skipped since the last line and never a stack trace,
 *       so a backlog of poison records cannot flood the log.</li>
 *   <li>A registry that cannot be reached ({@link RegistryUnavailableException}) says nothing about the record: the
 *       handler fails the stream thread, which the apps replace, and the record is read again from the last commit
 *       (exactly_once_v2), so nothing is skipped for want of a registry.</li>
 * </ul>
 */
public final class SkipPoisonRecordsHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SkipPoisonRecordsHandler.class);
    private static final long LOG_INTERVAL_MS = 60_000;
    private static final Map<String, LongAdder> SKIPPED = new ConcurrentHashMap<>();
    /** topic + schema id → the last time a line was logged for it, and how many were skipped since. */
    private static final Map<String, LogWindow> WINDOWS = new ConcurrentHashMap<>();

    private final Clock clock;
    private String applicationId = "";

    /** Kafka Streams calls this constructor. */
    public SkipPoisonRecordsHandler() {
        this(Clock.systemUTC());
    }

    /** @param clock the time source of the log windows */
    SkipPoisonRecordsHandler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object id = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        applicationId = id == null ? "" : id.toString();
        SKIPPED.computeIfAbsent(applicationId, a -> new LongAdder());
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                Exception exception) {
        if (RegistryUnavailableException.isCauseOf(exception)) {
            LOG.warn("Schema registry unavailable reading {}-{} at offset {}; the stream thread restarts and reads it "
                    + "again: {}", context.topic(), context.partition(), context.offset(), exception.getMessage());
            return Response.fail();
        }
        SKIPPED.computeIfAbsent(applicationId, a -> new LongAdder()).increment();
        int schemaId = WireFormat.schemaId(record.value()).orElse(PoisonRecordException.NO_SCHEMA_ID);
        String window = context.topic() + '#' + schemaId;
        long now = clock.millis();
        LogWindow logWindow = WINDOWS.computeIfAbsent(window, w -> new LogWindow());
        long skippedSinceLastLine = logWindow.count(now);
        if (skippedSinceLastLine > 0) {
            LOG.warn("{} skipped {} unreadable record(s) of {} with schema id {} (latest {}-{} at offset {}): {}",
                    applicationId, skippedSinceLastLine, context.topic(),
                    schemaId == PoisonRecordException.NO_SCHEMA_ID ? "none" : schemaId, context.topic(),
                    context.partition(), context.offset(), exception.getMessage());
        }
        return Response.resume();
    }

    /**
     * @param applicationId a Streams application id
     * @return how many records that application has skipped in this JVM
     */
    public static long skipped(String applicationId) {
        LongAdder count = SKIPPED.get(applicationId);
        return count == null ? 0 : count.sum();
    }

    /** Counts skips and opens a log line at most once per {@link #LOG_INTERVAL_MS}. */
    private static final class LogWindow {
        private long lastLineMs = Long.MIN_VALUE;
        private long pending;

        /** @return how many skips the line to log now covers, or 0 if no line is due */
        synchronized long count(long nowMs) {
            pending++;
            if (lastLineMs != Long.MIN_VALUE && nowMs - lastLineMs < LOG_INTERVAL_MS) {
                return 0;
            }
            lastLineMs = nowMs;
            long covered = pending;
            pending = 0;
            return covered;
        }
    }
}
