package io.herald.schema;

import io.herald.schema.internal.MessageReceipts;
import io.herald.schema.internal.PartReceipt;
import io.herald.schema.internal.ReceiptCorrelation;
import io.herald.schema.internal.SubmittedPart;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Lets Avro load Herald's generated record classes by name. Avro 1.12 refuses to instantiate any class outside
 * {@code java.*} and a few of its own unless trusted (a guard against deserialization gadgets), and the Apicurio
 * serializer resolves {@link NotificationRequest} by name: without this, every send fails with
 * {@code SecurityException: Forbidden io.herald.schema.NotificationRequest}. Only the generated classes are added;
 * the guard stays on for everything else, and the {@code org.apache.avro.SERIALIZABLE_*} system properties still
 * apply.
 */
public final class TrustedAvroClasses {

    private TrustedAvroClasses() {
    }

    /** Adds Herald's generated Avro classes to Avro's global class-security predicate. Idempotent, thread-safe. */
    public static synchronized void install() {
        ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
        if (current.isTrusted(NotificationRequest.class) && current.isTrusted(DeliveryStatus.class)
                && current.isTrusted(DeliveryReceipt.class) && current.isTrusted(MessageReceipts.class)
                && current.isTrusted(BatchIntake.class) && current.isTrusted(PushPlatform.class)) {
            return;
        }
        ClassSecurityPredicate herald = ClassSecurityValidator.builder()
                .add(NotificationRequest.class)
                .add(Channel.class)
                .add(PushPlatform.class)
                .add(PushPriority.class)
                .add(DeliveryStatus.class)
                .add(DeliveryState.class)
                .add(DeliveryReceipt.class)
                .add(ReceiptCorrelation.class)
                .add(SubmittedPart.class)
                .add(PartReceipt.class)
                .add(MessageReceipts.class)
                .add(BatchIntake.class)
                .add(BatchSource.class)
                .build();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(current, herald));
    }
}
