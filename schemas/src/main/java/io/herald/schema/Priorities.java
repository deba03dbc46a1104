package io.herald.schema;

import java.util.Locale;
import java.util.Optional;

/**
 * The names of the priority lanes as the REST API, the bulk loader and the configuration write them: {@code high},
 * {@code normal} and {@code bulk} ({@link PriorityLane}, {@link Topics#requestsTopic}).
 */
public final class Priorities {

    private Priorities() {
    }

    /**
     * @param name {@code high}, {@code normal} or {@code bulk}, in any case, surrounding blanks ignored
     * @return its lane; empty if the name is null or none of the three
     */
    public static Optional<PriorityLane> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "high" -> Optional.of(PriorityLane.HIGH);
            case "normal" -> Optional.of(PriorityLane.NORMAL);
            case "bulk" -> Optional.of(PriorityLane.BULK);
            default -> Optional.empty();
        };
    }

    /**
     * @param lane a lane, or null for {@link PriorityLane#NORMAL}
     * @return its name, lower-case: {@code high}, {@code normal} or {@code bulk}
     */
    public static String name(PriorityLane lane) {
        return (lane == null ? PriorityLane.NORMAL : lane).name().toLowerCase(Locale.ROOT);
    }
}
