package io.herald.bench.dispatch;

import io.confluent.parallelconsumer.ParallelConsumerOptions;
import io.confluent.parallelconsumer.ParallelStreamProcessor;
import io.herald.dispatcher.config.DispatcherConfig;
import io.herald.dispatcher.receive.ConsumedValue;
import io.herald.dispatcher.send.Message;
import io.herald.dispatcher.send.SendResult;
import io.herald.dispatcher.send.sms.SmppGateway;
import io.herald.dispatcher.send.sms.SmppSettings;
import io.herald.schema.HeraldSerdes;
import io.herald.schema.NotificationRequest;
import io.herald.schema.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar bench-dispatch.jar pc|naive DISPATCHER.properties}: one of the dispatchers {@code herald bench}
 * compares Herald's with, reading {@code notify.requests} until SIGTERM. Both take the dispatcher's own properties
 * file: {@code smpp.*} for the gateway, which is Herald's {@link SmppGateway} built from the same settings as Herald's
 * dispatcher builds it, and {@code group.id}, {@code sender.threads}, {@code kafka.*} and {@code consumer.*} for the
 * consumer, whose settings are Herald's {@link DispatcherConfig#consumerProperties(Map)} with String keys.
 * <ul>
 *   <li>{@code pc}: Confluent Parallel Consumer, {@code ProcessingOrder.KEY} (one record of a recipient at a time, as
 *       Herald), {@code maxConcurrency = sender.threads}, commits {@code PERIODIC_CONSUMER_ASYNCHRONOUS}.</li>
 *   <li>{@code naive}: poll, send each record in turn and wait for its submit_sm_resp, {@code commitSync}.</li>
 * </ul>
 * Neither writes status events or a sent ledger, and neither retries: a message the gateway refuses is counted and
 * dropped. Every 5 s each prints {@code sent=N failed=F} to stdout.
 *
 * <p>Exit codes: 0 after SIGTERM, 2 for bad usage, 1 if the gateway never bound (60 s).
 */
public final class BaselineDispatcherMain {

    private static final Logger LOG = LoggerFactory.getLogger(BaselineDispatcherMain.class);

    private final SmppGateway gateway;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    private BaselineDispatcherMain(SmppGateway gateway) {
        this.gateway = gateway;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !List.of("pc", "naive").contains(args[0]) || !Files.isRegularFile(Path.of(args[1]))) {
            System.err.println("Usage: java -jar bench-dispatch.jar pc|naive DISPATCHER.properties");
            System.exit(2);
        }
        DispatcherConfig config = DispatcherConfig.load(Path.of(args[1]), Map.of());
        SmppGateway gateway = new SmppGateway(SmppSettings.from(config));
        gateway.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!gateway.isAvailable()) {
            if (System.nanoTime() > deadline) {
                LOG.error("No SMPP session bound within 60 s");
                System.exit(1);
            }
            Thread.sleep(50);
        }
        BaselineDispatcherMain main = new BaselineDispatcherMain(gateway);
        Thread progress = new Thread(main::printProgress, "progress");
        progress.setDaemon(true);
        progress.start();
        Map<String, Object> properties = config.kafkaClients().consumer(HeraldSerdes.consumerSerdeConfig(
                config.getString(DispatcherConfig.REGISTRY_URL_CONFIG)));
        // String keys: Parallel Consumer's KEY ordering groups records by key equality, which a byte[] does not have.
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, ConsumedValue> consumer = new KafkaConsumer<>(properties);
        int concurrency = config.getInt(DispatcherConfig.SENDER_THREADS_CONFIG);
        if (args[0].equals("pc")) {
            main.runParallelConsumer(consumer, concurrency);
        } else {
            main.runNaiveLoop(consumer);
        }
    }

    /** Sends one record's message and waits for the gateway's answer; an unreadable record is skipped. */
    private void send(ConsumerRecord<String, ConsumedValue> record) {
        ConsumedValue value = record.value();
        if (value == null || value.isPoison()) {
            failed.incrementAndGet();
            return;
        }
        NotificationRequest request = value.request();
        SendResult result = gateway.send(new Message(request.getMessageId(), request.getSender(),
                request.getRecipient(), request.getText()));
        (result.isAccepted() ? sent : failed).incrementAndGet();
    }

    private void runParallelConsumer(KafkaConsumer<String, ConsumedValue> consumer, int concurrency)
            throws InterruptedException {
        ParallelConsumerOptions<String, ConsumedValue> options =
                ParallelConsumerOptions.<String, ConsumedValue>builder()
                .consumer(consumer)
                .ordering(ParallelConsumerOptions.ProcessingOrder.KEY)
                .maxConcurrency(concurrency)
                .commitMode(ParallelConsumerOptions.CommitMode.PERIODIC_CONSUMER_ASYNCHRONOUS)
                .ignoreReflectiveAccessExceptionsForAutoCommitDisabledCheck(true)
                .build();
        ParallelStreamProcessor<String, ConsumedValue> processor = ParallelStreamProcessor.createEosStreamProcessor(
                options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            processor.close();
            gateway.close();
            stopped.countDown();
        }, "shutdown"));
        processor.subscribe(List.of(Topics.REQUESTS));
        processor.poll(context -> send(context.getSingleConsumerRecord()));
        stopped.await();
    }

    private void runNaiveLoop(KafkaConsumer<String, ConsumedValue> consumer) {
        Thread loop = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            consumer.wakeup();
            try {
                loop.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown"));
        try (consumer) {
            consumer.subscribe(List.of(Topics.REQUESTS));
            while (true) {
                ConsumerRecords<String, ConsumedValue> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, ConsumedValue> record : records) {
                    send(record);
                }
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
            }
        } catch (WakeupException e) {
            LOG.info("Stopping: sent={} failed={}", sent.get(), failed.get());
        } finally {
            gateway.close();
        }
    }

    private void printProgress() {
        while (true) {
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                return;
            }
            System.out.printf(Locale.ROOT, "sent=%d failed=%d%n", sent.get(), failed.get());
        }
    }
}
