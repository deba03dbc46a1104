package io.herald.harness.chaos;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a chaos run starts and how its scenarios behave. Every duration is a {@link Duration}; counts are messages.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>Name</th><th>CLI option</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>workDir</td><td>--work-dir</td><td>&lt;home&gt;/.herald/chaos</td><td>data, config, logs, pid
 *   files</td></tr> <tr><td>ports</td><td>--kafka-port …</td><td>all free</td><td>see {@link ChaosPorts}</td></tr>
 *   <tr><td>dispatchers</td><td>--dispatchers</td><td>3</td><td>dispatcher JVMs in the group</td></tr>
 *   <tr><td>senderThreads</td><td>--sender-threads</td><td>4</td><td>{@code sender.threads} of each</td></tr>
 *   <tr><td>maxInFlight</td><td>--max-in-flight</td><td>1000</td><td>{@code max.in.flight} of each; also the
 *       bound on duplicates per kill</td></tr>
 *   <tr><td>sessionTimeout</td><td>--session-timeout</td><td>(null: as shipped, 45 s)</td><td>consumer
 *       {@code session.timeout.ms}; null leaves the dispatcher's own default</td></tr>
 *   <tr><td>staticMembership</td><td>--[no-]static-membership</td><td>true</td><td>each dispatcher has a
 *       {@code group.instance.id} (its name, kept across its restarts)</td></tr>
 *   <tr><td>groupId</td><td>--group-id</td><td>herald-dispatcher-chaos</td><td>the dispatchers' group</td></tr>
 *   <tr><td>count</td><td>--count</td><td>20000</td><td>messages per scenario</td></tr>
 *   <tr><td>batchSize</td><td>--batch-size</td><td>1000</td><td>recipients per POST /v1/batches</td></tr>
 *   <tr><td>seed</td><td>--seed</td><td>random</td><td>seed of kill points, victims and recipients</td></tr>
 *   <tr><td>kills</td><td>--kills</td><td>5</td><td>dispatcher-kill: SIGKILLs per batch</td></tr>
 *   <tr><td>outage</td><td>--outage</td><td>20s</td><td>smsc-outage: how long the simulator is down</td></tr>
 *   <tr><td>throttleTps</td><td>--throttle-tps</td><td>200</td><td>smsc-throttle: the simulator's
 *       {@code --max-tps}</td></tr>
 *   <tr><td>stallTimeout</td><td>--stall-timeout</td><td>3m</td><td>a scenario ends, counting what is missing as
 *       lost, when the simulator received nothing new for this long</td></tr>
 *   <tr><td>timeout</td><td>--timeout</td><td>20m</td><td>upper bound on one scenario</td></tr>
 *   <tr><td>throttleRate</td><td>--throttle-rate</td><td>0</td><td>smsc-throttle: fraction of {@code submit_sm}
 *       answered {@code ESME_RTHROTTLED} at random; when above 0 it replaces the {@code --max-tps} cap</td></tr>
 *   <tr><td>smscLatency</td><td>--smsc-latency</td><td>20ms</td><td>the simulator's delay before each
 *       {@code submit_sm_resp}, as an operator's SMSC has; it also sets how long a batch takes</td></tr>
 * </table>
 *
 * @param workDir work folder
 * @param ports the stack's ports
 * @param dispatchers dispatcher processes
 * @param senderThreads sender threads per dispatcher
 * @param maxInFlight records in flight per dispatcher
 * @param sessionTimeout the dispatchers' consumer session timeout, or null for the dispatcher's default (45 s)
 * @param staticMembership whether each dispatcher joins with a {@code group.instance.id}
 * @param groupId the dispatchers' consumer group
 * @param count messages per scenario
 * @param batchSize recipients per request
 * @param seed random seed
 * @param kills kills in dispatcher-kill
 * @param outage simulator downtime in smsc-outage
 * @param throttleTps simulator {@code --max-tps} in smsc-throttle
 * @param stallTimeout longest time without a new reception before a scenario gives up
 * @param timeout longest time for a scenario
 * @param smscLatency the simulator's {@code --latency-ms}: delay before each {@code submit_sm_resp}
 * @param throttleRate smsc-throttle: the simulator's {@code --throttle-rate} (0–1); 0 uses {@code throttleTps}
 */
public record ChaosSettings(Path workDir, ChaosPorts ports, int dispatchers, int senderThreads, int maxInFlight,
                            Duration sessionTimeout, boolean staticMembership, String groupId, int count,
                            int batchSize, long seed, int kills,
                            Duration outage, int throttleTps, Duration stallTimeout, Duration timeout,
                            Duration smscLatency, double throttleRate) {

    /** Default consumer group of the chaos dispatchers. */
    public static final String DEFAULT_GROUP_ID = "herald-dispatcher-chaos";

    /**
     * @param workDir the work folder
     * @param seed the random seed
     * @return the defaults, on free ports
     */
    public static ChaosSettings defaults(Path workDir, long seed) {
        return new ChaosSettings(workDir, ChaosPorts.free(), 3, 4, 1000, null, true, DEFAULT_GROUP_ID,
                20_000, 1000, seed, 5, Duration.ofSeconds(20), 200, Duration.ofMinutes(3), Duration.ofMinutes(20),
                Duration.ofMillis(20), 0.0);
    }

    /**
     * @param sessionTimeout the consumer session timeout, or null for the dispatcher's default
     * @param staticMembership whether each dispatcher joins with a {@code group.instance.id}
     * @return a copy with them
     */
    public ChaosSettings withMembership(Duration sessionTimeout, boolean staticMembership) {
        return new ChaosSettings(workDir, ports, dispatchers, senderThreads, maxInFlight, sessionTimeout,
                staticMembership, groupId, count, batchSize, seed, kills, outage, throttleTps, stallTimeout, timeout,
                smscLatency, throttleRate);
    }

    /** @param latency the simulator's delay before each {@code submit_sm_resp} @return a copy with it */
    public ChaosSettings withSmscLatency(Duration latency) {
        return new ChaosSettings(workDir, ports, dispatchers, senderThreads, maxInFlight, sessionTimeout,
                staticMembership, groupId, count, batchSize, seed, kills, outage, throttleTps, stallTimeout, timeout,
                latency, throttleRate);
    }
}
