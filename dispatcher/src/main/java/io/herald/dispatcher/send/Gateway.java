package io.herald.dispatcher.send;

import io.herald.schema.Channel;
import io.herald.schema.PushPlatform;

/**
 * A gateway that takes messages for delivery, such as an SMSC over SMPP, an SMS provider's HTTP API, a mail server
 * over SMTP, or a push service (APNs, FCM). The dispatcher's only view of a gateway.
 */
public interface Gateway extends AutoCloseable {

    /** @return a short name for status events, e.g. {@code smpp} */
    String name();

    /**
     * @return the channel this gateway sends: {@link Channel#SMS} (the default), {@link Channel#EMAIL} or
     *     {@link Channel#PUSH}
     */
    default Channel channel() {
        return Channel.SMS;
    }

    /** @return for a push gateway, the devices it reaches ({@code IOS} for APNs, {@code ANDROID} for FCM); else null */
    default PushPlatform platform() {
        return null;
    }

    /**
     * Hands one message to the gateway and waits for its answer. Safe to call from several threads at once.
     *
     * @param message the message
     * @return the outcome; failures are values, never exceptions
     */
    SendResult send(Message message);

    /** @return true if the gateway can take messages now (for SMPP: at least one session is bound) */
    boolean isAvailable();

    /** Stops taking messages and releases connections (for SMPP: unbind). */
    @Override
    void close();
}
