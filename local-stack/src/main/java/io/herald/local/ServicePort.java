package io.herald.local;

/** The TCP ports the local stack listens on, by what listens; used to name a port in error messages. */
public enum ServicePort {
    /** Kafka's PLAINTEXT listener (clients connect here). */
    KAFKA("Kafka broker"),
    /** Kafka's KRaft CONTROLLER listener. */
    KAFKA_CONTROLLER("Kafka controller"),
    /** Apicurio Registry's HTTP port. */
    REGISTRY("schema registry"),
    /** The SMSC simulator's SMPP port. */
    SMSC_SMPP("SMSC simulator SMPP"),
    /** The SMSC simulator's HTTP API port. */
    SMSC_HTTP("SMSC simulator HTTP"),
    /** The ingest-service's application (REST) port. */
    INGEST("ingest-service"),
    /** The ingest-service's Dropwizard admin port. */
    INGEST_ADMIN("ingest-service admin"),
    /** A dispatcher's admin (health, metrics) port. */
    DISPATCHER_ADMIN("dispatcher admin");

    private final String description;

    ServicePort(String description) {
        this.description = description;
    }

    /** @return what listens on the port, for humans, e.g. {@code Kafka broker} */
    public String description() {
        return description;
    }
}
