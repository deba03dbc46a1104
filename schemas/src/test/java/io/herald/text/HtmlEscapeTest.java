package io.herald.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HtmlEscapeTest {

    @Test
    void escapesTheFiveMarkupCharacters() {
        assertThat(HtmlEscape.text("<script>alert('x')</script> & \"q\""))
                .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
    }

    @Test
    void returnsPlainTextAsItIs() {
        String plain = "Grüße, Ola – 42";

        assertThat(HtmlEscape.text(plain)).isSameAs(plain);
        assertThat(HtmlEscape.text(null)).isNull();
    }

    @Test
    void escapesEveryValueOfAMapAndKeepsNullValues() {
        Map<String, String> vars = new HashMap<>();
        vars.put("name", "<b>Ola</b>");
        vars.put("missing", null);

        assertThat(HtmlEscape.values(vars)).containsEntry("name", "&lt;b&gt;Ola&lt;/b&gt;")
                .containsEntry("missing", null);
        assertThat(HtmlEscape.values(null)).isNull();
    }
}
