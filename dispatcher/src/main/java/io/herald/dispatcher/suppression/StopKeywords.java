package io.herald.dispatcher.suppression;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The opt-out keywords of {@code suppression.stop.keywords}, compared case-insensitively with a trimmed SMS text. */
public final class StopKeywords {

    private final Set<String> keywords;

    /** @param keywords the keywords, e.g. {@code STOP}, {@code STOPP}, {@code UNSUBSCRIBE}; blank ones are ignored */
    public StopKeywords(Collection<String> keywords) {
        this.keywords = keywords.stream().map(String::strip).filter(k -> !k.isEmpty())
                .map(k -> k.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * @param text an SMS text, or null
     * @return whether the text, trimmed of white space, equals one of the keywords ignoring case
     */
    public boolean matches(String text) {
        return text != null && keywords.contains(text.strip().toUpperCase(Locale.ROOT));
    }
}
