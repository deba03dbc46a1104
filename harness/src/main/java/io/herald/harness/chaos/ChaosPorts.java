package io.herald.harness.chaos;

/**
 * The ports of the chaos stack on 127.0.0.1; 0 means "a free port". The stack
 * ({@link io.herald.local.HeraldStack}) picks the free ones once, so that a process restarted during a scenario comes
 * back on the port its clients know.
 *
 * @param kafka Kafka PLAINTEXT port
 * @param controller Kafka KRaft controller port
 * @param registry Apicurio registry HTTP port
 * @param smsc SMSC simulator SMPP port
 * @param smscHttp SMSC simulator HTTP API port
 * @param ingest ingest-service REST port
 * @param ingestAdmin ingest-service admin port
 * @param dispatcherAdmin admin port of the first dispatcher; the n-th uses this + n - 1 (0: n free ports)
 */
public record ChaosPorts(int kafka, int controller, int registry, int smsc, int smscHttp, int ingest,
                         int ingestAdmin, int dispatcherAdmin) {

    /** @return every port 0: all picked free at start, as the tests want */
    public static ChaosPorts free() {
        return new ChaosPorts(0, 0, 0, 0, 0, 0, 0, 0);
    }
}
