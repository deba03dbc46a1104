package io.herald.cli;

import io.herald.harness.chaos.Chaos;
import io.herald.harness.chaos.ChaosChannel;
import io.herald.harness.chaos.ChaosPorts;
import io.herald.harness.chaos.ChaosResult;
import io.herald.harness.chaos.ChaosSettings;
import io.herald.harness.chaos.ChaosStack;
import io.herald.harness.chaos.ScenarioName;
import io.herald.local.HeraldHome;
import io.herald.local.StackData;
import io.herald.schema.Topics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code herald chaos}: starts its own local stack (Kafka, registry, SMSC simulator, ingest, N dispatchers) in its own
 * work folder, runs fault scenarios against it one after another, and prints one line per scenario on stdout:
 * {@code chaos: scenario=NAME accepted=N received=M lost=L duplicates=D dlq=Q elapsed=T.Ts}. The exit code is 0 only
 * if {@code lost=0} in every scenario. See docs/chaos.md.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true, usageHelpWidth = 100,
        description = {"Runs fault scenarios against a local stack and counts lost and duplicate messages.", "",
            "Starts Kafka, the registry, the SMSC simulator, one ingest-service and",
            "--dispatchers dispatchers (separate JVMs, one group) in its own work folder,",
            "then runs each scenario on a batch of --count messages submitted through",
            "POST /v1/batches, and prints one line per scenario:", "",
            "chaos: scenario=NAME accepted=N received=M lost=L duplicates=D dlq=Q elapsed=T.Ts", "",
            "dispatcher-kill adds resume=R.Rs: the longest time from a kill -9 to the first",
            "message the SMSC received for a partition the killed dispatcher owned.", "",
            "pause-resume-kill adds lateAfterPause=N: messages the SMSC received more than",
            "2 s after the pause was answered and before the resume (0 expected).", "",
            "Scenarios: dispatcher-kill, smsc-outage, smsc-throttle, broker-restart,",
            "pause-resume-kill (the default set, in that order) and poison. With --channel push the batch",
            "goes to iOS and Android devices through the simulator's APNs and FCM servers;",
            "push runs dispatcher-kill and broker-restart.",
            "The exit code is 0 only if lost=0 in every scenario.", ""})
public final class ChaosCommand implements Callable<Integer> {

    /** The scenarios run when no {@code --scenario} is given. */
    public static final List<ScenarioName> DEFAULT_SCENARIOS = List.of(ScenarioName.DISPATCHER_KILL,
            ScenarioName.SMSC_OUTAGE, ScenarioName.SMSC_THROTTLE, ScenarioName.BROKER_RESTART,
            ScenarioName.PAUSE_RESUME_KILL);

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME", converter = ScenarioConverter.class,
            description = "A scenario to run, repeatable: dispatcher-kill, smsc-outage, smsc-throttle, broker-restart,"
                    + " pause-resume-kill, poison (default: all but poison).")
    List<ScenarioName> scenarios = new ArrayList<>();

    @Option(names = "--channel", paramLabel = "CHANNEL", defaultValue = "sms", converter = ChannelConverter.class,
            description = "sms, or push: iOS and Android devices through the simulator's APNs and FCM servers, for"
                    + " dispatcher-kill and broker-restart (default: ${DEFAULT-VALUE}).")
    ChaosChannel channel;

    @Option(names = "--count", paramLabel = "N", defaultValue = "20000",
            description = "Messages per scenario (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the recipients, kill points and victims (default: random, printed).")
    Long seed;

    @Option(names = "--kills", paramLabel = "N", defaultValue = "5",
            description = "dispatcher-kill: kill -9 this many times per batch (default: ${DEFAULT-VALUE}).")
    int kills;

    @Option(names = "--outage", paramLabel = "DURATION", defaultValue = "20s", converter = DurationConverter.class,
            description = "smsc-outage: how long the simulator is down, e.g. 20s (default: ${DEFAULT-VALUE}).")
    Duration outage;

    @Option(names = "--throttle-tps", paramLabel = "N", defaultValue = "200",
            description = "smsc-throttle: the simulator's --max-tps, submit_sm per second over all sessions;"
                    + " above it, ESME_RTHROTTLED (default: ${DEFAULT-VALUE}).")
    int throttleTps;

    @Option(names = "--throttle-rate", paramLabel = "FRACTION", defaultValue = "0",
            description = "smsc-throttle: fraction 0-1 of submit_sm the simulator answers ESME_RTHROTTLED at random;"
                    + " above 0 it replaces the --throttle-tps cap (default: ${DEFAULT-VALUE}).")
    double throttleRate;

    @Option(names = "--smsc-latency", paramLabel = "DURATION", defaultValue = "20ms",
            converter = DurationConverter.class,
            description = "The simulator's delay before each submit_sm_resp, as an operator's SMSC has; it also sets"
                    + " how long a batch takes (default: ${DEFAULT-VALUE}).")
    Duration smscLatency;

    @Option(names = "--dispatchers", paramLabel = "N", defaultValue = "3",
            description = "Dispatcher JVMs in the consumer group (default: ${DEFAULT-VALUE}).")
    int dispatchers;

    @Option(names = "--sender-threads", paramLabel = "N", defaultValue = "4",
            description = "sender.threads of each dispatcher (default: ${DEFAULT-VALUE}).")
    int senderThreads;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "1000",
            description = "max.in.flight of each dispatcher, records (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--session-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "The dispatchers' consumer session.timeout.ms (default: the dispatcher's own, 45s, as"
                    + " shipped).")
    Duration sessionTimeout;

    @Option(names = "--static-membership", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Give each dispatcher a group.instance.id (its name, kept when it is restarted), as the"
                    + " Kubernetes StatefulSet does; --no-static-membership runs them as dynamic members"
                    + " (default: ${DEFAULT-VALUE}).")
    boolean staticMembership;

    @Option(names = "--group-id", paramLabel = "ID", defaultValue = ChaosSettings.DEFAULT_GROUP_ID,
            description = "The dispatchers' consumer group (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000",
            description = "Recipients per POST /v1/batches request (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--stall-timeout", paramLabel = "DURATION", defaultValue = "3m",
            converter = DurationConverter.class,
            description = "End a scenario, counting what is missing as lost, when the simulator received nothing"
                    + " new for this long (default: ${DEFAULT-VALUE}).")
    Duration stallTimeout;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "20m", converter = DurationConverter.class,
            description = "Upper bound on one scenario (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Work folder for data, config, logs and pid files (default: <herald home>/.herald/chaos).")
    Path workDir;

    @Option(names = "--fresh",
            description = "Start clean: delete the work folder's data first (Kafka's records, the registry's schemas,"
                    + " the services' Kafka Streams state); config/ and logs/ stay. Refused while a process started"
                    + " from the work folder still runs.")
    boolean fresh;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "0",
            description = "Kafka broker (PLAINTEXT) port on 127.0.0.1; 0 picks a free one (default: 0).")
    int kafkaPort;

    @Option(names = "--controller-port", paramLabel = "PORT", defaultValue = "0",
            description = "Kafka KRaft controller port; 0 picks a free one (default: 0).")
    int controllerPort;

    @Option(names = "--registry-port", paramLabel = "PORT", defaultValue = "0",
            description = "Apicurio registry HTTP port; 0 picks a free one (default: 0).")
    int registryPort;

    @Option(names = "--smsc-port", paramLabel = "PORT", defaultValue = "0",
            description = "SMSC simulator SMPP port; 0 picks a free one (default: 0).")
    int smscPort;

    @Option(names = "--smsc-http-port", paramLabel = "PORT", defaultValue = "0",
            description = "SMSC simulator HTTP API port; 0 picks a free one (default: 0).")
    int smscHttpPort;

    @Option(names = "--ingest-port", paramLabel = "PORT", defaultValue = "0",
            description = "ingest-service REST port; 0 picks a free one (default: 0).")
    int ingestPort;

    @Option(names = "--ingest-admin-port", paramLabel = "PORT", defaultValue = "0",
            description = "ingest-service admin port; 0 picks a free one (default: 0).")
    int ingestAdminPort;

    @Option(names = "--dispatcher-admin-port", paramLabel = "PORT", defaultValue = "0",
            description = "Admin port of the first dispatcher, the n-th uses PORT+n-1; 0 picks free ones"
                    + " (default: 0).")
    int dispatcherAdminPort;

    private final PrintStream out;
    private final PrintStream err;

    /** A command that prints to the process's stdout and stderr. */
    public ChaosCommand() {
        this(System.out, System.err);
    }

    ChaosCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws InterruptedException {
        validate();
        HeraldHome home = HeraldHome.locate();
        ChaosSettings settings = settings(home);
        List<ScenarioName> selected = (scenarios.isEmpty() ? DEFAULT_SCENARIOS : scenarios).stream()
                .filter(channel::runs).toList();
        if (fresh) {
            List<Path> deleted = StackData.deleteAll(settings.workDir());
            err.println("chaos: --fresh: " + (deleted.isEmpty() ? "no data to delete"
                    : "deleted " + deleted.stream().map(folder -> folder + "/").collect(Collectors.joining(" "))));
        }
        err.println("chaos: seed " + settings.seed() + " (repeat with --seed " + settings.seed() + ")");
        boolean allDelivered = true;
        try (ChaosStack stack = ChaosStack.start(home, settings, err)) {
            for (ScenarioName scenario : selected) {
                ChaosResult result = Chaos.run(stack, scenario, count, err, channel);
                out.println(result.line());
                out.flush();
                if (!result.details().isEmpty()) {
                    err.println(result.detailsLine());
                }
                allDelivered &= result.lost() == 0;
            }
            err.println("chaos: stopping the dispatchers, ingest, the simulator, the registry and Kafka");
        }
        return allDelivered ? ExitCodes.OK : ExitCodes.CHAOS_LOST;
    }

    ChaosSettings settings(HeraldHome home) {
        Path work = (workDir != null ? workDir : home.defaultWorkDir().resolve("chaos")).toAbsolutePath().normalize();
        ChaosPorts ports = new ChaosPorts(kafkaPort, controllerPort, registryPort, smscPort, smscHttpPort, ingestPort,
                ingestAdminPort, dispatcherAdminPort);
        long theSeed = seed != null ? seed : new SecureRandom().nextLong();
        return new ChaosSettings(work, ports, dispatchers, senderThreads, maxInFlight, sessionTimeout, staticMembership,
                groupId, count,
                batchSize, theSeed, kills, outage, throttleTps, stallTimeout, timeout, smscLatency, throttleRate);
    }

    private void validate() {
        if (count < 1 || batchSize < 1 || senderThreads < 1 || maxInFlight < 1 || throttleTps < 1 || kills < 0) {
            throw new ParameterException(spec.commandLine(), "--count, --batch-size, --sender-threads,"
                    + " --max-in-flight and --throttle-tps must be at least 1, --kills at least 0");
        }
        if (throttleRate < 0 || throttleRate > 1) {
            throw new ParameterException(spec.commandLine(), "--throttle-rate must be between 0 and 1");
        }
        if (dispatchers < 1 || dispatchers > Topics.DEFAULT_REQUESTS_PARTITIONS) {
            throw new ParameterException(spec.commandLine(),
                    "--dispatchers must be between 1 and " + Topics.DEFAULT_REQUESTS_PARTITIONS);
        }
        for (ScenarioName scenario : scenarios) {
            if (!channel.runs(scenario)) {
                throw new ParameterException(spec.commandLine(), "--scenario " + scenario + " does not run with"
                        + " --channel " + channel + ": push runs dispatcher-kill and broker-restart");
            }
        }
    }

    /** Reads {@code --channel sms|push}. */
    static final class ChannelConverter implements picocli.CommandLine.ITypeConverter<ChaosChannel> {
        @Override
        public ChaosChannel convert(String value) {
            try {
                return ChaosChannel.of(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Reads {@code --scenario NAME}. */
    static final class ScenarioConverter implements picocli.CommandLine.ITypeConverter<ScenarioName> {
        @Override
        public ScenarioName convert(String value) {
            try {
                return ScenarioName.of(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
