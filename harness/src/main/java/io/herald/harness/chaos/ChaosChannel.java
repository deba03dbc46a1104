package io.herald.harness.chaos;

import io.herald.harness.ingest.Recipient;
import io.herald.ingest.api.BatchRequest;
import io.herald.local.SmscSimulatorProcess;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The channel a chaos run sends on: {@link #SMS} through the simulator's SMSC (SMPP), or {@link #PUSH} through its
 * APNs and FCM servers (the dispatchers' {@code apns} and {@code fcm} gateways), with what each needs: the batch, and
 * how to read what the simulator received.
 */
public enum ChaosChannel {
    /** SMS to Norwegian mobile numbers; every scenario. */
    SMS,
    /** Push to iOS and Android device tokens; {@code dispatcher-kill} and {@code broker-restart}. */
    PUSH;

    /** The push batch's title; the body is {@link ChaosBatch#TEMPLATE}. */
    static final String PUSH_TITLE = "Herald chaos";

    /**
     * @param name {@code sms} or {@code push}, any case
     * @return the channel
     * @throws IllegalArgumentException for any other name
     */
    public static ChaosChannel of(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "sms" -> SMS;
            case "push" -> PUSH;
            default -> throw new IllegalArgumentException("no channel " + name + "; known: sms, push");
        };
    }

    /**
     * @param scenario a scenario
     * @return whether it runs on this channel: the SMSC's scenarios (outage, throttling) and poison are SMS only
     */
    public boolean runs(ScenarioName scenario) {
        return this == SMS || scenario == ScenarioName.DISPATCHER_KILL || scenario == ScenarioName.BROKER_RESTART;
    }

    /**
     * @param count messages
     * @param random source of the recipients and their order
     * @return the batch's recipients
     */
    List<Recipient> recipients(int count, Random random) {
        return this == SMS ? ChaosBatch.recipients(count, random) : ChaosBatch.pushRecipients(count, random);
    }

    /**
     * @param sender the SMS sender id
     * @return the batch every request carries, without recipients
     */
    BatchRequest template(String sender) {
        return this == SMS ? new BatchRequest(sender, ChaosBatch.TEMPLATE, null, null, null)
                : new BatchRequest(null, null, null, null, null, null, BatchRequest.CHANNEL_PUSH, null, null, null,
                        PUSH_TITLE, ChaosBatch.TEMPLATE, null, null, null, null, null, null, null, null, null);
    }

    /**
     * @param smsc the running simulator
     * @return its count of distinct Herald message ids on this channel
     */
    long distinct(SmscSimulatorProcess smsc) {
        return this == SMS ? smsc.stats().distinctMessages() : smsc.pushStats().distinctMessages();
    }

    /**
     * @param smsc the running simulator
     * @return what it received on this channel, in arrival order
     */
    List<Arrival> arrivals(SmscSimulatorProcess smsc) {
        return this == SMS
                ? smsc.messages(null).stream()
                        .map(m -> new Arrival(m.heraldMessageId(), m.recipient(), m.receivedAt())).toList()
                : smsc.pushes(null).stream()
                        .map(p -> new Arrival(p.heraldMessageId(), p.token(), p.receivedAt())).toList();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
