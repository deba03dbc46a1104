package io.herald.cli;

import io.herald.schema.Channel;
import io.herald.schema.DeliveryState;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.NotificationRequest;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Lets Avro load Herald's generated record classes by name. Avro 1.12 refuses to instantiate any class outside
 * {@code java.*} and a few of its own unless trusted (a guard against deserialization gadgets); the Apicurio serde
 * resolves {@link NotificationRequest} and {@link DeliveryStatus} by name, so without this every record would fail
 * with {@code SecurityException: Forbidden io.herald.schema.DeliveryStatus} (in the demo, the status tracker
 * would stop). Only the generated classes are added; the guard stays on for everything else, and the
 * {@code org.apache.avro.SERIALIZABLE_*} system properties still apply. (The ingest service and the dispatcher have
 * the same class; it belongs in {@code herald-schemas}.)
 */
final class TrustedAvroClasses {

    private TrustedAvroClasses() {
    }

    /** Adds Herald's generated Avro classes to Avro's global class-security predicate. Idempotent, thread-safe. */
    static synchronized void install() {
        ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
        if (current.isTrusted(NotificationRequest.class) && current.isTrusted(DeliveryStatus.class)) {
            return;
        }
        ClassSecurityPredicate herald = ClassSecurityValidator.builder()
                .add(NotificationRequest.class)
                .add(Channel.class)
                .add(DeliveryStatus.class)
                .add(DeliveryState.class)
                .build();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(current, herald));
    }
}
