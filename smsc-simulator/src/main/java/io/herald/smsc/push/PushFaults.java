package io.herald.smsc.push;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The faults the push servers inject, set through {@code POST /push/faults} or in process. A request that passes
 * authentication and validation then meets them in this order: the server's {@link Mode} ({@code unavailable}, then
 * {@code throttle}), then the unregistered tokens. A fault answer is counted as rejected, never recorded as received.
 * Thread-safe.
 *
 * <ul>
 *   <li>An unregistered token: APNs answers 410 {@code Unregistered} with the time it was marked as the
 *       {@code timestamp} (ms since the epoch); FCM answers 404 {@code NOT_FOUND} with error code
 *       {@code UNREGISTERED}. APNs tokens match case-insensitively (they are hex), FCM tokens exactly.</li>
 *   <li>{@link Mode#UNAVAILABLE}: APNs 503 {@code ServiceUnavailable}; FCM 503 {@code UNAVAILABLE}.</li>
 *   <li>{@link Mode#THROTTLE}: APNs 429 {@code TooManyRequests}; FCM 429 {@code RESOURCE_EXHAUSTED} (error code
 *       {@code QUOTA_EXCEEDED}) with {@code Retry-After: }{@link #retryAfterSeconds()}.</li>
 * </ul>
 */
public final class PushFaults {

    /** Default of {@link #retryAfterSeconds()}, in seconds. */
    public static final int DEFAULT_RETRY_AFTER_SECONDS = 30;

    /** How a push server answers every valid request. */
    public enum Mode {
        /** Normally: accept, unless the token is unregistered. */
        OK,
        /** 503, as a service that is down. */
        UNAVAILABLE,
        /** 429, as a service that sheds load. */
        THROTTLE;

        /** @return the name used in JSON: {@code ok}, {@code unavailable} or {@code throttle} */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * @param name {@code ok}, {@code unavailable} or {@code throttle} (any case)
         * @return the mode
         * @throws IllegalArgumentException for any other name
         */
        public static Mode fromJsonName(String name) {
            for (Mode mode : values()) {
                if (mode.jsonName().equalsIgnoreCase(name)) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("a fault mode is ok, unavailable or throttle, was: " + name);
        }
    }

    private final Clock clock;
    private final Map<String, Instant> unregistered = new ConcurrentHashMap<>();
    private final Map<String, Instant> unregisteredIgnoringCase = new ConcurrentHashMap<>();
    private volatile Mode apns = Mode.OK;
    private volatile Mode fcm = Mode.OK;
    private volatile int retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS;

    /** @param clock the time an unregistered token is marked with */
    public PushFaults(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Marks tokens as unregistered from now on (a token already marked keeps its time).
     *
     * @param tokens APNs or FCM device tokens
     */
    public void unregister(Collection<String> tokens) {
        Instant now = clock.instant();
        for (String token : tokens) {
            unregistered.putIfAbsent(Objects.requireNonNull(token, "token"), now);
            unregisteredIgnoringCase.putIfAbsent(token.toLowerCase(Locale.ROOT), now);
        }
    }

    /**
     * @param token an APNs device token (hex)
     * @return when it was marked unregistered, comparing case-insensitively, or empty
     */
    public Optional<Instant> apnsUnregisteredSince(String token) {
        return Optional.ofNullable(unregisteredIgnoringCase.get(token.toLowerCase(Locale.ROOT)));
    }

    /**
     * @param token an FCM registration token
     * @return whether it was marked unregistered (exact match)
     */
    public boolean fcmUnregistered(String token) {
        return unregistered.containsKey(token);
    }

    /** @return the tokens marked unregistered, as given, in no particular order */
    public List<String> unregisteredTokens() {
        return List.copyOf(unregistered.keySet());
    }

    /** @param mode how the APNs server answers from now on */
    public void apns(Mode mode) {
        this.apns = Objects.requireNonNull(mode, "mode");
    }

    /** @return how the APNs server answers */
    public Mode apns() {
        return apns;
    }

    /** @param mode how the FCM server answers from now on */
    public void fcm(Mode mode) {
        this.fcm = Objects.requireNonNull(mode, "mode");
    }

    /** @return how the FCM server answers */
    public Mode fcm() {
        return fcm;
    }

    /**
     * @param seconds the {@code Retry-After} of FCM's 429 answers, in seconds, at least 0
     * @throws IllegalArgumentException when negative
     */
    public void retryAfterSeconds(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must be >= 0, was " + seconds);
        }
        this.retryAfterSeconds = seconds;
    }

    /** @return the {@code Retry-After} of FCM's 429 answers, in seconds */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /**
     * Applies a {@code POST /push/faults} body: each field given replaces the setting, {@code unregistered} adds.
     *
     * @param update the parsed body
     */
    public void apply(FaultsUpdate update) {
        unregister(update.unregistered());
        update.apns().ifPresent(this::apns);
        update.fcm().ifPresent(this::fcm);
        if (update.retryAfterSeconds() != null) {
            retryAfterSeconds(update.retryAfterSeconds());
        }
    }

    /** Forgets every unregistered token, sets both servers to {@link Mode#OK} and Retry-After to its default. */
    public void clear() {
        unregistered.clear();
        unregisteredIgnoringCase.clear();
        apns = Mode.OK;
        fcm = Mode.OK;
        retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS;
    }
}
