package io.herald.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageTemplateTest {

    @Test
    void shouldReplaceEveryPlaceholderWithTheRecipientsValue() {
        // given
        MessageTemplate template = MessageTemplate.parse("Hi {{name}}, your code is {{code}}. Bye {{name}}!");

        // when
        String text = template.render(Map.of("name", "Ola", "code", "1234"));

        // then
        assertThat(text).isEqualTo("Hi Ola, your code is 1234. Bye Ola!");
        assertThat(template.variables()).containsExactly("name", "code");
    }

    @Test
    void shouldAllowWhitespaceAndDotsDashesUnderscoresInNames() {
        // given
        MessageTemplate template = MessageTemplate.parse("{{ user.first_name }} {{\tlast-name\t}}{{x9}}");

        // when
        String text = template.render(Map.of("user.first_name", "Kari", "last-name", "Nordmann", "x9", "!"));

        // then
        assertThat(text).isEqualTo("Kari Nordmann!");
    }

    @Test
    void shouldRejectARecipientWithoutAVariableTheTemplateUses() {
        // given
        MessageTemplate template = MessageTemplate.parse("Hi {{name}}, your code is {{code}}");

        // when / then
        assertThatThrownBy(() -> template.render(Map.of("name", "Ola")))
                .isInstanceOf(MissingVariableException.class)
                .hasMessage("missing variable 'code'")
                .extracting(e -> ((MissingVariableException) e).variable()).isEqualTo("code");
    }

    @Test
    void shouldTreatANullValueOrNullVarsAsMissing() {
        // given
        MessageTemplate template = MessageTemplate.parse("Hi {{name}}");
        Map<String, String> vars = new HashMap<>();
        vars.put("name", null);

        // when / then
        assertThatThrownBy(() -> template.render(vars)).hasMessage("missing variable 'name'");
        assertThatThrownBy(() -> template.render(null)).hasMessage("missing variable 'name'");
    }

    @Test
    void shouldRenderATemplateWithoutPlaceholdersWithoutVars() {
        assertThat(MessageTemplate.parse("Plain { text } with }} and \\ backslash").render(null))
                .isEqualTo("Plain { text } with }} and \\ backslash");
    }

    @Test
    void shouldTurnEscapedBracesIntoLiteralBraces() {
        // given a template with \{{ before a would-be placeholder
        MessageTemplate template = MessageTemplate.parse("Use \\{{name}} to greet {{name}}");

        // when
        String text = template.render(Map.of("name", "Ola"));

        // then
        assertThat(text).isEqualTo("Use {{name}} to greet Ola");
        assertThat(template.variables()).containsExactly("name");
    }

    @Test
    void shouldInsertValuesVerbatimWithoutEvaluatingThem() {
        // given values that look like placeholders, expressions or script
        MessageTemplate template = MessageTemplate.parse("A={{a}} B={{b}} C={{c}}");

        // when
        String text = template.render(Map.of("a", "{{b}}", "b", "${java.version} #{1+1} <%= 7*7 %>",
                "c", "\\{{a}}"));

        // then nothing was expanded
        assertThat(text).isEqualTo("A={{b}} B=${java.version} #{1+1} <%= 7*7 %> C=\\{{a}}");
    }

    @Test
    void shouldKeepUnicodeAndCountCodePoints() {
        // given emoji (two UTF-16 units each) and non-Latin text
        MessageTemplate template = MessageTemplate.parse("Hei {{name}} 😀 – ø æ å ✓");

        // when
        String text = template.render(Map.of("name", "Åse 日本"));

        // then the literal part "Hei " + " 😀 – ø æ å ✓" counts 4 + 12 code points
        assertThat(text).isEqualTo("Hei Åse 日本 😀 – ø æ å ✓");
        assertThat(template.literalLength()).isEqualTo(16);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hi {{name", "Hi {{ }}", "Hi {{a b}}", "Hi {{na$me}}", "{{{name}}}", "Hi {{}}"})
    void shouldRefuseMalformedPlaceholders(String text) {
        assertThatThrownBy(() -> MessageTemplate.parse(text))
                .isInstanceOf(InvalidTemplateException.class)
                .hasMessageContaining("offset");
    }

    @Test
    void shouldGiveTheOffsetOfTheBadPlaceholder() {
        assertThatThrownBy(() -> MessageTemplate.parse("Hi {{ok}} and {{not ok}}"))
                .hasMessageStartingWith("invalid placeholder name at offset 14");
    }
}
