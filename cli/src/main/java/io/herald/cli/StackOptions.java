package io.herald.cli;

import io.herald.local.HeraldHome;
import io.herald.local.HeraldStack;
import io.herald.local.HeraldStackBuilder;
import io.herald.local.KafkaBroker;
import io.herald.local.SchemaRegistry;
import io.herald.local.ServicePort;
import io.herald.local.SmscSimulatorProcess;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every command that starts the local stack shares: the work folder, whether to start it clean, and the
 * infrastructure's ports.
 */
public final class StackOptions {

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Work folder for data, config, logs and pid files (default: <herald home>/.herald; for bench"
                    + " <herald home>/.herald/bench).")
    Path workDir;

    @Option(names = "--fresh",
            description = "Start clean: delete the work folder's data first (Kafka's records in kafka-data/, the"
                    + " registry's schemas in registry-data/, the services' Kafka Streams state); config/ and logs/"
                    + " stay. Refused while a process started from the work folder still runs.")
    boolean fresh;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "" + KafkaBroker.Options.DEFAULT_PORT,
            description = "Kafka broker (PLAINTEXT) port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--controller-port", paramLabel = "PORT",
            defaultValue = "" + KafkaBroker.Options.DEFAULT_CONTROLLER_PORT,
            description = "Kafka KRaft controller port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int controllerPort;

    @Option(names = "--registry-port", paramLabel = "PORT", defaultValue = "" + SchemaRegistry.Options.DEFAULT_PORT,
            description = "Apicurio schema registry HTTP port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(names = "--smsc-port", paramLabel = "PORT",
            defaultValue = "" + SmscSimulatorProcess.Options.DEFAULT_SMPP_PORT,
            description = "SMSC simulator SMPP port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int smscPort;

    @Option(names = "--smsc-http-port", paramLabel = "PORT",
            defaultValue = "" + SmscSimulatorProcess.Options.DEFAULT_HTTP_PORT,
            description = "SMSC simulator HTTP API port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int smscHttpPort;

    @Option(names = "--smtp-port", paramLabel = "PORT",
            defaultValue = "" + SmscSimulatorProcess.Options.DEFAULT_SMTP_PORT,
            description = "SMSC simulator's SMTP (mail server) port on 127.0.0.1, for e-mail; 0 picks a free one"
                    + " (default: ${DEFAULT-VALUE}).")
    int smtpPort;

    @Option(names = "--fcm-port", paramLabel = "PORT",
            defaultValue = "" + SmscSimulatorProcess.Options.DEFAULT_FCM_PORT,
            description = "SMSC simulator's FCM v1 and OAuth2 token server port on 127.0.0.1, for push to Android"
                    + " (demo and stack); 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int fcmPort;

    @Option(names = "--apns-port", paramLabel = "PORT",
            defaultValue = "" + SmscSimulatorProcess.Options.DEFAULT_APNS_PORT,
            description = "SMSC simulator's APNs server port (HTTP/2, TLS) on 127.0.0.1, for push to iOS (demo and"
                    + " stack); 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int apnsPort;

    /** The folder under {@code <home>/.herald} a command's stack uses without {@code --work-dir}; null for itself. */
    private String defaultSubfolder;

    /**
     * Gives a command a stack of its own by default, so that what it leaves in Kafka (the benchmark's backlogs) is not
     * read by the next demo's consumer group.
     *
     * @param subfolder e.g. {@code bench}: the default work folder is then {@code <home>/.herald/bench}
     * @return this
     */
    StackOptions defaultSubfolder(String subfolder) {
        this.defaultSubfolder = subfolder;
        return this;
    }

    /**
     * @param home the Herald checkout
     * @return {@code --work-dir}, or {@code <home>/.herald} (or its subfolder given to {@link #defaultSubfolder})
     */
    Path workDir(HeraldHome home) {
        Path base = defaultSubfolder == null ? home.defaultWorkDir() : home.defaultWorkDir().resolve(defaultSubfolder);
        return (workDir != null ? workDir : base).toAbsolutePath().normalize();
    }

    /**
     * @param home the Herald checkout
     * @return a stack builder in {@link #workDir(HeraldHome)} with these ports; with {@code --fresh}, it deletes the
     *     work folder's data first
     */
    HeraldStackBuilder stack(HeraldHome home) {
        HeraldStackBuilder builder = HeraldStack.builder(home, workDir(home)).kafkaPorts(kafkaPort, controllerPort)
                .registryPort(registryPort).smscPorts(smscPort, smscHttpPort, smtpPort);
        return fresh ? builder.deleteAllDataFirst("--fresh") : builder;
    }

    /**
     * @param builder a stack builder from {@link #stack}
     * @return it, with the simulator's push servers on {@code --fcm-port} and {@code --apns-port}
     */
    HeraldStackBuilder withPush(HeraldStackBuilder builder) {
        return builder.push(fcmPort, apnsPort);
    }

    /**
     * The option that sets a port, for error messages.
     *
     * @param port what listens
     * @return the option name, e.g. {@code --kafka-port}
     */
    static String optionFor(ServicePort port) {
        return switch (port) {
            case KAFKA -> "--kafka-port";
            case KAFKA_CONTROLLER -> "--controller-port";
            case REGISTRY -> "--registry-port";
            case SMSC_SMPP -> "--smsc-port";
            case SMSC_HTTP -> "--smsc-http-port";
            case INGEST -> "--ingest-port";
            case INGEST_ADMIN -> "--ingest-admin-port";
            case DISPATCHER_ADMIN -> "--dispatcher-admin-port";
        };
    }
}
