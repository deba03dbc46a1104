package io.herald.harness.chaos;

import java.io.PrintStream;

/**
 * The Java entry point to the scenarios, for {@code herald chaos} and the integration tests:
 *
 * <pre>{@code
 * try (ChaosStack stack = ChaosStack.start(HeraldHome.locate(), settings, System.err)) {
 *     ChaosResult kill = Chaos.run(stack, ScenarioName.DISPATCHER_KILL, 20_000, System.err);
 *     assert kill.lost() == 0;
 * }
 * }</pre>
 */
public final class Chaos {

    private Chaos() {
    }

    /**
     * Runs one scenario on the stack: resets the simulator, submits {@code count} messages, injects the fault, waits
     * and counts.
     *
     * @param stack a running chaos stack
     * @param scenario which scenario
     * @param count messages in the batch, at least 1
     * @param info where progress lines go
     * @return the counts
     * @throws IllegalStateException if ingest refuses the batch or a process cannot be restarted
     * @throws InterruptedException if interrupted
     */
    public static ChaosResult run(ChaosStack stack, ScenarioName scenario, int count, PrintStream info)
            throws InterruptedException {
        return run(stack, scenario, count, info, ChaosChannel.SMS);
    }

    /**
     * Runs one scenario on the stack with a batch of the given channel.
     *
     * @param stack a running chaos stack
     * @param scenario which scenario; {@link ChaosChannel#runs} it
     * @param count messages in the batch, at least 1
     * @param info where progress lines go
     * @param channel SMS, or push (iOS and Android devices, through the simulator's APNs and FCM servers)
     * @return the counts
     * @throws IllegalArgumentException if the channel does not run the scenario, or count is below 1
     * @throws IllegalStateException if ingest refuses the batch or a process cannot be restarted
     * @throws InterruptedException if interrupted
     */
    public static ChaosResult run(ChaosStack stack, ScenarioName scenario, int count, PrintStream info,
                                  ChaosChannel channel) throws InterruptedException {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, not " + count);
        }
        if (!channel.runs(scenario)) {
            throw new IllegalArgumentException("scenario " + scenario + " does not run on channel " + channel
                    + " (push runs dispatcher-kill and broker-restart)");
        }
        return new ScenarioRun(stack, scenario.create(), count, info, channel).run();
    }
}
