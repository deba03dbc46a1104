package io.herald.schema;

import io.herald.schema.internal.MessageReceipts;
import io.herald.schema.internal.PartReceipt;
import io.herald.schema.internal.ReceiptCorrelation;
import io.herald.schema.internal.SubmittedPart;
import java.util.List;
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

    /** Every generated record and enum class of Herald's schemas, nested ones too. */
    private static final List<Class<?>> GENERATED = List.of(NotificationRequest.class, Channel.class,
            PushPlatform.class, PushPriority.class, QuietHours.class, PriorityLane.class, DeliveryStatus.class,
            DeliveryState.class,
            DeliveryReceipt.class, ReceiptCorrelation.class, SubmittedPart.class, PartReceipt.class,
            MessageReceipts.class, BatchIntake.class, BatchSource.class, RecipientRejection.class,
            StatusCallbackTarget.class);

    private TrustedAvroClasses() {
    }

    /** Adds Herald's generated Avro classes to Avro's global class-security predicate. Idempotent, thread-safe. */
    public static synchronized void install() {
        ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
        if (GENERATED.stream().allMatch(current::isTrusted)) {
            return;
        }
        ClassSecurityValidator.Builder herald = ClassSecurityValidator.builder();
        GENERATED.forEach(herald::add);
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(current, herald.build()));
    }
}
