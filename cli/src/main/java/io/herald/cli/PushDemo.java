package io.herald.cli;

import io.herald.harness.ingest.BatchSubmitter;
import io.herald.harness.ingest.Recipient;
import io.herald.ingest.api.BatchRequest;
import io.herald.local.HeraldStack;
import io.herald.local.PushStats;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code herald demo --channel push}: the batch flow of the other channels, to the SMSC simulator's APNs server (iOS
 * recipients, through the dispatchers' {@code apns} gateway, Pushy) and FCM server (Android, the {@code fcm} gateway);
 * push has no delivery receipts. The line is {@code demo: channel=push accepted=N rejected=R sent=S failed=F
 * received=M intact=I/N elapsed=T.Ts rate=X msg/s}, and the run is complete when every accepted push arrived exactly
 * once ({@code received == accepted}, no duplicate) with exactly the rendered title, body and data.
 */
final class PushDemo {

    /** The default title template of the push demo. */
    static final String DEFAULT_TITLE = "Herald code for {{name}}";
    /** The data every push carries: the code, rendered per recipient. */
    static final Map<String, String> DATA = Map.of("code", "{{code}}");

    private PushDemo() {
    }

    /**
     * Sends the recipients as push batches and checks what the push servers received.
     *
     * @param demo the demo command (its options and batch flow)
     * @param stack the running stack, with push
     * @param recipients the recipients, each with a token and a platform
     * @param out where the summary line goes
     * @param err where problems are told
     * @return whether the run is complete: every accepted push arrived once, intact
     * @throws InterruptedException if interrupted while following the batches
     */
    static boolean run(DemoCommand demo, HeraldStack stack, List<Recipient> recipients, PrintStream out,
                                  PrintStream err) throws InterruptedException {
        stack.smsc().reset();
        BatchRequest batch = new BatchRequest(demo.sender(), null, null, null, null, null, BatchRequest.CHANNEL_PUSH,
                null, null, null, demo.title, demo.text, DATA, null, null, null, null, null, null, null, null);
        BatchStatusClient tracker = new BatchStatusClient(stack.ingest().url(), stack.ingest().apiKey());
        try (BatchSubmitter submitter = new BatchSubmitter(stack.ingest().url(), stack.ingest().apiKey(), batch,
                demo.concurrency)) {
            BatchStatusClient.Counts counts = demo.submitAndFollow(stack, tracker, submitter, recipients,
                    partial -> out.println(summary(demo, submitter, partial, stack, recipients).line())).counts();
            ChannelDemoSummary summary = summary(demo, submitter, counts, stack, recipients);
            out.println(summary.line());
            out.flush();
            PushStats stats = stack.smsc().pushStats();
            if (summary.received() != summary.accepted()) {
                err.println("herald: the push servers received " + summary.received() + " distinct pushes, but"
                        + " ingest accepted " + summary.accepted());
            }
            if (stats.duplicates() > 0) {
                err.println("herald: the push servers received " + stats.duplicates() + " duplicates");
            }
            if (summary.intact() != summary.accepted()) {
                err.println("herald: only " + summary.intact() + " of " + summary.accepted() + " pushes reached the"
                        + " push servers exactly as rendered");
            }
            return summary.complete() && stats.duplicates() == 0;
        }
    }

    private static ChannelDemoSummary summary(DemoCommand demo, BatchSubmitter submitter,
                                              BatchStatusClient.Counts counts, HeraldStack stack,
                                              List<Recipient> recipients) {
        long first = submitter.firstPostNanos();
        long last = counts.lastChangeNanos() != Long.MIN_VALUE ? counts.lastChangeNanos() : System.nanoTime();
        long elapsed = first == Long.MIN_VALUE ? 0 : Math.max(0, last - first);
        long received = stack.smsc().pushStats().distinctMessages();
        long intact = PushDemoCheck.intact(demo.title, demo.text, DATA, recipients, submitter.rejectedRows(),
                stack.smsc().pushes(null));
        return new ChannelDemoSummary("push", submitter.accepted(), submitter.rejected(), counts.sent(),
                counts.failed(), received, intact, elapsed);
    }
}
