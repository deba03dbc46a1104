package io.herald.dispatcher.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopKeywordsTest {

    private final StopKeywords keywords = new StopKeywords(List.of("STOP", "Stopp", " unsubscribe "));

    @Test
    void matchesTrimmedTextIgnoringCase() {
        assertThat(keywords.matches("STOP")).isTrue();
        assertThat(keywords.matches(" stop\n")).isTrue();
        assertThat(keywords.matches("sToPp")).isTrue();
        assertThat(keywords.matches("Unsubscribe")).isTrue();
    }

    @Test
    void doesNotMatchOtherTexts() {
        assertThat(keywords.matches("STOP please")).isFalse();
        assertThat(keywords.matches("stopper")).isFalse();
        assertThat(keywords.matches("")).isFalse();
        assertThat(keywords.matches(null)).isFalse();
        assertThat(new StopKeywords(List.of()).matches("STOP")).isFalse();
    }
}
