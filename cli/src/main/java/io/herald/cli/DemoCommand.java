package io.herald.cli;

import io.herald.harness.ingest.BatchSubmitter;
import io.herald.harness.ingest.Recipient;
import io.herald.ingest.api.BatchRequest;
import io.herald.local.DispatcherProcess;
import io.herald.local.HeraldHome;
import io.herald.local.HeraldStack;
import io.herald.local.LocalProcess;
import io.herald.local.SmscMessage;
import io.herald.schema.Topics;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code herald demo}: starts the whole pipeline on 127.0.0.1 (Kafka, registry, SMSC simulator, one ingest-service,
 * two dispatchers in one consumer group), submits a recipients file through {@code POST /v1/batches}, follows
 * {@code notify.status} until every accepted message has a fate, and prints one summary line on stdout:
 * {@code demo: accepted=N rejected=R sent=S failed=F received=M delivered=D elapsed=T.Ts rate=X msg/s
 * ucs2=I/U smsc-rate=Y msg/s}.
 *
 * <p>The first POST waits until the dispatchers' consumer group is stable with every partition assigned.
 * {@code elapsed} runs from the first POST to the moment the last counted status was read; {@code rate} is
 * {@code sent / elapsed}. {@code smsc-rate} is the simulator's own: its distinct messages over the time from its first
 * arrival to its last. {@code received} is the simulator's count of distinct Herald message ids, read after every
 * status arrived. {@code delivered} counts the messages a delivery receipt made DELIVERED, waited for as long as they
 * keep coming. {@code ucs2=I/U}: of the U accepted recipients whose text is UCS-2 (Greek, Cyrillic, Arabic, Chinese …
 * rows of the sample), I arrived at the simulator exactly as rendered ({@link DemoTextCheck}). The exit code is 0 only
 * if {@code received == accepted}, {@code delivered == sent} and {@code I == U}.
 *
 * <p>With {@code --channel email} the batches are e-mail ({@code samples/email-recipients.csv}, column {@code email};
 * a subject and an HTML body beside the text), the dispatchers send them over SMTP to the simulator's mail server,
 * and the line is {@code demo: channel=email accepted=N rejected=R sent=S failed=F received=M intact=I/N
 * elapsed=T.Ts rate=X msg/s}: {@code received} counts the distinct Herald message ids the mail server got,
 * {@code intact} the accepted recipients whose e-mail arrived with exactly the rendered subject, text and HTML. The
 * exit code is 0 only if {@code received == accepted} and {@code I == N}.
 *
 * <p>With {@code --channel push} ({@link PushDemo}) the batches are push notifications ({@code
 * samples/push-recipients.csv}, columns {@code token} and {@code platform}; a title beside the body, and data), sent
 * to the simulator's APNs and FCM servers; the line is {@code demo: channel=push …} as for e-mail, and the exit code is
 * 0 only if every accepted push arrived exactly once, intact.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, usageHelpWidth = 100,
        description = {"Runs a real bulk batch through the whole pipeline on the local stack.", "",
            "Starts Kafka (KRaft), the Apicurio registry, the SMSC simulator, one",
            "ingest-service and two dispatchers, each a child process on 127.0.0.1;",
            "submits the recipients file through POST /v1/batches; follows",
            "notify.status until every accepted message has a fate; then prints one",
            "summary line on stdout:", "",
            "demo: accepted=N rejected=R sent=S failed=F received=M delivered=D elapsed=T.Ts",
            "      rate=X msg/s ucs2=I/U smsc-rate=Y msg/s", "",
            "The first POST waits until the dispatchers own every partition. elapsed",
            "runs from the first POST to the last status read; rate is sent/elapsed;",
            "smsc-rate is the simulator's own: distinct messages over the time from its",
            "first arrival to its last; received is its count of distinct messages;",
            "delivered counts messages a delivery receipt made DELIVERED;",
            "ucs2=I/U: I of the U accepted texts outside the GSM 7-bit alphabet (UCS-2)",
            "reached the simulator exactly as rendered.",
            "The exit code is 0 only if received equals accepted, delivered equals sent",
            "and I equals U.", "",
            "With --channel email the batches are e-mail (samples/email-recipients.csv),",
            "sent over SMTP to the simulator's mail server, and the line is:", "",
            "demo: channel=email accepted=N rejected=R sent=S failed=F received=M",
            "      intact=I/N elapsed=T.Ts rate=X msg/s", "",
            "received counts distinct e-mails the mail server got; intact those that",
            "arrived exactly as rendered. The exit code is 0 only if received equals",
            "accepted and I equals N.", "",
            "With --channel push the batches are push notifications",
            "(samples/push-recipients.csv: token, platform ios|android) sent to the",
            "simulator's APNs and FCM servers; the line is as for e-mail with",
            "channel=push, and the exit code is 0 only if every accepted push arrived",
            "exactly once with the rendered title, body and data.", ""})
public final class DemoCommand implements Callable<Integer> {

    /** Longest wait, in s, for the next DELIVERED status once every message has its SENT status. */
    static final int RECEIPT_WAIT_SECONDS = 30;

    /** The default message template; {@code {{name}}} and {@code {{code}}} come from the recipients file. */
    public static final String DEFAULT_TEXT = "Hi {{name}}, your Herald code is {{code}}";
    /** The default sender of the SMS demo. */
    public static final String DEFAULT_SMS_FROM = "HERALD";
    /** The default sender of the e-mail demo ({@code .example} is reserved, RFC 2606). */
    public static final String DEFAULT_EMAIL_FROM = "Herald demo <noreply@herald.example>";
    /** The default subject of the e-mail demo. */
    public static final String DEFAULT_SUBJECT = "Your Herald code, {{name}}";
    /** The default HTML body of the e-mail demo. */
    public static final String DEFAULT_HTML = "<p>Hi {{name}},</p><p>your Herald code is <b>{{code}}</b>.</p>";

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    StackOptions stackOptions = new StackOptions();

    @Option(names = "--channel", paramLabel = "CHANNEL", defaultValue = "sms",
            description = "sms, through the SMSC simulator over SMPP; email, through the simulator's SMTP server;"
                    + " push, through its APNs and FCM servers (default: ${DEFAULT-VALUE}).")
    String channel;

    @Option(names = "--input", paramLabel = "CSV",
            description = "Recipients file: CSV with a header, column 'phone' (or 'email' with --channel email,"
                    + " 'token' and 'platform' with --channel push) plus template variables (default: <herald"
                    + " home>/samples/recipients.csv, samples/email-recipients.csv or samples/push-recipients.csv).")
    Path input;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0",
            description = "Use only the first N rows of the file (default: all).")
    int count;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000",
            description = "Recipients per POST /v1/batches request (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4",
            description = "Requests in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--from", paramLabel = "SENDER",
            description = "Sender: alphanumeric (up to 11 characters) or a number (default: " + DEFAULT_SMS_FROM
                    + "); with --channel email an address (default: '" + DEFAULT_EMAIL_FROM + "').")
    String from;

    @Option(names = "--subject", paramLabel = "TEMPLATE", defaultValue = DEFAULT_SUBJECT,
            description = "E-mail subject template (default: '${DEFAULT-VALUE}').")
    String subject;

    @Option(names = "--html", paramLabel = "TEMPLATE", defaultValue = DEFAULT_HTML,
            description = "E-mail HTML body template; empty for plain text only (default: '${DEFAULT-VALUE}').")
    String html;

    @Option(names = "--title", paramLabel = "TEMPLATE", defaultValue = PushDemo.DEFAULT_TITLE,
            description = "Push title template (default: '${DEFAULT-VALUE}').")
    String title;

    @Option(names = "--text", paramLabel = "TEMPLATE", defaultValue = DEFAULT_TEXT,
            description = "Message template with {{var}} placeholders (default: '${DEFAULT-VALUE}').")
    String text;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
            description = "How long to wait, from the first POST, for every status, e.g. 90s or 10m"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin
    IngestPortOptions ingestPorts = new IngestPortOptions();

    @Option(names = "--dispatchers", paramLabel = "N", defaultValue = "2",
            description = "Dispatcher JVMs in the consumer group, at most "
                    + Topics.DEFAULT_REQUESTS_PARTITIONS + " (default: ${DEFAULT-VALUE}).")
    int dispatchers;

    @Option(names = "--dispatcher-admin-port", paramLabel = "PORT",
            defaultValue = "" + DispatcherProcess.Options.DEFAULT_ADMIN_PORT,
            description = "Admin port of the first dispatcher; the n-th uses PORT+n-1 (default: ${DEFAULT-VALUE}).")
    int dispatcherAdminPort;

    @Option(names = "--sender-threads", paramLabel = "N", defaultValue = "4",
            description = "Sender threads per dispatcher (default: ${DEFAULT-VALUE}).")
    int senderThreads;

    @Option(names = "--group-id", paramLabel = "ID", defaultValue = DispatcherProcess.Options.DEFAULT_GROUP_ID,
            description = "The dispatchers' consumer group (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "AUTO",
            description = "Progress on stderr: ${COMPLETION-CANDIDATES}; AUTO draws a bar on a terminal and"
                    + " prints a line every 5 s otherwise (default: ${DEFAULT-VALUE}).")
    DemoProgress.Mode progress;

    @Option(names = "--keep-running",
            description = "After the summary, print the endpoints and keep everything running until Ctrl-C"
                    + " (SIGINT) or SIGTERM.")
    boolean keepRunning;

    private final PrintStream out;
    private final PrintStream err;

    /** A demo that prints to the process's stdout and stderr. */
    public DemoCommand() {
        this(System.out, System.err);
    }

    DemoCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws InterruptedException {
        validate();
        HeraldHome home = HeraldHome.locate();
        Path csv = input != null ? input : home.root().resolve(switch (channel) {
            case "email" -> "samples/email-recipients.csv";
            case "push" -> "samples/push-recipients.csv";
            default -> "samples/recipients.csv";
        });
        if (!Files.isRegularFile(csv)) {
            throw new IllegalArgumentException("recipients file " + csv + " does not exist");
        }
        List<Recipient> recipients = RecipientsCsv.read(csv, count, switch (channel) {
            case "email" -> RecipientsCsv.EMAIL_COLUMN;
            case "push" -> RecipientsCsv.TOKEN_COLUMN;
            default -> RecipientsCsv.PHONE_COLUMN;
        });
        err.println("herald: " + recipients.size() + " recipients from " + csv);
        DemoStack.Services services = new DemoStack.Services(true, ingestPorts.ingestPort,
                ingestPorts.ingestAdminPort, dispatchers, dispatcherAdminPort, groupId, senderThreads);
        try (HeraldStack stack = DemoStack.start(home, stackOptions, services, err)) {
            // The clock starts at the first POST: first let the group settle, so that it measures sending, not the
            // dispatchers' rebalance and start-up.
            stack.awaitDispatchersAssigned(timeout);
            boolean complete = switch (channel) {
                case "email" -> runEmail(stack, recipients).complete();
                case "push" -> PushDemo.run(this, stack, recipients, out, err);
                default -> run(stack, recipients).complete();
            };
            if (keepRunning) {
                DemoStack.printEndpoints(stack, out);
                err.println("herald: running; press Ctrl-C to stop");
                new CountDownLatch(1).await(); // the shutdown hook stops the children on SIGINT or SIGTERM
            }
            err.println("herald: stopping the dispatchers, ingest, the simulator, the registry and Kafka");
            return complete ? ExitCodes.OK : ExitCodes.DEMO_MISMATCH;
        }
    }

    private void validate() {
        if (batchSize < 1 || concurrency < 1 || senderThreads < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--batch-size, --concurrency and --sender-threads must be at least 1");
        }
        if (!channel.equals("sms") && !channel.equals("email") && !channel.equals("push")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--channel must be sms, email or push, not '" + channel + "'");
        }
        if (dispatchers < 1 || dispatchers > Topics.DEFAULT_REQUESTS_PARTITIONS) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--dispatchers must be between 1 and " + Topics.DEFAULT_REQUESTS_PARTITIONS);
        }
    }

    private boolean isEmail() {
        return "email".equals(channel);
    }

    String sender() {
        return from != null ? from : isEmail() ? DEFAULT_EMAIL_FROM : "push".equals(channel) ? "herald"
                : DEFAULT_SMS_FROM;
    }

    /**
     * Submits every recipient and follows the batches' status ({@code GET /v1/batches/{id}}) until every accepted
     * message has a fate.
     *
     * @param onTimeout prints the summary line of the counts so far, before the timeout is thrown
     * @return the counts then, and when the following started ({@link System#nanoTime()})
     */
    Followed submitAndFollow(HeraldStack stack, BatchStatusClient tracker, BatchSubmitter submitter,
                                     List<Recipient> recipients, Consumer<BatchStatusClient.Counts> onTimeout)
            throws InterruptedException {
        try (DemoProgress bar = DemoProgress.start(progress, err)) {
            long startNanos = System.nanoTime();
            CompletableFuture<Void> submission = CompletableFuture.runAsync(
                    () -> submitter.submitAll(recipients, batchSize));
            while (true) {
                boolean submitted = submission.isDone();
                if (submission.isCompletedExceptionally()) {
                    submission.join(); // throws the submission's error
                }
                BatchStatusClient.Counts counts = tracker.counts(submitter.batchIds());
                bar.update(counts.done(), counts.failed(), submitter.accepted(), submitted);
                if (submitted && counts.done() >= submitter.accepted()) {
                    return new Followed(counts, startNanos);
                }
                Optional<LocalProcess> dead = DemoStack.firstDead(stack);
                if (dead.isPresent()) {
                    throw new IllegalStateException(dead.get() + " exited during the demo; see "
                            + dead.get().logFile());
                }
                if (System.nanoTime() - startNanos > timeout.toNanos()) {
                    bar.close();
                    onTimeout.accept(counts);
                    throw new DemoTimeoutException("timed out after " + timeout.toSeconds() + " s: "
                            + counts.done() + " of " + submitter.accepted() + " accepted messages have a status (GET "
                            + "/v1/batches/{id}); see the logs in " + stackOptions.workDir(HeraldHome.locate())
                            .resolve("logs"));
                }
                Thread.sleep(100);
            }
        }
    }

    /** What {@link #submitAndFollow} ends with: the counts, and when it started, in ns. */
    record Followed(BatchStatusClient.Counts counts, long startNanos) {
    }

    private DemoSummary run(HeraldStack stack, List<Recipient> recipients) throws InterruptedException {
        stack.smsc().reset();
        BatchStatusClient tracker = new BatchStatusClient(stack.ingest().url(), stack.ingest().apiKey());
        try (BatchSubmitter submitter = new BatchSubmitter(stack.ingest().url(), stack.ingest().apiKey(), sender(),
                text, concurrency)) {
            Followed followed = submitAndFollow(stack, tracker, submitter, recipients,
                    partial -> out.println(summary(submitter, partial, stack, recipients).line()));
            BatchStatusClient.Counts counts = awaitReceipts(tracker, submitter.batchIds(), followed.counts(),
                    followed.startNanos());
            DemoSummary summary = summary(submitter, counts, stack, recipients);
            out.println(summary.line());
            out.flush();
            if (summary.received() != summary.accepted()) {
                err.println("herald: the SMSC simulator received " + summary.received() + " distinct messages, but"
                        + " ingest accepted " + summary.accepted());
            }
            if (summary.delivered() != summary.sent()) {
                err.println("herald: " + summary.delivered() + " of " + summary.sent() + " sent messages have a "
                        + "DELIVERED status from their delivery receipts");
            }
            if (summary.ucs2Intact() != summary.ucs2Expected()) {
                err.println("herald: only " + summary.ucs2Intact() + " of " + summary.ucs2Expected() + " UCS-2 texts"
                        + " reached the SMSC simulator exactly as rendered");
            }
            return summary;
        }
    }

    /** The e-mail demo: the same batch flow to the simulator's SMTP server; no delivery receipts. */
    private ChannelDemoSummary runEmail(HeraldStack stack, List<Recipient> recipients) throws InterruptedException {
        stack.smsc().reset();
        String htmlBody = html == null || html.isEmpty() ? null : html;
        BatchRequest batch = new BatchRequest(sender(), text, null, null, null, null, BatchRequest.CHANNEL_EMAIL,
                subject, htmlBody);
        BatchStatusClient tracker = new BatchStatusClient(stack.ingest().url(), stack.ingest().apiKey());
        try (BatchSubmitter submitter = new BatchSubmitter(stack.ingest().url(), stack.ingest().apiKey(), batch,
                concurrency)) {
            BatchStatusClient.Counts counts = submitAndFollow(stack, tracker, submitter, recipients,
                    partial -> out.println(emailSummary(submitter, partial, stack, recipients, htmlBody).line()))
                    .counts();
            ChannelDemoSummary summary = emailSummary(submitter, counts, stack, recipients, htmlBody);
            out.println(summary.line());
            out.flush();
            if (summary.received() != summary.accepted()) {
                err.println("herald: the mail server received " + summary.received() + " distinct e-mails, but"
                        + " ingest accepted " + summary.accepted());
            }
            if (summary.intact() != summary.accepted()) {
                err.println("herald: only " + summary.intact() + " of " + summary.accepted() + " e-mails reached the"
                        + " mail server exactly as rendered");
            }
            return summary;
        }
    }

    private ChannelDemoSummary emailSummary(BatchSubmitter submitter, BatchStatusClient.Counts counts,
                                            HeraldStack stack,
                                          List<Recipient> recipients, String htmlBody) {
        long first = submitter.firstPostNanos();
        long last = counts.lastChangeNanos() != Long.MIN_VALUE ? counts.lastChangeNanos() : System.nanoTime();
        long elapsed = first == Long.MIN_VALUE ? 0 : Math.max(0, last - first);
        long received = stack.smsc().mailStats().distinctMessages();
        long intact = EmailDemoCheck.intact(subject, text, htmlBody, recipients, submitter.rejectedRows(),
                stack.smsc().mails(null));
        return new ChannelDemoSummary("email", submitter.accepted(), submitter.rejected(), counts.sent(),
                counts.failed(),
                received, intact, elapsed);
    }

    /**
     * Waits until every sent message has a DELIVERED status, as long as DELIVERED statuses keep coming (a new one at
     * least every {@value #RECEIPT_WAIT_SECONDS} s) and within the demo's timeout: the simulator sends its receipts at
     * once, and the dispatchers' receipt correlator turns them into statuses, behind the sending.
     */
    private BatchStatusClient.Counts awaitReceipts(BatchStatusClient tracker, Set<String> batchIds,
                                                   BatchStatusClient.Counts counts, long startNanos)
            throws InterruptedException {
        long quietNanos = TimeUnit.SECONDS.toNanos(RECEIPT_WAIT_SECONDS);
        long deadline = startNanos + timeout.toNanos();
        BatchStatusClient.Counts now = counts;
        long lastProgress = System.nanoTime();
        while (now.delivered() < now.sent() && System.nanoTime() - lastProgress < quietNanos
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
            BatchStatusClient.Counts next = tracker.counts(batchIds);
            if (next.delivered() > now.delivered()) {
                lastProgress = System.nanoTime();
            }
            now = next;
        }
        return now;
    }

    private DemoSummary summary(BatchSubmitter submitter, BatchStatusClient.Counts counts, HeraldStack stack,
                                List<Recipient> recipients) {
        long first = submitter.firstPostNanos();
        long last = counts.lastChangeNanos() != Long.MIN_VALUE ? counts.lastChangeNanos() : System.nanoTime();
        long elapsed = first == Long.MIN_VALUE ? 0 : Math.max(0, last - first);
        long received = stack.smsc().stats().distinctMessages();
        List<SmscMessage> messages = stack.smsc().messages(null);
        DemoTextCheck.Result ucs2 = DemoTextCheck.check(text, recipients, submitter.rejectedRows(), messages);
        return new DemoSummary(submitter.accepted(), submitter.rejected(), counts.sent(), counts.failed(), received,
                counts.delivered(), elapsed, ucs2.expected(), ucs2.intact(), DemoSummary.smscRate(messages));
    }
}
