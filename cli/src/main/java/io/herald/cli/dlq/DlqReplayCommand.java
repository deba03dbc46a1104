package io.herald.cli.dlq;

import io.herald.cli.ExitCodes;
import io.herald.schema.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code herald dlq replay}: copies the selected DLQ records back onto {@code notify.requests} ({@link ReplayRecords}),
 * or onto {@code notify.requests.high} or {@code notify.requests.bulk} for a request of that priority lane, and prints
 * {@code dlq replay: selected=S already-sent=K replayed=N topic=notify.requests}.
 *
 * <p>A message is replayed at most once per run (its newest DLQ record), and not at all when the sent ledger has an
 * entry for it written since the earliest selected record was dead-lettered (less a minute for clock skew): a SENT
 * status on {@code notify.status} with the {@code herald.ledger} header, or an entry of the previous release's
 * {@code notify.sent} if that topic exists. An earlier replay already got it accepted. A replay whose messages are
 * still on their way is not known yet: replay a selection again only once its messages have a final status.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, usageHelpWidth = 100,
        description = {"Copies DLQ records back onto notify.requests (or the .high or .bulk lane the",
            "request came in), where the dispatchers send them again: same key (same partition),",
            "same value, attempts counted on. Select with",
            "--error-code, --since and --until, or take every record with --all. Messages the",
            "sent ledger shows as accepted since they were dead-lettered are skipped. Prints:", "",
            "dlq replay: selected=S already-sent=K replayed=N topic=notify.requests", ""})
public final class DlqReplayCommand implements Callable<Integer> {

    /** How far before the earliest selected record the sent ledger is read, for clock skew between hosts. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    @Mixin
    DlqOptions options = new DlqOptions();

    @Option(names = "--all", description = "Replay every record of the DLQ (when no other selection is given).")
    boolean all;

    @Option(names = "--dry-run", description = "Select and count, write nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DlqSelection selection = options.selection();
        if (selection.isEverything() && !all) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "say which records to replay: --error-code, --since, --until, or --all");
        }
        Map<String, Object> client = options.clientProperties();
        ReplayPlan plan = new ReplayPlan();
        Set<String> sent;
        try (DeadLetterTopic topic = new DeadLetterTopic(client, options.registryUrl)) {
            topic.readAll(Topics.REQUESTS_DLQ, letter -> {
                if (selection.matches(letter)) {
                    plan.add(letter);
                }
            });
            sent = plan.earliest().map(earliest -> sentSince(topic, earliest.minus(CLOCK_SKEW)))
                    .orElse(Set.of());
        }
        List<DeadLetter> toReplay = plan.toReplay(sent);
        int replayed = dryRun ? 0 : write(client, toReplay);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "dlq replay: selected=%d already-sent=%d replayed=%d topic=%s%s%n",
                plan.selected(), plan.alreadySent(sent), replayed, Topics.REQUESTS,
                dryRun ? " (dry run: " + toReplay.size() + " to replay)" : "");
        out.flush();
        return replayed == toReplay.size() || dryRun ? ExitCodes.OK : ExitCodes.SOFTWARE;
    }

    private int write(Map<String, Object> client, List<DeadLetter> letters) throws InterruptedException {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        int written = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (DeadLetter letter : letters) {
                sends.add(producer.send(ReplayRecords.toRequest(letter,
                        Topics.requestsTopic(letter.request() == null ? null : letter.request().getLane()))));
            }
            producer.flush();
            for (Future<RecordMetadata> send : sends) {
                try {
                    send.get();
                    written++;
                } catch (ExecutionException e) {
                    spec.commandLine().getErr().println("herald dlq replay: a record was not written: "
                            + e.getCause().getMessage());
                }
            }
        }
        return written;
    }

    /** The messageIds the sent ledger shows as accepted since a time (statuses, and the previous release's topic). */
    private static Set<String> sentSince(DeadLetterTopic topic, Instant since) {
        Set<String> sent = new HashSet<>(topic.keysSince(Topics.STATUS, since,
                record -> record.headers().lastHeader(Topics.LEDGER_HEADER) != null));
        if (topic.exists(Topics.SENT)) {
            sent.addAll(topic.keysSince(Topics.SENT, since, record -> true));
        }
        return sent;
    }
}
