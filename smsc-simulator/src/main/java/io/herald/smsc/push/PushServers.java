package io.herald.smsc.push;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The simulator's push side: an {@link FcmServer} and/or an {@link ApnsServer}, the {@link PushCredentials} they
 * generate, one {@link PushSink} they record into and the {@link PushFaults} they inject.
 */
public final class PushServers implements Closeable {

    private final PushCredentials credentials;
    private final PushSink sink;
    private final PushFaults faults;
    private final Integer configuredFcmPort;
    private final Integer configuredApnsPort;
    private final FcmServer fcm;
    private final ApnsServer apns;

    /**
     * @param credentialsDir where the credentials are kept
     * @param fcmPort        the FCM server's port, 0 for a free one, or null for no FCM server
     * @param apnsPort       the APNs server's port, 0 for a free one, or null for no APNs server
     * @param maxRecorded    most pushes kept, at least 1
     * @param clock          the time of tokens and arrivals
     * @throws IllegalArgumentException when neither server is asked for, or maxRecorded is below 1
     */
    public PushServers(Path credentialsDir, Integer fcmPort, Integer apnsPort, int maxRecorded, Clock clock) {
        if (fcmPort == null && apnsPort == null) {
            throw new IllegalArgumentException("no push server: give an FCM or an APNs port");
        }
        this.credentials = new PushCredentials(Objects.requireNonNull(credentialsDir, "credentialsDir"));
        this.sink = new PushSink(maxRecorded);
        this.faults = new PushFaults(clock);
        this.configuredFcmPort = fcmPort;
        this.configuredApnsPort = apnsPort;
        this.fcm = fcmPort == null ? null : new FcmServer(credentials, sink, faults, clock);
        this.apns = apnsPort == null ? null : new ApnsServer(credentials, sink, faults, clock);
    }

    /**
     * Starts the FCM server, then the APNs server, making sure of their credentials; on failure closes what started.
     *
     * @param host the address both bind
     * @throws io.herald.smsc.PortInUseException when a port is taken
     * @throws IOException when a server cannot start or its credentials cannot be made
     */
    public void start(String host) throws IOException {
        try {
            if (fcm != null) {
                fcm.start(host, configuredFcmPort);
            }
            if (apns != null) {
                apns.start(host, configuredApnsPort);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** @return whether an FCM server runs */
    public boolean fcmEnabled() {
        return fcm != null;
    }

    /** @return whether an APNs server runs */
    public boolean apnsEnabled() {
        return apns != null;
    }

    /** @return the FCM server's bound port, or -1 without one */
    public int fcmPort() {
        return fcm == null ? -1 : fcm.port();
    }

    /** @return the APNs server's bound port, or -1 without one */
    public int apnsPort() {
        return apns == null ? -1 : apns.port();
    }

    /** @return the FCM project id, or null without an FCM server */
    public String fcmProjectId() {
        return fcm == null ? null : fcm.projectId();
    }

    /** @return the credentials directory and the names in it */
    public PushCredentials credentials() {
        return credentials;
    }

    /** @return the counters since start or the last {@link #reset()} */
    public PushStats stats() {
        return sink.stats();
    }

    /**
     * @param filter which pushes to return
     * @return the recorded pushes that match, in arrival order
     */
    public List<ReceivedPush> pushes(Predicate<ReceivedPush> filter) {
        return sink.find(filter);
    }

    /** @return the live faults, to change in process */
    public PushFaults faults() {
        return faults;
    }

    /** Forgets every push and counter and clears the faults; the credentials and issued tokens stay valid. */
    public void reset() {
        sink.clear();
        faults.clear();
    }

    /** Stops both servers. Idempotent. */
    @Override
    public void close() {
        if (apns != null) {
            apns.close();
        }
        if (fcm != null) {
            fcm.close();
        }
    }
}
