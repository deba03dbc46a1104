package io.herald.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.Test;

/** Every named type of Herald's schemas (records and enums, nested too) is a class Avro may load once installed. */
class TrustedAvroClassesTest {

    @Test
    void everyGeneratedClassOfTheSchemasIsTrusted() throws ClassNotFoundException {
        TrustedAvroClasses.install();
        Set<String> names = new LinkedHashSet<>();
        for (Schema schema : List.of(NotificationRequest.getClassSchema(), DeliveryStatus.getClassSchema(),
                DeliveryReceipt.getClassSchema(), BatchIntake.getClassSchema(),
                io.herald.schema.internal.ReceiptCorrelation.getClassSchema(),
                io.herald.schema.internal.MessageReceipts.getClassSchema())) {
            collect(schema, names);
        }

        assertThat(names).contains("io.herald.schema.PushPlatform", "io.herald.schema.PushPriority");
        List<String> untrusted = new ArrayList<>();
        for (String name : names) {
            if (!ClassSecurityValidator.getGlobal().isTrusted(Class.forName(name))) {
                untrusted.add(name);
            }
        }
        assertThat(untrusted).as("generated classes TrustedAvroClasses does not add").isEmpty();
    }

    private static void collect(Schema schema, Set<String> names) {
        switch (schema.getType()) {
            case RECORD -> {
                if (names.add(SpecificData.getClassName(schema))) {
                    schema.getFields().forEach(field -> collect(field.schema(), names));
                }
            }
            case ENUM -> names.add(SpecificData.getClassName(schema));
            case UNION -> schema.getTypes().forEach(type -> collect(type, names));
            case ARRAY -> collect(schema.getElementType(), names);
            case MAP -> collect(schema.getValueType(), names);
            default -> { }
        }
    }
}
